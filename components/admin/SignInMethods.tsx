import { SIGN_IN_METHOD_NAMES, type SignInMethod } from "@/lib/accounts/shared";

/** The shared names speak to the account's owner ("your email and password"); an admin reads about someone else. */
function methodName(method: SignInMethod): string {
  return method === "password" ? "Password" : SIGN_IN_METHOD_NAMES[method];
}

/** How a user can sign in, in words: "Password, GitHub". */
export function SignInMethods({ methods }: { methods: SignInMethod[] }) {
  return <>{methods.length > 0 ? methods.map(methodName).join(", ") : "None"}</>;
}
