/** @jest-environment-options {"env": {"EMAIL_MAX_PER_IP_PER_HOUR": "1000", "EMAIL_MAX_PER_ADDRESS_PER_HOUR": "100", "EMAIL_CODE_TRIES_PER_ADDRESS_PER_HOUR": "12", "EMAIL_CODE_TRIES_PER_IP_PER_HOUR": "1000"}} */
import * as verifyEmailRoute from "@/pages/api/auth/verify-email";
import * as verificationRoute from "@/pages/api/user/email/verification";
import * as verifyCodeRoute from "@/pages/api/user/email/verify-code";
import { emailWorkSettled } from "@/lib/email-flows";
import { APP_ORIGIN, CookieJar, signIn, signUp } from "../../../helpers/auth";
import { callRoute } from "../../../helpers/http";
import { smtpServerForThisFile, tokenIn } from "../../../helpers/mail";
import type { ReceivedMail } from "../../../helpers/smtp";
import { GOOD_PASSWORD, rawCollection, usersCollection } from "../../../helpers/users";

/**
 * The 6-digit code the verification mail carries next to its link, typed in
 * while signed in: POST /api/user/email/verify-code. Right, wrong, five
 * tries, expired, single use, replaced by a resend, stored hashed, limited.
 */
const mailServer = smtpServerForThisFile();
const smtp = () => mailServer.current();

const ORIGIN = { origin: APP_ORIGIN };
const VERIFY_SUBJECT = /^Confirm your email for KeyForge$/;

interface Answer {
  email?: string;
  emailVerified?: string;
  error?: { code: string; message: string; fields?: Record<string, string[]> };
}

function codeIn(mail: ReceivedMail): string {
  const found = /Your confirmation code is (\d{6})\./.exec(mail.text);
  if (!found?.[1]) throw new Error(`no code in "${mail.subject}"`);
  return found[1];
}

function typeCode(jar: CookieJar, code: unknown) {
  return callRoute<Answer>(verifyCodeRoute, { method: "POST", jar, json: { code }, headers: ORIGIN });
}

function resend(jar: CookieJar) {
  return callRoute<{ message?: string }>(verificationRoute, { method: "POST", jar, headers: ORIGIN });
}

/** The newest verification mail to `email`, once `count` of them arrived. */
async function newestMail(email: string, count: number): Promise<ReceivedMail> {
  await emailWorkSettled();
  const mails = smtp().mailsTo(email).filter((mail) => VERIFY_SUBJECT.test(mail.subject));
  expect(mails).toHaveLength(count);
  return mails[count - 1]!;
}

/** A code other than `code`. */
const wrongFor = (code: string) => (code === "000000" ? "111111" : "000000");

let counter = 0;

/** Signs up through the API and signs in: the account, its browser, and the code of the mail sign-up sent. */
async function signedUp() {
  counter += 1;
  const email = `code${counter}@example.com`;
  const created = await signUp({ name: `Coder ${counter}`, email, password: GOOD_PASSWORD });
  expect(created.status).toBe(201);
  const jar = new CookieJar();
  expect((await signIn(jar, { email, password: GOOD_PASSWORD })).error).toBeNull();
  const mail = await smtp().waitForMail(email, { subject: VERIFY_SUBJECT });
  return { email, jar, code: codeIn(mail), mail };
}

async function verifiedAt(email: string): Promise<unknown> {
  return (await (await usersCollection()).findOne({ email }))?.emailVerified;
}

async function codeTokensOf(email: string) {
  const user = await (await usersCollection()).findOne({ email });
  return (await rawCollection("verificationTokens")).find({ userId: user?._id, purpose: "verify-email-code" }).toArray();
}

