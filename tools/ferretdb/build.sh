#!/usr/bin/env bash
# Builds FerretDB (pinned in go.mod next to this script, verified by its go.sum)
# into ${XDG_CACHE_HOME:-$HOME/.cache}/keyforge once, and prints the binary's
# path: the only line it writes to stdout. Used by .ci/run, and by `npm run dev`,
# `npm run seed` and `npm test` when MongoDB cannot be downloaded.
#
# FerretDB's release check wants build/version/version.txt, which its own build
# generates (`task gen-version`); a module download does not carry it, so we
# build from a writable copy of the verified module with that one file added.
#
# Two builds at once are safe: each writes its own temporary folder inside the
# cache folder and renames its binary into place (atomic on one file system);
# both binaries are the same, so whichever rename comes last does no harm.
set -euo pipefail

tools_dir="$(cd "$(dirname "$0")" && pwd)"
version="$(cd "$tools_dir" && GOTOOLCHAIN=local go list -m -f '{{.Version}}' github.com/FerretDB/FerretDB)"
cache_dir="${XDG_CACHE_HOME:-$HOME/.cache}/keyforge"
binary="$cache_dir/ferretdb-$version"

if [ ! -x "$binary" ]; then
  mkdir -p "$cache_dir"
  module_dir="$(cd "$tools_dir" && GOTOOLCHAIN=local go mod download -json github.com/FerretDB/FerretDB | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
  source_dir="$(mktemp -d)"
  output_dir="$(mktemp -d "$cache_dir/.build-$version.XXXXXX")"
  trap 'rm -rf "$source_dir" "$output_dir"' EXIT
  cp -r "$module_dir/." "$source_dir/"
  chmod -R u+w "$source_dir"
  echo "$version" > "$source_dir/build/version/version.txt"
  (cd "$source_dir" && GOTOOLCHAIN=local go build -trimpath -o "$output_dir/ferretdb" ./cmd/ferretdb) >&2
  mv -f "$output_dir/ferretdb" "$binary"
fi
echo "$binary"
