/** @jest-environment-options {"env": {"SESSION_REVALIDATE_SECONDS": "60"}} */
import { subscribe, unsubscribe } from "node:diagnostics_channel";
import { ObjectId } from "mongodb";
import { flushAuthEvents } from "@/lib/audit";
import { DB_COMMAND_CHANNEL } from "@/lib/core/db";
import { emailWorkSettled } from "@/lib/email-flows";
import * as apiKeysRoute from "@/pages/api/user/api-keys";
import * as serverSessionRoute from "@/pages/api/user/session";
import { getSession, pastRevalidation, signedInUser, signIn, CookieJar } from "../../../helpers/auth";
import { callRoute } from "../../../helpers/http";
import { createTestUser } from "../../../helpers/users";

/**
 * Database commands per request, as the driver's command monitoring sees them
 * (lib/core/db.ts publishes each one): the auth paths' cost in round trips,
 * held where the benchmark (bench/) measured it.
 */

const commands: string[] = [];
/** The filter of each `find` sent, as the server got it. */
const findFilters: unknown[] = [];
const record = (message: unknown) => {
  if (typeof message !== "object" || message === null || !("commandName" in message) || typeof message.commandName !== "string") return;
  commands.push(message.commandName);
  if (message.commandName === "find" && "command" in message && typeof message.command === "object" && message.command !== null) {
    findFilters.push("filter" in message.command ? message.command.filter : undefined);
  }
};
// Before the first connection: the driver's monitoring is on only if someone listens then.
subscribe(DB_COMMAND_CHANNEL, record);
afterAll(() => unsubscribe(DB_COMMAND_CHANNEL, record));

/** Resolves once the fire-and-forget work started so far (audit events, notices) is done. */
async function backgroundWorkDone(): Promise<void> {
  await flushAuthEvents();
  await emailWorkSettled();
}

/** The commands sent while `work` ran, and by the fire-and-forget work it started; none of earlier work's. */
async function commandsDuring(work: () => Promise<unknown>): Promise<string[]> {
  await backgroundWorkDone();
  commands.length = 0;
  findFilters.length = 0;
  await work();
  await backgroundWorkDone();
  return [...commands];
}

beforeAll(async () => {
  // The first sign-in of a process also creates indexes and sweeps expired attempts.
  await signedInUser();
});

it("a session check inside the revalidation interval sends none", async () => {
  const { jar } = await signedInUser();

  expect(await commandsDuring(() => getSession(jar))).toEqual([]);
  expect(await commandsDuring(() => callRoute(serverSessionRoute, { jar }))).toEqual([]);
});

it("a session check at revalidation reads the user and touches the device, nothing else", async () => {
  const { jar } = await signedInUser();
  await pastRevalidation(jar);

  const sent = await commandsDuring(() => getSession(jar));
  expect(sent).toHaveLength(2);
  expect(await commandsDuring(() => getSession(jar))).toEqual([]);
});

it("a successful sign-in sends eight: its attempts, their count, the user, clearing its failure budget, whether a second step is on (a key lookup), the device, noting the sign-in on the user, the audit event", async () => {
  const user = await createTestUser();

  const sent = await commandsDuring(() => signIn(new CookieJar(), { email: user.email, password: user.password }));
  expect(sent.sort()).toEqual(["aggregate", "delete", "find", "find", "insert", "insert", "insert", "update"]);
});

it("a vault read sends one, a plain lookup by id (the policy's own condition merged in, not wrapped around it)", async () => {
  const { user, jar } = await signedInUser();

  expect(await commandsDuring(() => callRoute(apiKeysRoute, { jar }))).toEqual(["find"]);
  expect(findFilters).toEqual([{ _id: new ObjectId(user.id) }]);
});
