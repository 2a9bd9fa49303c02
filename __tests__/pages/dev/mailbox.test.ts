/** @jest-environment-options {"env": {"NODE_ENV": "development"}} */
import * as mailboxPage from "@/pages/dev/mailbox";
import { deliverMail, mailTemplates } from "@/lib/mail";
import { CookieJar } from "../../helpers/auth";
import { renderPage } from "../../helpers/pages";

/**
 * The developer mailbox in development without EMAIL_SERVER: a mail the app
 * sends is written to MAILBOX_DIR (this file's own folder, see setup-env.ts)
 * and listed on /dev/mailbox with its link clickable. (Production answers 404:
 * __tests__/e2e/email.e2e.test.ts.)
 */
describe("/dev/mailbox", () => {
  it("lists the mails the app wrote, newest first, with their links as links", async () => {
    const url = "http://localhost:3000/auth/verify-email?token=dev-mailbox-test-token";
    expect(await deliverMail(mailTemplates.verifyEmail({ email: "first@example.com", verified: false }, { url, validFor: "24 hours" }))).toBe("sent");
    await deliverMail(mailTemplates.apiKeyAdded({ email: "second@example.com", verified: true }, "Kestra", { device: "Firefox on Linux", ip: "127.0.0.1", at: new Date() }, "http://localhost:3000/settings/keys#api-keys"));

    const { html } = await renderPage(mailboxPage, "/dev/mailbox", new CookieJar());
    expect(html).toContain("Confirm your email for KeyForge");
    expect(html).toContain(`href="${url}"`);
    expect(html.indexOf("A Kestra key was added")).toBeLessThan(html.indexOf("Confirm your email for KeyForge"));
    expect(html).toContain(process.env.MAILBOX_DIR);
  });
});
