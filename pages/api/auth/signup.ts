import { signUpWithForm } from "@/lib/auth";
import { alreadySent, apiRoute, type ApiRouteConfig, isFormBody, json, parseJsonBody, requestContextOf } from "@/lib/http";
import { signUp } from "@/lib/email-flows";
import { toPublicUser } from "@/lib/users";
import { signupSchema } from "@/lib/users/shared";

/** We read the body ourselves (JSON, or a form post without JavaScript), 16 kB at most, answered in our error shape. */
export const config: ApiRouteConfig = { api: { bodyParser: false } };

/**
 * Registers an email/password account: 201 with the new user, 409 when the
 * email is taken. A form post (a browser without JavaScript) gets redirects
 * instead (lib/auth/form-posts.ts).
 */
export default apiRoute({
  async POST(req, res) {
    if (isFormBody(req)) {
      await signUpWithForm(req, res);
      return alreadySent();
    }
    const input = await parseJsonBody(req, signupSchema);
    const { id, name, email } = toPublicUser(await signUp(input, requestContextOf(req)));
    return json(201, { user: { id, name, email } });
  },
});
