import Link from "next/link";
import { useState } from "react";
import { UsageTotals } from "./UsageTotals";
import { UserActions } from "./UserActions";
import { UserDevices } from "./UserDevices";
import { UserEvents } from "./UserEvents";
import { UserSummary } from "./UserSummary";
import styles from "./AdminUser.module.css";
import type { AdminUserDetail } from "@/lib/admin/shared";

/**
 * One user for an admin: who they are (and their second factors), what can be done to the account,
 * their devices, recent activity and usage. Every change answers with the
 * user as now stored, which replaces what the page shows (no reload).
 */
export function UserDetailView({ initialDetail, viewerId }: { initialDetail: AdminUserDetail; viewerId: string }) {
  const [detail, setDetail] = useState(initialDetail);
  return (
    <>
      <p className={styles.back}>
        <Link href="/admin">← All users</Link>
      </p>
      <UserSummary user={detail.user} secondFactors={detail.secondFactors} />
      <UserActions
        user={detail.user}
        secondFactors={detail.secondFactors}
        viewerId={viewerId}
        onUpdated={setDetail}
        onSignedOut={() => setDetail((current) => ({ ...current, devices: [] }))}
      />
      <UserDevices devices={detail.devices} />
      <UserEvents events={detail.events} />
      <UsageTotals usage={detail.usage} />
    </>
  );
}
