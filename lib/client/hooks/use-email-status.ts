import "client-only";
import { useCallback } from "react";
import useSWR, { useSWRConfig } from "swr";
import { fetcher, sendJson } from "../api-client";
import { AUTH_EVENTS_URL } from "./use-auth-events";
import type { EmailChangeInput, EmailStatusResponse } from "@/lib/email-flows/shared";
import type { MailDeliveryResponse } from "@/lib/mail/shared";
import { ACCOUNT_READ_URLS } from "@/lib/account-reads/shared";

/** `GET`, `POST` and `DELETE /api/user/email`, and the SWR key. */
const EMAIL_STATUS_URL = ACCOUNT_READ_URLS.email;

/**
 * The account's email: the address, whether it is verified, a change waiting
 * for confirmation, and the three things Settings does with it. Each throws
 * `ApiError` (with `fields` for the change form) and re-reads the status
 * afterwards, whatever happened, since a failure can also mean it is stale.
 */
export function useEmailStatus() {
  const { data, error, mutate } = useSWR<EmailStatusResponse, Error>(EMAIL_STATUS_URL, fetcher<EmailStatusResponse>);
  const { mutate: revalidate } = useSWRConfig();

  /** `POST /api/user/email/verification`: a new link to the unverified address (409 when there is nothing to confirm). */
  const resendVerification = useCallback(async () => {
    try {
      return await sendJson<MailDeliveryResponse>(`${EMAIL_STATUS_URL}/verification`, "POST");
    } finally {
      void mutate();
    }
  }, [mutate]);

  /** `POST /api/user/email` (202): a confirmation link to the new address; nothing changes until it is opened. */
  const requestEmailChange = useCallback(
    async (change: EmailChangeInput) => {
      try {
        return await sendJson<MailDeliveryResponse>(EMAIL_STATUS_URL, "POST", change);
      } finally {
        void mutate();
        void revalidate(AUTH_EVENTS_URL);
      }
    },
    [mutate, revalidate],
  );

  /** `DELETE /api/user/email` (204): the pending change is forgotten and its link stops working. */
  const cancelEmailChange = useCallback(async () => {
    try {
      await sendJson<void>(EMAIL_STATUS_URL, "DELETE");
    } finally {
      void mutate();
    }
  }, [mutate]);

  return { emailStatus: data, error, reload: mutate, resendVerification, requestEmailChange, cancelEmailChange };
}
