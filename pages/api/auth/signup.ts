import type { PageConfig } from "next";
import { ErrorCode, HttpError, isDuplicateKeyError } from "@/lib/api/errors";
import { apiRoute } from "@/lib/api/handler";
import { isCommonPassword, COMMON_PASSWORD_MESSAGE } from "@/lib/common-passwords";
import { getEnv } from "@/lib/env";
import { consumeRateLimit } from "@/lib/rate-limit";
import { assertSameOrigin, clientIp, parseJsonBody } from "@/lib/request";
import { createUser, toPublicUser } from "@/lib/users";
import { signupSchema } from "@/lib/validations/user";

/** We read the body ourselves: JSON only, 16 kB at most, answered in our error shape. */
export const config: PageConfig = { api: { bodyParser: false } };

/** Registers an email/password account: 201 with the new user, 409 when the email is taken. */
export default apiRoute({
  async POST(req, res) {
    assertSameOrigin(req);
    const input = await parseJsonBody(req, signupSchema);
    if (isCommonPassword(input.password)) {
      throw new HttpError(400, ErrorCode.ValidationFailed, "Some fields are invalid", {
        fields: { password: [COMMON_PASSWORD_MESSAGE] },
      });
    }

    // Counted after validation (bad input changes nothing) and before hashing (the costly part).
    const limit = await consumeRateLimit(`signup:ip:${clientIp(req)}`, {
      limit: getEnv().SIGNUP_MAX_PER_IP_PER_HOUR,
      windowSeconds: 60 * 60,
    });
    if (!limit.allowed) {
      throw new HttpError(429, ErrorCode.RateLimited, "Too many sign-ups from your network. Try again later.", {
        headers: { "Retry-After": String(limit.retryAfterSeconds) },
      });
    }

    try {
      const user = await createUser(input);
      const { id, name, email } = toPublicUser(user);
      res.status(201).json({ user: { id, name, email } });
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      throw new HttpError(409, ErrorCode.EmailTaken, "An account with this email already exists", {
        fields: { email: ["An account with this email already exists. Sign in instead?"] },
      });
    }
  },
});
