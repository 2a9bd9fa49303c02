#!/usr/bin/env bash
# Builds FerretDB (pinned in tools/ferretdb/go.mod, verified by its go.sum) into a
# cache folder once, and prints the binary's path.
#
# FerretDB's release check wants build/version/version.txt, which its own build
# generates (`task gen-version`); a module download does not carry it, so we
# build from a writable copy of the verified module with that one file added.
set -euo pipefail

tools_dir="$(cd "$(dirname "$0")/../tools/ferretdb" && pwd)"
version="$(cd "$tools_dir" && GOTOOLCHAIN=local go list -m -f '{{.Version}}' github.com/FerretDB/FerretDB)"
cache_dir="${XDG_CACHE_HOME:-$HOME/.cache}/keyforge-ci"
binary="$cache_dir/ferretdb-$version"

if [ ! -x "$binary" ]; then
  mkdir -p "$cache_dir"
  module_dir="$(cd "$tools_dir" && GOTOOLCHAIN=local go mod download -json github.com/FerretDB/FerretDB | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
  build_dir="$(mktemp -d)"
  trap 'rm -rf "$build_dir"' EXIT
  cp -r "$module_dir/." "$build_dir/"
  chmod -R u+w "$build_dir"
  echo "$version" > "$build_dir/build/version/version.txt"
  (cd "$build_dir" && GOTOOLCHAIN=local go build -trimpath -o "$binary.tmp" ./cmd/ferretdb)
  mv "$binary.tmp" "$binary"
fi
echo "$binary"
