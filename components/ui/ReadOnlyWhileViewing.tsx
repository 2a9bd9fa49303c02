import { useSession } from "next-auth/react";
import type { ReactNode } from "react";
import adminAction from "./AdminActionMark.module.css";
import styles from "./ReadOnlyWhileViewing.module.css";

const NOTE_ID = "view-as-read-only";

/**
 * A page's forms as they are while an admin views the product as someone:
 * read-only (a disabled fieldset, so no control can be used or submitted,
 * whatever the component inside does), under a line that says why and where
 * the admin's one action is. Otherwise the children as they are. The session
 * comes with the page, so the server's HTML is already in its final form.
 */
export function ReadOnlyWhileViewing({
  why,
  fieldsetClassName = styles.fieldset,
  children,
}: {
  why: string;
  /** The fieldset's class, for a page that lays its sections out (it must keep the fieldset's frame off, as styles.fieldset does). */
  fieldsetClassName?: string;
  children: ReactNode;
}) {
  const { data: session } = useSession();
  if (!session?.impersonator) return <>{children}</>;
  const viewed = session.user.name || session.user.email || "this user";
  return (
    <>
      <p id={NOTE_ID} className={styles.note}>
        <strong>Read-only:</strong> you are viewing as {viewed}. {why} To act as yourself, use{" "}
        <span className={adminAction.mark}>Admin action</span> Stop viewing in the banner at the top.
      </p>
      <fieldset disabled className={fieldsetClassName} aria-describedby={NOTE_ID}>
        <legend className={styles.legend}>Read-only while viewing as {viewed}</legend>
        {children}
      </fieldset>
    </>
  );
}
