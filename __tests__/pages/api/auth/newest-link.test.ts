/** @jest-environment-options {"env": {"EMAIL_MAX_PER_ADDRESS_PER_HOUR": "100", "EMAIL_MAX_PER_IP_PER_HOUR": "1000"}} */
import * as forgotPasswordRoute from "@/pages/api/auth/forgot-password";
import * as resetPasswordRoute from "@/pages/api/auth/reset-password";
import { emailWorkSettled } from "@/lib/email-flows";
import { APP_ORIGIN } from "../../../helpers/auth";
import { callRoute } from "../../../helpers/http";
import { smtpServerForThisFile, tokenIn } from "../../../helpers/mail";
import { createTestUser } from "../../../helpers/users";

/**
 * "A newer link of the same kind replaces the older one", even when the
 * requests arrive at the same moment: of the links they mail, at most one works.
 */
const mailServer = smtpServerForThisFile();
const smtp = () => mailServer.current();

const ORIGIN = { origin: APP_ORIGIN };
const REQUESTS = 6;

describe("links asked for at the same moment", () => {
  it("leave at most one working reset link", async () => {
    const user = await createTestUser();

    const answers = await Promise.all(
      Array.from({ length: REQUESTS }, () => callRoute(forgotPasswordRoute, { method: "POST", json: { email: user.email }, headers: ORIGIN })),
    );
    expect(answers.map((answer) => answer.status)).toEqual(Array(REQUESTS).fill(200));
    await emailWorkSettled();
    const tokens = smtp()
      .mailsTo(user.email)
      .map((mail) => tokenIn(mail, "/auth/reset-password"));
    expect(tokens).toHaveLength(REQUESTS);

    let worked = 0;
    for (const [index, token] of tokens.entries()) {
      const res = await callRoute(resetPasswordRoute, { method: "POST", json: { token, password: `Brand-New-Password-${index}0` }, headers: ORIGIN });
      if (res.status === 200) worked += 1;
      else expect(res.status).toBe(400);
    }
    expect(worked).toBeLessThanOrEqual(1);
  });
});
