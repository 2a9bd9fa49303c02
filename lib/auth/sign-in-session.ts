import "#server-only";
import type { User as AuthUser } from "next-auth";
import type { SignInMethod } from "@/lib/accounts/shared";
import { recordAuthEvent } from "@/lib/audit";
import type { SecondFactor } from "@/lib/audit/shared";
import { createDeviceSession } from "@/lib/sessions";
import { recordSignIn, toSessionUser, type UserDocument } from "@/lib/users";
import { isNewAccount, rememberSignInDevice } from "./device-cookie";
import type { AuthRequest } from "./request-context";

/** How a sign-in was done: its first step, and the second factor when there was one. */
interface SignInSteps {
  method: SignInMethod;
  factor?: SecondFactor;
}

/**
 * The end of every sign-in a Credentials provider finishes (the password, the
 * second step, a passkey), once every rule has passed: a new device session,
 * the browser's device cookie (and the owner's new-device notice, only now),
 * the audit event and the last sign-in time. The answer is what NextAuth's
 * jwt callback builds the token from without reading the user again.
 */
export async function openSignInSession(user: UserDocument, steps: SignInSteps, request: AuthRequest): Promise<AuthUser> {
  const userId = user._id.toString();
  const device = await createDeviceSession(userId, request);
  if (user.email) await rememberSignInDevice(request, { userId, email: user.email, method: steps.method, newAccount: isNewAccount(user.createdAt) });
  await recordAuthEvent({ type: "signin.succeeded", userId, ...steps, deviceSessionId: device._id.toString(), context: request });
  await recordSignIn(userId, device.createdAt);
  return { ...toSessionUser(user), deviceSessionId: device._id.toString(), signInMethod: steps.method };
}
