import Link from "next/link";
import { useRouter } from "next/router";
import { useSession } from "next-auth/react";
import { useState } from "react";
import { ChangeAddressForm } from "./ChangeAddressForm";
import { ResendCodeButton } from "./ResendCodeButton";
import { VerifyCodeForm } from "./VerifyCodeForm";
import styles from "./CheckEmail.module.css";
import formStyles from "@/components/ui/Form.module.css";
import { useHydrated } from "@/lib/client";

interface CheckEmailStepProps {
  email: string;
  hasPassword: boolean;
  /** Where "Skip for now", and a verified code, lead: a same-origin path. */
  callbackUrl: string;
}

/**
 * The step after sign-up (and the banner's "Enter the code"): the code from
 * the verification mail, "Resend code", "Change address", and "Skip for now".
 * A right code refreshes the session, so the banner is gone on the next page.
 */
export function CheckEmailStep({ email, hasPassword, callbackUrl }: CheckEmailStepProps) {
  const router = useRouter();
  const { update } = useSession();
  const hydrated = useHydrated();
  const [changing, setChanging] = useState(false);
  const [verified, setVerified] = useState(false);

  async function onVerified() {
    setVerified(true);
    await update();
    await router.push(callbackUrl);
  }

  return (
    <>
      <p className={styles.lead}>
        We sent a 6-digit code to <strong>{email}</strong>. Enter it to confirm the address is yours: storing API keys and generating code
        need it. The code works for 10 minutes.
      </p>
      <div role="status">{verified && <p className={formStyles.success}>Your email is confirmed. Taking you on…</p>}</div>
      <VerifyCodeForm onVerified={onVerified} />
      <div className={styles.actions}>
        <ResendCodeButton />
        <button type="button" className={styles.change} disabled={!hydrated} aria-expanded={changing} onClick={() => setChanging(!changing)}>
          Change address
        </button>
        <Link href={callbackUrl} className={styles.skip}>
          Skip for now
        </Link>
      </div>
      {changing && <ChangeAddressForm email={email} hasPassword={hasPassword} />}
    </>
  );
}
