/**
 * Run with tsx by helpers/two-factor.ts, in the environment of a running app
 * (its MONGODB_URI and ENCRYPTION_KEYS): turns TOTP on for the account with
 * the email given as the argument, through lib/two-factor as Settings does,
 * and prints `{ secret, recoveryCodes }` as JSON. The setup is confirmed with
 * the previous time step's code (accepted within the one-step tolerance), so
 * the current step's code is still unused for the sign-in the test then does.
 */
import { generate } from "otplib";

async function main(email: string): Promise<void> {
  const { disconnectFromDatabase } = await import("@/lib/core/db");
  const { findUserByEmail } = await import("@/lib/users");
  const { beginTotpSetup, confirmTotpSetup, issueRecoveryCodes } = await import("@/lib/two-factor");
  try {
    const user = await findUserByEmail(email);
    if (!user) throw new Error(`no account with the email ${email}`);
    const userId = user._id.toString();
    const { secret } = await beginTotpSetup(userId, email);
    const previousStep = await generate({ secret, epoch: Math.floor(Date.now() / 1000) - 30 });
    if ((await confirmTotpSetup(userId, previousStep)) !== "confirmed") throw new Error("the setup code was refused");
    console.log(JSON.stringify({ secret, recoveryCodes: await issueRecoveryCodes(userId) }));
  } finally {
    await disconnectFromDatabase();
  }
}

main(process.argv[2] ?? "").catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
