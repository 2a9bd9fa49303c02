import { getCsrfToken } from "next-auth/react";
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from "react";
import type { OAuthProviderOption } from "@/lib/accounts/shared";

interface ProviderSignInFormProps {
  provider: OAuthProviderOption;
  /** Where NextAuth brings the browser back to: a same-origin path. */
  callbackUrl: string;
  /**
   * NextAuth's CSRF token, when the page rendered one: the form then works
   * without JavaScript. Without it, the token is fetched on submit.
   */
  csrfToken?: string;
  /** The button's content ("Continue with GitHub", "Connect GitHub"). */
  children: ReactNode;
  className?: string;
  /** The form's name, to find it in `document.forms` (to submit it once a prompt is answered). */
  name?: string;
  /** Runs before the browser leaves; return false to stay (e.g. to confirm a password first). */
  onBeforeSubmit?: () => boolean;
}

/**
 * Starts an OAuth sign-in with `provider`: a plain form posting to NextAuth's
 * `/api/auth/signin/<id>`, which answers with a redirect to the provider. The
 * same form signs in, re-authenticates and connects a provider (NextAuth links
 * it when the browser is signed in already).
 */
export function ProviderSignInForm({ provider, callbackUrl, csrfToken, children, className, name, onBeforeSubmit }: ProviderSignInFormProps) {
  const [pending, setPending] = useState(false);
  const tokenInput = useRef<HTMLInputElement>(null);

  // Coming back with the Back button restores the page as it was left: ready again, not "Redirecting…".
  useEffect(() => {
    const ready = () => setPending(false);
    window.addEventListener("pageshow", ready);
    return () => window.removeEventListener("pageshow", ready);
  }, []);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    if (onBeforeSubmit && !onBeforeSubmit()) return event.preventDefault();
    setPending(true);
    if (csrfToken) return; // The form goes as it is.
    event.preventDefault();
    const form = event.currentTarget;
    const token = await getCsrfToken();
    if (!token || !tokenInput.current) return setPending(false);
    tokenInput.current.value = token;
    form.submit();
  }

  return (
    <form method="post" action={`/api/auth/signin/${provider.id}`} name={name} onSubmit={onSubmit}>
      <input ref={tokenInput} type="hidden" name="csrfToken" defaultValue={csrfToken ?? ""} />
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <button type="submit" className={className} disabled={pending} aria-busy={pending}>
        {pending ? `Redirecting to ${provider.name}…` : children}
      </button>
    </form>
  );
}
