import { SIGN_IN_METHOD_NAMES, type SignInMethod } from "@/lib/accounts/shared";

/** The shared names speak to the account's owner ("your email and password"); an admin reads about someone else. */
export function signInMethodName(method: SignInMethod): string {
  if (method === "password") return "Password";
  const name = SIGN_IN_METHOD_NAMES[method];
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/** How a user can sign in, in words: "Password, GitHub". */
export function SignInMethods({ methods }: { methods: SignInMethod[] }) {
  return <>{methods.length > 0 ? methods.map(signInMethodName).join(", ") : "None"}</>;
}
