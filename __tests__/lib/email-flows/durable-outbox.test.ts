/** @jest-environment-options {"env": {"EMAIL_MAX_PER_ADDRESS_PER_HOUR": "10", "EMAIL_MAX_PER_IP_PER_HOUR": "1000"}} */
import * as forgotPasswordRoute from "@/pages/api/auth/forgot-password";
import * as resetPasswordRoute from "@/pages/api/auth/reset-password";
import { emailWorkSettled } from "@/lib/email-flows";
import { NEUTRAL_ANSWERS } from "@/lib/email-flows/shared";
import { getEnv } from "@/lib/core/env";
import { configuredOutbox, forgetDefaultOutbox } from "@/lib/mail";
import { APP_ORIGIN } from "../../helpers/auth";
import { callRoute } from "../../helpers/http";
import { smtpServerForThisFile, tokenIn } from "../../helpers/mail";
import { createTestUser, rawCollection } from "../../helpers/users";

/**
 * The measured loss, through the real route: with the mail server
 * refusing, a password reset was asked for, the app restarted, the server
 * came back, and the reset mail never arrived (the queue lived in the
 * process's memory). Now the request's job is in the `outbox` collection
 * before the answer; a new process (another instance id) finds the mail and
 * delivers it, exactly once.
 */

const mailServer = smtpServerForThisFile();
const smtp = () => mailServer.current();
const ORIGIN = { origin: APP_ORIGIN };
const RESET_SUBJECT = /^Reset your KeyForge password$/;

beforeEach(() => {
  jest.useFakeTimers({
    now: Date.now(),
    doNotFake: ["nextTick", "setImmediate", "setInterval", "setTimeout", "clearInterval", "clearTimeout", "clearImmediate", "queueMicrotask", "hrtime", "performance"],
  });
});
afterEach(() => jest.useRealTimers());

function forgot(email: string) {
  return callRoute<{ message?: string }>(forgotPasswordRoute, { method: "POST", json: { email }, headers: ORIGIN });
}

describe("a password reset asked for while the mail server refuses, across a restart", () => {
  it("arrives exactly once when a new process's worker finds it after the server came back, and its link works", async () => {
    const user = await createTestUser();
    smtp().setBehaviour("refuse");

    const res = await forgot(user.email);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ message: NEUTRAL_ANSWERS.forgotPassword });
    // The job ran in this process: the mail was made and refused.
    await emailWorkSettled();
    expect(smtp().mailsTo(user.email)).toEqual([]);
    const [queued, ...others] = await (await rawCollection("outbox")).find({}).toArray();
    expect(others).toEqual([]);
    expect(queued).toMatchObject({ state: "queued", kind: "password-reset", attempts: 1 });

    // The process "restarts": its outbox (and anything it held in memory) is gone; a new one has another id.
    forgetDefaultOutbox();
    const restarted = configuredOutbox("after-restart");
    smtp().setBehaviour("accept");
    jest.setSystemTime(Date.now() + getEnv().MAIL_RETRY_DELAYS_SECONDS[0]! * 1000);
    expect(await restarted.poll()).toBe(1);
    await restarted.settled();
    // Later polls find nothing more to send.
    jest.setSystemTime(Date.now() + 600_000);
    expect(await restarted.poll()).toBe(0);

    const mails = smtp().mailsTo(user.email);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toMatch(RESET_SUBJECT);
    const token = tokenIn(mails[0]!, "/auth/reset-password");
    const reset = await callRoute(resetPasswordRoute, { method: "POST", json: { token, password: "Copper-Kettle-58-horizon" }, headers: ORIGIN });
    expect(reset.body).toMatchObject({ email: user.email });
    expect(reset.status).toBe(200);
    expect(await (await rawCollection("outbox")).findOne({ _id: queued!._id })).toMatchObject({ state: "sent", leaseOwner: null });
  });

  it("answers the same for an address without an account, and leaves nothing queued once its job found nothing to send", async () => {
    const outbox = await rawCollection("outbox");
    // The first test's notices (the password-changed mail) are in by then.
    await emailWorkSettled();
    await outbox.deleteMany({});
    const res = await forgot("no-account-here@example.com");
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ message: NEUTRAL_ANSWERS.forgotPassword });
    await emailWorkSettled();
    expect(await outbox.find({}).toArray()).toEqual([]);
    expect(smtp().mailsTo("no-account-here@example.com")).toEqual([]);
  });
});
