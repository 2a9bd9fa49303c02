import type { PageConfig } from "next";
import { apiRoute, assertSameOrigin, parseJsonBody, requestContextOf } from "@/lib/http";
import { registerUser, toPublicUser } from "@/lib/users";
import { signupSchema } from "@/lib/users/shared";

/** We read the body ourselves: JSON only, 16 kB at most, answered in our error shape. */
export const config: PageConfig = { api: { bodyParser: false } };

/** Registers an email/password account: 201 with the new user, 409 when the email is taken. */
export default apiRoute({
  async POST(req, res) {
    assertSameOrigin(req);
    const input = await parseJsonBody(req, signupSchema);
    const { id, name, email } = toPublicUser(await registerUser(input, requestContextOf(req)));
    res.status(201).json({ user: { id, name, email } });
  },
});
