import { parseServerOptions } from "../../../scripts/lib/server-options";

/** `npm start` takes `next start`'s options, so README, docs and scripts that used it keep working. */
describe("parseServerOptions", () => {
  it("reads -p/--port and -H/--hostname, the port from PORT when no flag gives it, else 3000 on every interface", () => {
    expect(parseServerOptions(["-p", "4000", "-H", "127.0.0.1"], {}, "/app")).toEqual({ dir: "/app", port: 4000, hostname: "127.0.0.1", keepAliveTimeoutMs: undefined });
    expect(parseServerOptions(["--port=4001", "--hostname", "::1", "--keepAliveTimeout", "70000"], { PORT: "5000" }, "/app")).toEqual({
      dir: "/app",
      port: 4001,
      hostname: "::1",
      keepAliveTimeoutMs: 70000,
    });
    expect(parseServerOptions([], { PORT: "5000", HOSTNAME: "container-id" }, "/app")).toEqual({ dir: "/app", port: 5000, hostname: undefined, keepAliveTimeoutMs: undefined });
    expect(parseServerOptions(["/srv/keyforge"], {}, "/app")).toMatchObject({ dir: "/srv/keyforge", port: 3000 });
  });

  it("refuses a port that is not a positive integer, and an unknown option", () => {
    expect(() => parseServerOptions(["-p", "http"], {}, "/app")).toThrow('--port must be a positive integer, not "http"');
    expect(() => parseServerOptions(["--turbo"], {}, "/app")).toThrow();
  });
});
