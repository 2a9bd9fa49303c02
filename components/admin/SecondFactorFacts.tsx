import type { AdminSecondFactors } from "@/lib/admin/shared";
import { RECOVERY_CODES_LOW } from "@/lib/two-factor/shared";

function recoveryCodesInWords(left: number): string {
  if (left === 0) return "no recovery codes left";
  const codes = left === 1 ? "1 recovery code left" : `${left} recovery codes left`;
  return left <= RECOVERY_CODES_LOW ? `only ${codes}` : codes;
}

/** Whether the user has two-step verification and passkeys: facts of the user page's summary list. */
export function SecondFactorFacts({ factors }: { factors: AdminSecondFactors }) {
  return (
    <>
      <div>
        <dt>Two-step verification</dt>
        <dd>{factors.totpEnabled ? `On (authenticator app), ${recoveryCodesInWords(factors.recoveryCodesLeft)}` : "Off"}</dd>
      </div>
      <div>
        <dt>Passkeys</dt>
        <dd>{factors.passkeys === 0 ? "None" : factors.passkeys}</dd>
      </div>
    </>
  );
}
