import { Avatar } from "@/components/ui/Avatar";
import { AccountStatus } from "./AccountStatus";
import { DateTime } from "./DateTime";
import { SecondFactorFacts } from "./SecondFactorFacts";
import { SignInMethods } from "./SignInMethods";
import shared from "./Admin.module.css";
import styles from "./AdminUser.module.css";
import type { AdminSecondFactors, AdminUserDetail } from "@/lib/admin/shared";

/**
 * The user's name (the page's heading), initials and account facts, with when
 * and why it was disabled, and their second factors. Initials, never their
 * picture: see AdminUserDetail.
 */
export function UserSummary({ user, secondFactors }: { user: AdminUserDetail["user"]; secondFactors: AdminSecondFactors }) {
  return (
    <div className={styles.summary}>
      <div className={styles.identity}>
        <Avatar name={user.name} email={user.email} size="lg" />
        <div className={styles.who}>
          <h1>{user.name || user.email || "Unnamed user"}</h1>
          {user.name && user.email && <p className={shared.muted}>{user.email}</p>}
        </div>
      </div>
      <dl className={styles.facts}>
        <div>
          <dt>Email</dt>
          <dd>
            {user.email ?? "None"} ({user.emailVerified ? "verified" : "not verified"})
          </dd>
        </div>
        <div>
          <dt>Role</dt>
          <dd className={shared.role}>{user.role}</dd>
        </div>
        <div>
          <dt>Sign-in methods</dt>
          <dd>
            <SignInMethods methods={user.providers} />
          </dd>
        </div>
        <SecondFactorFacts factors={secondFactors} />
        <div>
          <dt>Created</dt>
          <dd>
            <DateTime iso={user.createdAt} />
          </dd>
        </div>
        <div>
          <dt>Last sign-in</dt>
          <dd>
            <DateTime iso={user.lastSignInAt} />
          </dd>
        </div>
        <div>
          <dt>Status</dt>
          <dd>
            <AccountStatus disabled={user.disabled} />
            {user.disabledAt && (
              <>
                {" "}
                since <DateTime iso={user.disabledAt} />
              </>
            )}
          </dd>
        </div>
        {user.disabled && (
          <div className={styles.wide}>
            <dt>Reason</dt>
            <dd>{user.disabledReason || "None given"}</dd>
          </div>
        )}
      </dl>
    </div>
  );
}
