import { revertOutcome, type RevertOutcome } from "@/lib/email-flows/email-change-revert";

/**
 * What "This wasn't me" does, as a table: the undo link (its old address, and
 * the account's sessionVersion when it was sent) against the account now.
 */
describe("revertOutcome", () => {
  const cases: Array<[string, { email: string; sessionVersion?: number }, { email: string | null; sessionVersion: number }, RevertOutcome]> = [
    ["the change was made: put the old address back", { email: "old@example.com", sessionVersion: 3 }, { email: "new@example.com", sessionVersion: 3 }, "restore"],
    [
      "the change was made and the password changed since (by the intruder): still put it back",
      { email: "old@example.com", sessionVersion: 3 },
      { email: "new@example.com", sessionVersion: 5 },
      "restore",
    ],
    ["a second hop since: still put the first address back", { email: "old@example.com", sessionVersion: 3 }, { email: "third@example.com", sessionVersion: 3 }, "restore"],
    ["the account lost its address: put it back", { email: "old@example.com", sessionVersion: 3 }, { email: null, sessionVersion: 3 }, "restore"],
    ["still pending, nothing done since: cancel and secure", { email: "old@example.com", sessionVersion: 3 }, { email: "old@example.com", sessionVersion: 3 }, "secure"],
    ["the owner reset or changed the password since: nothing", { email: "old@example.com", sessionVersion: 3 }, { email: "old@example.com", sessionVersion: 4 }, "nothing"],
    ["a link sent before links recorded sessionVersion: secure", { email: "old@example.com" }, { email: "old@example.com", sessionVersion: 9 }, "secure"],
  ];

  it.each(cases)("%s", (_name, link, account, outcome) => {
    expect(revertOutcome(link, account)).toBe(outcome);
  });
});
