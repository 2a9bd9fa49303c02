/** @jest-environment-options {"env": {"SESSION_REVALIDATE_SECONDS": "60"}} */
import { subscribe, unsubscribe } from "node:diagnostics_channel";
import { ObjectId } from "mongodb";
import type { AdminUsersResponse } from "@/lib/admin/shared";
import { flushAuthEvents } from "@/lib/audit";
import { DB_COMMAND_CHANNEL } from "@/lib/core/db";
import * as usersRoute from "@/pages/api/admin/users";
import { signedInUser, type CookieJar } from "../../../helpers/auth";
import { callRoute } from "../../../helpers/http";
import { createTestUser, rawCollection, usersCollection } from "../../../helpers/users";

/**
 * The admin user list's database commands, as the driver's command
 * monitoring sees them (lib/core/db.ts publishes each one): a page costs the
 * same number whatever the number of rows on it.
 */

const commands: string[] = [];
const record = (message: unknown) => {
  if (typeof message !== "object" || message === null || !("commandName" in message) || typeof message.commandName !== "string") return;
  const command = "command" in message && typeof message.command === "object" && message.command !== null ? (message.command as Record<string, unknown>) : {};
  commands.push(`${message.commandName} ${String(command[message.commandName])}`);
};
// Before the first connection: the driver's monitoring is on only if someone listens then.
subscribe(DB_COMMAND_CHANNEL, record);
afterAll(() => unsubscribe(DB_COMMAND_CHANNEL, record));

beforeEach(async () => {
  await flushAuthEvents();
  for (const name of ["users", "sessions", "authEvents", "accounts"]) await (await rawCollection(name)).deleteMany({});
});

async function listCommands(jar: CookieJar): Promise<{ sent: string[]; list: AdminUsersResponse }> {
  await flushAuthEvents();
  commands.length = 0;
  const response = await callRoute<AdminUsersResponse>(usersRoute, { jar });
  expect(response.status).toBe(200);
  await flushAuthEvents();
  return { sent: [...commands].sort(), list: response.body };
}

/** A user as one from before `lastSignInAt` was recorded: their sign-ins are only in the audit trail. */
async function userWithSignInsOnlyInTheTrail(times: Date[]) {
  const user = await createTestUser();
  const _id = new ObjectId(user.id);
  await (await usersCollection()).updateOne({ _id }, { $unset: { lastSignInAt: "" } });
  await (await rawCollection("authEvents")).insertMany(times.map((at) => ({ _id: new ObjectId(), userId: _id, type: "signin.succeeded", at })));
  return user;
}

it("sends the same commands for a page of 3 users as for a page of 9, and reads each user's last sign-in from the trail in one", async () => {
  const { jar } = await signedInUser({ role: "admin" });
  const early = new Date("2026-01-05T10:00:00Z");
  const late = new Date("2026-02-05T10:00:00Z");
  const legacy = await userWithSignInsOnlyInTheTrail([early, late, new Date("2026-01-20T10:00:00Z")]);
  await createTestUser();
  const small = await listCommands(jar);
  expect(small.list.users).toHaveLength(3);
  expect(small.list.users.find((row) => row.id === legacy.id)?.lastSignInAt).toBe(late.toISOString());

  for (let more = 0; more < 4; more += 1) await userWithSignInsOnlyInTheTrail([early]);
  for (let more = 0; more < 2; more += 1) await createTestUser();
  const large = await listCommands(jar);
  expect(large.list.users).toHaveLength(9);
  expect(large.sent).toEqual(small.sent);
  // The count, the page, the linked accounts, who has a password, the trail's sign-ins.
  expect(large.sent.filter((command) => command.startsWith("find authEvents"))).toHaveLength(1);
});
