/** @jest-environment-options {"env": {"SESSION_REVALIDATE_SECONDS": "60"}} */
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { DeadMailList } from "@/components/admin/DeadMailList";
import type { DeadMail } from "@/lib/mail/shared";
import * as mailPage from "@/pages/admin/mail";
import * as listPage from "@/pages/admin";
import { CookieJar, signedInUser } from "../../helpers/auth";
import { renderPage } from "../../helpers/pages";

/**
 * The console's mail page as the server renders it: admins only, the
 * outbox's counts, and the undelivered mails (none until one fails); the
 * list's rows as they show real dead mails.
 */

it("shows admins the outbox's counts and that no mail is undelivered, linked from the user list", async () => {
  const { jar } = await signedInUser({ role: "admin" });
  const { html, props } = await renderPage(mailPage, "/admin/mail", jar);
  expect(props).toMatchObject({ deadMails: [], counts: { queued: 0, dead: 0, oldestQueuedSeconds: null } });
  expect(html).toContain("Waiting to be sent");
  expect(html).toContain("None waiting");
  expect(html).toContain("No undelivered mail");
  expect((await renderPage(listPage, "/admin", jar)).html).toContain('href="/admin/mail"');
});

it("sends a signed-out visitor to sign in and a user without the role to /unauthorized", async () => {
  expect((await renderPage(mailPage, "/admin/mail", new CookieJar())).redirect).toMatch(/^\/auth\/signin\?callbackUrl=/);
  const { jar } = await signedInUser();
  expect((await renderPage(mailPage, "/admin/mail", jar)).redirect).toBe("/unauthorized");
});

it("lists each dead mail's kind, masked address, attempts, error code and times, with Retry only where it can be sent again", () => {
  const mails: DeadMail[] = [
    { id: "6b164e305fe4bb1701d73e21", kind: "password-reset", recipient: "a•••@example.com", attempts: 5, lastError: "ECONNREFUSED", queuedAt: "2026-12-07T04:10:00Z", diedAt: "2026-12-07T05:25:30Z", retryable: true },
    { id: "6b164e305fe4bb1701d73e22", kind: "security-notice", recipient: "b•••@example.com", attempts: 4, lastError: "550", queuedAt: "2026-12-07T03:00:00Z", diedAt: "2026-12-07T04:15:00Z", retryable: false },
  ];
  const html = renderToStaticMarkup(createElement(DeadMailList, { mails }));
  for (const text of ["password-reset", "a•••@example.com", "ECONNREFUSED", "security-notice", "b•••@example.com", "550", 'dateTime="2026-12-07T05:25:30Z"'])
    expect(html).toContain(text);
  expect(html.match(/>Retry</g)).toHaveLength(1);
  expect(html).toContain("Cannot be sent again");
});
