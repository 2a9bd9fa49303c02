import { useState, type FormEvent } from "react";
import { ActionMessage, type ActionControls } from "./ActionMessage";
import formStyles from "@/components/ui/Form.module.css";
import shared from "./Admin.module.css";
import styles from "./AdminUser.module.css";
import { updateAdminUser } from "@/lib/client";
import { ROLES, type Role } from "@/lib/access/shared";
import type { AdminUserDetail } from "@/lib/admin/shared";

interface RoleFormProps {
  user: AdminUserDetail["user"];
  controls: ActionControls;
  onUpdated: (detail: AdminUserDetail) => void;
}

/** User or admin. The server refuses to demote the last admin (CONFLICT), shown here in its words. */
export function RoleForm({ user, controls, onUpdated }: RoleFormProps) {
  const [role, setRole] = useState<Role>(user.role);
  const pending = controls.busy === "role";

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    void controls.run(async () => {
      if (role === user.role) return `No change: the role is already ${role}.`;
      const next = await updateAdminUser(user.id, { role });
      onUpdated(next);
      return `Role changed to ${next.user.role}.`;
    });
  }

  return (
    <div id="role-action" className={styles.action}>
      <h3>Change role</h3>
      <p className={shared.muted}>Admins can open this console and act on every account.</p>
      <form className={styles.inlineForm} onSubmit={onSubmit}>
        <div className={formStyles.field}>
          <label htmlFor="admin-role" className={formStyles.label}>
            Role
          </label>
          <select
            id="admin-role"
            name="role"
            className={formStyles.input}
            value={role}
            onChange={(event) => setRole(event.target.value === "admin" ? "admin" : "user")}
          >
            {ROLES.map((option) => (
              <option key={option} value={option}>
                {option === "admin" ? "Admin" : "User"}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className={shared.button} disabled={controls.disabled} aria-busy={pending}>
          {pending ? "Saving…" : "Save role"}
        </button>
      </form>
      <ActionMessage action="role" outcome={controls.outcome} />
    </div>
  );
}
