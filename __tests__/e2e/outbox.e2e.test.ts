import { AppClient } from "./helpers/app-client";
import { startAppServer, type AppServer } from "./helpers/app-server";

/**
 * The measured loss with real processes: instance B takes a password
 * reset while its mail server refuses, then B stops; instance A (same
 * database, its mail server accepting) delivers the mail from the outbox,
 * exactly once. Short retry delays, lease and poll interval keep it quick.
 */

const env = { MAIL_RETRY_DELAYS_SECONDS: "1,1,1", OUTBOX_POLL_SECONDS: "1", MAIL_LEASE_SECONDS: "3" };
const RESET_SUBJECT = /^Reset your KeyForge password$/;

let a: AppServer;
let b: AppServer;

beforeAll(async () => {
  a = await startAppServer({ env });
  b = await startAppServer({ env, instanceOf: a });
}, 150_000);

afterAll(async () => {
  await b?.stop();
  await a?.stop();
});

test("a reset taken by an instance whose mail server refused, and which then stopped, is delivered once by the other", async () => {
  const email = "durable@example.com";
  const signup = await new AppClient(a.baseUrl).request("POST", "/api/auth/signup", { name: "Durable", email, password: "violet-Harbor-42-lantern" });
  expect(signup.status).toBe(201);

  b.mail.setBehaviour("refuse");
  const offered = b.mail.offered();
  const asked = await new AppClient(b.baseUrl).request<{ message: string }>("POST", "/api/auth/forgot-password", { email });
  expect(asked.status).toBe(200);
  // B's first attempt was refused; then B goes away.
  while (b.mail.offered() === offered) await new Promise((resolve) => setTimeout(resolve, 50));
  await b.stop();

  const mail = await a.mail.waitForMail(email, { subject: RESET_SUBJECT, timeoutMs: 30_000 });
  expect(mail.links.some((link) => link.includes("/auth/reset-password"))).toBe(true);
  // Several more polls of A's worker: nothing is sent again.
  await new Promise((resolve) => setTimeout(resolve, 4_000));
  expect(a.mail.mailsTo(email).filter((received) => RESET_SUBJECT.test(received.subject))).toHaveLength(1);
  expect(b.mail.mailsTo(email)).toEqual([]);
}, 90_000);
