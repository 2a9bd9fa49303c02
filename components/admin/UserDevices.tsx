import { DateTime } from "./DateTime";
import shared from "./Admin.module.css";
import styles from "./AdminUser.module.css";
import type { AdminUserDetail } from "@/lib/admin/shared";

type Device = AdminUserDetail["devices"][number];

function deviceName(device: Device): string {
  return `${device.browser || "Unknown browser"} on ${device.os || "an unknown system"}`;
}

/** The user's live device sessions, most recently active first; an admin's "view as" session is marked. */
export function UserDevices({ devices }: { devices: Device[] }) {
  return (
    <section aria-labelledby="devices-heading" className={styles.section}>
      <h2 id="devices-heading">Devices</h2>
      {devices.length === 0 ? (
        <p className={shared.muted}>Not signed in on any device.</p>
      ) : (
        <ul className={styles.list}>
          {devices.map((device) => (
            <li key={device.id} className={styles.item}>
              <p className={styles.itemTitle}>
                {deviceName(device)}{" "}
                {device.impersonatedBy && <span className={styles.badgeWarning}>Admin view-as</span>}
              </p>
              <p className={styles.meta}>
                <span>
                  Last active <DateTime iso={device.lastSeenAt} />
                </span>
                <span>
                  Signed in <DateTime iso={device.createdAt} />
                </span>
                <span>
                  IP <span className={styles.mono}>{device.ip || "unknown"}</span>
                </span>
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
