import net from "node:net";

/** A TCP port on 127.0.0.1 that was free a moment ago (nothing listens on it until someone binds it). */
export async function findFreePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve, reject) => {
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = probe.address() as net.AddressInfo; // listening on TCP, so an AddressInfo
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}