describe("POST /api/user/email/verify-code", () => {
  it("verifies the address with the code from the sign-up mail, which also carries the link; the code then no longer exists", async () => {
    const { email, jar, code, mail } = await signedUp();
    expect(mail.text).toContain("works once, for 10 minutes");
    const link = tokenIn(mail, "/auth/verify-email");
    expect(await verifiedAt(email)).toBeNull();

    const res = await typeCode(jar, `${code.slice(0, 3)} ${code.slice(3)}`);

    expect(res.status).toBe(200);
    expect(res.body).toEqual({ email, emailVerified: expect.any(String) });
    expect(await verifiedAt(email)).toBeInstanceOf(Date);
    // Single use: the code is gone, and so is the link it came with.
    expect(await codeTokensOf(email)).toEqual([]);
    const linkAnswer = await callRoute<Answer>(verifyEmailRoute, { method: "POST", json: { token: link, password: GOOD_PASSWORD }, headers: ORIGIN });
    expect(linkAnswer.body.error?.code).toBe("LINK_INVALID");
  });

  it("stores only a keyed hash of the code, bound to the account", async () => {
    const { email, code } = await signedUp();
    const [stored, ...others] = await codeTokensOf(email);
    expect(others).toEqual([]);
    expect(stored?.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(JSON.stringify(stored)).not.toContain(code);
    expect(stored?.expires.getTime() - stored?.createdAt.getTime()).toBeLessThanOrEqual(10 * 60 * 1000 + 1000);
  });

  it("refuses a wrong code on the field, saying how many tries are left; the right one still works", async () => {
    const { email, jar, code } = await signedUp();

    const wrong = await typeCode(jar, wrongFor(code));

    expect(wrong.status).toBe(400);
    expect(wrong.body.error).toMatchObject({ code: "CODE_INVALID", message: "That code is not right. 4 tries left." });
    expect(wrong.body.error?.fields?.code).toEqual(["That code is not right. 4 tries left."]);
    expect(await verifiedAt(email)).toBeNull();
    expect((await typeCode(jar, code)).status).toBe(200);
  });

  it("allows 5 tries: after the fifth wrong one the code is dead, even typed right, until a new one is sent", async () => {
    const { email, jar, code } = await signedUp();
    const answers = [];
    for (let attempt = 0; attempt < 5; attempt++) answers.push((await typeCode(jar, wrongFor(code))).body.error?.code);
    expect(answers).toEqual(["CODE_INVALID", "CODE_INVALID", "CODE_INVALID", "CODE_INVALID", "CODE_EXPIRED"]);

    const right = await typeCode(jar, code);
    expect(right.status).toBe(400);
    expect(right.body.error).toMatchObject({ code: "CODE_EXPIRED", message: expect.stringMatching(/^Too many wrong tries.*Send a new code/) });
    expect(await verifiedAt(email)).toBeNull();

    expect((await resend(jar)).status).toBe(200);
    const fresh = codeIn(await newestMail(email, 2));
    expect((await typeCode(jar, fresh)).status).toBe(200);
  });

  it("counts tries sent at the same moment: of 8 wrong ones at once, at most 4 say tries are left, and the code is then dead", async () => {
    const { jar, code } = await signedUp();
    const answers = await Promise.all(Array.from({ length: 8 }, () => typeCode(jar, wrongFor(code))));
    expect(answers.map((answer) => answer.status)).toEqual(Array.from({ length: 8 }, () => 400));
    expect(answers.filter((answer) => answer.body.error?.code === "CODE_INVALID").length).toBeLessThanOrEqual(4);
    expect((await typeCode(jar, code)).body.error?.code).toBe("CODE_EXPIRED");
  });

  it("refuses an expired code with CODE_EXPIRED", async () => {
    const { email, jar, code } = await signedUp();
    // The code's clock: its expiry, moved into the past (as the link tests age their tokens).
    await (await rawCollection("verificationTokens")).updateMany({ email, purpose: "verify-email-code" }, { $set: { expires: new Date(Date.now() - 1000) } });

    const res = await typeCode(jar, code);

    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: "CODE_EXPIRED", message: expect.stringContaining("codes work for 10 minutes") });
    expect(await verifiedAt(email)).toBeNull();
  });

  it("lets only the newest code work: a resend makes the earlier one wrong", async () => {
    const { email, jar, code: first } = await signedUp();
    expect((await resend(jar)).status).toBe(200);
    const second = codeIn(await newestMail(email, 2));

    if (first !== second) expect((await typeCode(jar, first)).body.error?.code).toBe("CODE_INVALID");
    expect((await codeTokensOf(email)).length).toBe(1);
    expect((await typeCode(jar, second)).status).toBe(200);
  });

  it("answers 200 with the state when already verified, 400 to a code that is not 6 digits, 401 signed out, 403 cross-site", async () => {
    const { email, jar, code } = await signedUp();
    expect((await typeCode(jar, "12345")).body.error?.code).toBe("VALIDATION_FAILED");
    expect((await typeCode(jar, "abcdef")).body.error?.fields?.code).toEqual(["Enter the 6 digits from the email"]);
    expect((await typeCode(new CookieJar(), code)).status).toBe(401);
    expect((await callRoute(verifyCodeRoute, { method: "POST", jar, json: { code }, headers: { origin: "https://evil.example" } })).status).toBe(403);
    expect(await verifiedAt(email)).toBeNull();
    expect((await typeCode(jar, code)).status).toBe(200);
    const again = await typeCode(jar, code);
    expect(again.status).toBe(200);
    expect(again.body.email).toBe(email);
  });

  it("limits tries per address across codes (429 with Retry-After), whatever code is typed", async () => {
    const { email, jar, code } = await signedUp();
    // EMAIL_CODE_TRIES_PER_ADDRESS_PER_HOUR is 12 here: two codes' five tries, and two more.
    for (let attempt = 0; attempt < 5; attempt++) await typeCode(jar, wrongFor(code));
    expect((await resend(jar)).status).toBe(200);
    const second = codeIn(await newestMail(email, 2));
    for (let attempt = 0; attempt < 5; attempt++) await typeCode(jar, wrongFor(second));
    expect((await resend(jar)).status).toBe(200);
    const third = codeIn(await newestMail(email, 3));
    expect((await typeCode(jar, wrongFor(third))).status).toBe(400);
    expect((await typeCode(jar, wrongFor(third))).status).toBe(400);

    const limited = await typeCode(jar, third);

    expect(limited.status).toBe(429);
    expect(limited.body.error?.code).toBe("RATE_LIMITED");
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await verifiedAt(email)).toBeNull();
  });
});
