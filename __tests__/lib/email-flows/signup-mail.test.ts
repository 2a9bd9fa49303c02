/** @jest-environment-options {"env": {"OUTBOX_MAX_QUEUED": "3"}} */
import * as signupRoute from "@/pages/api/auth/signup";
import { emailWorkSettled } from "@/lib/email-flows";
import { APP_ORIGIN } from "../../helpers/auth";
import { callRoute } from "../../helpers/http";
import { smtpServerForThisFile } from "../../helpers/mail";
import { createTestUser, rawCollection } from "../../helpers/users";

/**
 * A sign-up's first verification mail is a job in the outbox, inserted
 * before the account: a 201 means the mail is owed and durable. Found by the
 * soak: the job used to be queued after the account was created, and a
 * failure to queue it (a full outbox, a slow database) was only logged, so a
 * sign-up could answer 201 with its mail lost.
 */

const mailServer = smtpServerForThisFile();
const smtp = () => mailServer.current();
const person = (email: string) => ({ name: "Ada Lovelace", email, password: "Analytical-Engine-1843" });

function signUp(email: string) {
  return callRoute<{ error?: { code: string } }>(signupRoute, { method: "POST", json: person(email), headers: { origin: APP_ORIGIN } });
}

afterEach(async () => {
  await (await rawCollection("outbox")).deleteMany({});
});

it("answers 503 and creates no account when the outbox cannot take the verification mail", async () => {
  // Three mails waiting for their next attempt, an hour from now: the outbox is at OUTBOX_MAX_QUEUED.
  const later = new Date(Date.now() + 60 * 60 * 1000);
  await (await rawCollection("outbox")).insertMany(
    ["a", "b", "c"].map((n) => ({ state: "queued", kind: "filler", recipientHash: n, recipient: n, nextAttemptAt: later, leaseUntil: later, attempts: 0, claims: 0 })),
  );
  const res = await signUp("full.outbox@example.com");
  expect(res.status).toBe(503);
  expect(res.body.error?.code).toBe("MAIL_UNAVAILABLE");
  expect(await (await rawCollection("users")).findOne({ email: "full.outbox@example.com" })).toBeNull();
});

it("has the verification job in the outbox before it answers 201, and the mail arrives", async () => {
  const res = await signUp("durable.signup@example.com");
  expect(res.status).toBe(201);
  await emailWorkSettled();
  expect(smtp().mailsTo("durable.signup@example.com")).toHaveLength(1);
  expect(await (await rawCollection("outbox")).findOne({ kind: "verify-email" })).toMatchObject({ state: "sent" });
});

it("leaves no job behind when the address is taken (409)", async () => {
  const taken = await createTestUser({ email: "taken.signup@example.com" });
  const res = await signUp(taken.email);
  expect(res.status).toBe(409);
  await emailWorkSettled();
  expect(await (await rawCollection("outbox")).countDocuments({})).toBe(0);
  expect(smtp().mailsTo(taken.email)).toEqual([]);
});
