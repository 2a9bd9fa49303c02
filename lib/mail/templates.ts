import "#server-only";
import type { MailMessage } from "./message";

/**
 * Every email KeyForge sends, built from one layout: a greeting, short
 * paragraphs, at most one button (its link also written out, for mail readers
 * that strip buttons and for the plain-text body), and a footer saying why the
 * mail was sent. Values from users (names, addresses, browsers) are escaped in
 * the HTML body, and a name greets only a verified address (see Recipient).
 */

interface MailContent {
  subject: string;
  /** The line mail apps show beside the subject. */
  preview: string;
  paragraphs: string[];
  action?: { label: string; url: string };
  /** Paragraphs after the button (what to do if this was not you). */
  after?: string[];
  /** Why this mail was sent. */
  footer: string;
}

const PRODUCT = "KeyForge";

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** Who a mail is for. */
export interface Recipient {
  email: string;
  name?: string | null;
  /**
   * Whether `email` is verified as this account's. Only then does the mail
   * greet by `name`: anyone can sign up with any address and any name, and
   * the product's mail must not carry their words to a stranger's mailbox.
   */
  verified: boolean;
}

function greeting(to: Recipient): string {
  return to.verified && to.name ? `Hi ${to.name},` : "Hi,";
}

function textBody(to: Recipient, content: MailContent): string {
  const action = content.action ? [`${content.action.label}:\n${content.action.url}`] : [];
  return [greeting(to), ...content.paragraphs, ...action, ...(content.after ?? []), `— ${PRODUCT}`, content.footer].join("\n\n") + "\n";
}

const paragraphStyle = "margin:0 0 16px;font-size:16px;line-height:24px;color:#1f2328";

function htmlBody(to: Recipient, content: MailContent): string {
  const paragraph = (text: string) => `<p style="${paragraphStyle}">${escapeHtml(text)}</p>`;
  const action = content.action
    ? `<p style="margin:24px 0"><a href="${escapeHtml(content.action.url)}" style="display:inline-block;padding:12px 20px;border-radius:6px;background:#1f6feb;color:#ffffff;font-weight:600;text-decoration:none">${escapeHtml(content.action.label)}</a></p>` +
      `<p style="margin:0 0 16px;font-size:14px;line-height:20px;color:#57606a">Or open this link: <a href="${escapeHtml(content.action.url)}" style="color:#0b57d0;word-break:break-all">${escapeHtml(content.action.url)}</a></p>`
    : "";
  return [
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(content.subject)}</title></head>`,
    `<body style="margin:0;padding:24px;background:#f6f8fa;font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif">`,
    `<span style="display:none">${escapeHtml(content.preview)}</span>`,
    `<div style="max-width:560px;margin:0 auto;padding:32px;border-radius:8px;background:#ffffff">`,
    `<p style="margin:0 0 24px;font-size:18px;font-weight:700;color:#1f2328">${PRODUCT}</p>`,
    paragraph(greeting(to)),
    ...content.paragraphs.map(paragraph),
    action,
    ...(content.after ?? []).map(paragraph),
    `<p style="margin:24px 0 0;font-size:13px;line-height:18px;color:#57606a">${escapeHtml(content.footer)}</p>`,
    `</div></body></html>`,
  ].join("");
}

function render(kind: string, to: Recipient, content: MailContent): MailMessage {
  return { kind, to: to.email, subject: content.subject, text: textBody(to, content), html: htmlBody(to, content) };
}

/** Where and when something happened, in words: "Firefox on Windows, 203.0.113.9, 25 November 2026 at 18:05 UTC". */
export interface ActivityPlace {
  device: string;
  ip: string;
  at: Date;
}

const timeFormat = new Intl.DateTimeFormat("en-GB", {
  dateStyle: "long",
  timeStyle: "short",
  timeZone: "UTC",
});

function placeInWords({ device, ip, at }: ActivityPlace): string {
  return `${device}, from IP address ${ip}, on ${timeFormat.format(at)} UTC`;
}

const ALWAYS_SENT = "We always send this email, because it is about how you sign in. It cannot be turned off.";
const OPTIONAL_NOTICE = "You can turn these notices off in Settings → Email notices.";
const NOT_YOU_RESET = "If this was not you, reset your password right away and review your devices in Settings.";

export const mailTemplates = {
  /** The confirmation mail: a 6-digit code (typed in while signed in), and a link for accounts with a password. */
  verifyEmail(to: Recipient, link: { url: string; validFor: string } | null, code?: { code: string; validFor: string }): MailMessage {
    const typed = code ? [`Your confirmation code is ${code.code}. Type it where ${PRODUCT} asks for it; it works once, for ${code.validFor}.`] : [];
    const opened = link
      ? [`Or open the link below. Its page asks for your ${PRODUCT} password: the link shows you hold this mailbox, the password that you set up the account.`]
      : [];
    return render("verify-email", to, {
      subject: `Confirm your email for ${PRODUCT}`,
      preview: code ? `Your code is ${code.code}.` : "One click to confirm this address is yours.",
      paragraphs: [`Confirm that ${to.email} is your address, so you can use it to sign in and to reset your password.`, ...typed, ...opened],
      ...(link ? { action: { label: "Confirm my email", url: link.url } } : {}),
      after: [
        ...(link ? [`The link works once, for ${link.validFor}.`] : []),
        `If you did not create a ${PRODUCT} account, ignore this email.`,
      ],
      footer: `You get this because this address was entered on ${PRODUCT}.`,
    });
  },

  /** After a proven owner took back an account whose address was never confirmed: what was removed, and why. */
  accountReclaimed(to: Recipient, { how, removed }: { how: string; removed: string | null }, settingsUrl: string): MailMessage {
    return render("account-reclaimed", to, {
      subject: `We removed what was set up on your ${PRODUCT} account before you confirmed it`,
      preview: removed ? "What was stored before your address was confirmed was removed." : "Nothing stored was removed.",
      paragraphs: [
        `${how} confirmed that ${to.email} is yours. This address had been used for a ${PRODUCT} account that was never confirmed, so someone else may have set it up.`,
        removed ?? "Nothing else was stored on it, so nothing else was removed.",
        "Its old password no longer works and every device that was signed in has been signed out.",
      ],
      action: { label: "Review your account", url: settingsUrl },
      footer: ALWAYS_SENT,
    });
  },

  passwordReset(to: Recipient, link: { url: string; validFor: string }, requestedFrom: ActivityPlace): MailMessage {
    return render("password-reset", to, {
      subject: `Reset your ${PRODUCT} password`,
      preview: "Choose a new password.",
      paragraphs: [`Someone asked to reset the password of your ${PRODUCT} account: ${placeInWords(requestedFrom)}.`],
      action: { label: "Choose a new password", url: link.url },
      after: [
        `The link works once, for ${link.validFor}. Setting a new password signs you out on every device.`,
        "If you did not ask for this, ignore this email: your password stays as it is.",
      ],
      footer: `You get this because a password reset was requested for this address on ${PRODUCT}.`,
    });
  },

  /**
   * A sign-in link (NextAuth's email provider). The same words whether the
   * address has an account or the link would create one: the mail must not
   * tell a reader of the mailbox more than the sign-in page told the requester.
   */
  signInLink(to: Recipient, link: { url: string; validFor: string }, requestedFrom: ActivityPlace): MailMessage {
    return render("sign-in-link", to, {
      subject: `Your ${PRODUCT} sign-in link`,
      preview: `Sign in to ${PRODUCT} with one click.`,
      paragraphs: [
        `Someone asked for a link to sign in to ${PRODUCT} as ${to.email}: ${placeInWords(requestedFrom)}.`,
        `If this address has no ${PRODUCT} account yet, signing in creates one.`,
      ],
      action: { label: `Sign in to ${PRODUCT}`, url: link.url },
      after: [
        `The link works once, for ${link.validFor}. Its page asks you to press "Sign in", so a mail scanner opening it signs no one in.`,
        "If you did not ask for this, ignore this email: nobody can sign in without opening it.",
      ],
      footer: `You get this because a sign-in link was requested for this address on ${PRODUCT}.`,
    });
  },

  /** A reset asked for an account that signs in only with a provider: no link, the way in instead. */
  passwordResetWithoutPassword(to: Recipient, providers: string[], signInUrl: string): MailMessage {
    const how = providers.length > 0 ? providers.join(" or ") : "the provider you signed up with";
    return render("password-reset-no-password", to, {
      subject: `How you sign in to ${PRODUCT}`,
      preview: `Your account signs in with ${how}.`,
      paragraphs: [
        `Someone asked to reset the password of your ${PRODUCT} account, but it has no password: you sign in with ${how}.`,
        `Once signed in, you can set a password in Settings if you want one.`,
      ],
      action: { label: `Sign in with ${how}`, url: signInUrl },
      after: ["If you did not ask for this, ignore this email."],
      footer: `You get this because a password reset was requested for this address on ${PRODUCT}.`,
    });
  },

  confirmEmailChange(to: Recipient, currentEmail: string | null, link: { url: string; validFor: string }): MailMessage {
    const from = currentEmail ? ` from ${currentEmail}` : "";
    return render("confirm-email-change", to, {
      subject: `Confirm your new email for ${PRODUCT}`,
      preview: "Confirm this address to finish the change.",
      paragraphs: [`You asked to change the email of your ${PRODUCT} account${from} to ${to.email}. Nothing changes until you confirm.`],
      action: { label: "Confirm the new email", url: link.url },
      after: [`The link works once, for ${link.validFor}. If you did not ask for this, ignore this email.`],
      footer: `You get this because this address was entered as a new email on ${PRODUCT}.`,
    });
  },

  /** To the old address when a change is asked for (`changed: false`) and when it is done (`changed: true`). */
  emailChangeNotice(to: Recipient, newEmail: string, changed: boolean, undo: { url: string; validFor: string }, place: ActivityPlace): MailMessage {
    return render(changed ? "email-changed" : "email-change-requested", to, {
      subject: changed ? `Your ${PRODUCT} email was changed` : `Someone asked to change your ${PRODUCT} email`,
      preview: changed ? `Your account now uses ${newEmail}.` : `A change to ${newEmail} is waiting for confirmation.`,
      paragraphs: [
        changed
          ? `The email of your ${PRODUCT} account was changed from ${to.email} to ${newEmail}.`
          : `Someone asked to change the email of your ${PRODUCT} account from ${to.email} to ${newEmail}. It changes only once the new address confirms.`,
        `The request came from ${placeInWords(place)}.`,
        "If this was you, there is nothing to do.",
      ],
      action: { label: "This wasn't me", url: undo.url },
      after: [
        `"This wasn't me" ${changed ? `puts ${to.email} back as your email` : "cancels the change"}, removes the password, signs out every device, and mails you a link to choose a new password. It works for ${undo.validFor}.`,
      ],
      footer: ALWAYS_SENT,
    });
  },

  /** After "This wasn't me": the account keeps this address and has no password; the link sets a new one. */
  accountSecured(to: Recipient, restored: boolean, link: { url: string; validFor: string }): MailMessage {
    return render("account-secured", to, {
      subject: `Choose a new password for ${PRODUCT}`,
      preview: "Your account is secured: set a new password to sign in again.",
      paragraphs: [
        restored ? `Your ${PRODUCT} account uses ${to.email} again, as you asked.` : `The change of your ${PRODUCT} email was cancelled, as you asked.`,
        "Its password was removed, every device was signed out, and sign-in providers connected since the change was asked for were disconnected.",
      ],
      action: { label: "Choose a new password", url: link.url },
      after: [`The link works once, for ${link.validFor}. After that, use "Forgot password?" on the sign-in page for a new one.`],
      footer: ALWAYS_SENT,
    });
  },

  newSignIn(to: Recipient, method: string, place: ActivityPlace, sessionsUrl: string): MailMessage {
    return render("new-sign-in", to, {
      subject: `New sign-in to ${PRODUCT}`,
      preview: `${place.device} signed in to your account.`,
      paragraphs: [`Your ${PRODUCT} account was signed in to from a device it has not seen before, with ${method}:`, placeInWords(place)],
      action: { label: "Review your sessions", url: sessionsUrl },
      after: ["If this was you, there is nothing to do. If not, sign out that device in Settings and change your password."],
      footer: OPTIONAL_NOTICE,
    });
  },

  /** `removed`: what the change removed from the account, in words (a reset that reclaimed it), said in its own paragraph. */
  passwordChanged(to: Recipient, how: "changed" | "reset" | "set", place: ActivityPlace, resetUrl: string, removed?: string): MailMessage {
    const verb = { changed: "changed", reset: "reset", set: "set" }[how];
    return render("password-changed", to, {
      subject: `Your ${PRODUCT} password was ${verb}`,
      preview: removed ? "What was stored before your address was confirmed was removed." : "Every other device was signed out.",
      paragraphs: [
        `The password of your ${PRODUCT} account was ${verb}: ${placeInWords(place)}.`,
        how === "set" ? "You can now sign in with your email and this password too." : "Every device that was signed in has been signed out.",
        ...(removed ? [removed] : []),
      ],
      action: { label: "This wasn't me: reset my password", url: resetUrl },
      footer: ALWAYS_SENT,
    });
  },

  signInMethodChanged(to: Recipient, provider: string, change: "connected" | "disconnected", place: ActivityPlace, settingsUrl: string): MailMessage {
    return render(`account-${change}`, to, {
      subject: `${provider} was ${change} ${change === "connected" ? "to" : "from"} your ${PRODUCT} account`,
      preview: change === "connected" ? `You can now sign in with ${provider}.` : `You can no longer sign in with ${provider}.`,
      paragraphs: [
        change === "connected"
          ? `${provider} was connected to your ${PRODUCT} account: you can now sign in with it.`
          : `${provider} was disconnected from your ${PRODUCT} account: it no longer signs you in.`,
        `This happened on ${placeInWords(place)}.`,
      ],
      action: { label: "Review connected accounts", url: settingsUrl },
      after: [NOT_YOU_RESET],
      footer: ALWAYS_SENT,
    });
  },

  /** Two-step verification turned on or off or reset, a recovery code used, a passkey added: `change` says which. */
  secondFactorChanged(to: Recipient, change: { subject: string; sentence: string }, place: ActivityPlace, settingsUrl: string): MailMessage {
    return render("second-factor-changed", to, {
      subject: `${change.subject} (${PRODUCT})`,
      preview: `${change.sentence}.`,
      paragraphs: [`${change.sentence}: ${placeInWords(place)}.`],
      action: { label: "Review two-step verification", url: settingsUrl },
      after: [NOT_YOU_RESET],
      footer: ALWAYS_SENT,
    });
  },

  /** After an account was deleted (by its owner, or by an admin with a reason): what went, what is kept and for how long. */
  accountDeleted(to: Recipient, { byAdmin, usageDays, auditDays }: { byAdmin: boolean; usageDays: number; auditDays: number }): MailMessage {
    return render("account-deleted", to, {
      subject: `Your ${PRODUCT} account was deleted`,
      preview: "Your account, its API keys and its history are gone.",
      paragraphs: [
        byAdmin ? `An administrator deleted the ${PRODUCT} account of ${to.email}.` : `You deleted the ${PRODUCT} account of ${to.email}.`,
        "Its API keys, saved prompts and answers, connected sign-in providers, passkeys, two-step verification and profile picture are gone, and every device was signed out.",
        `What is kept: the usage records without any prompt or answer text, for ${usageDays} days, and the security log, for ${auditDays} days, naming the address only by a keyed hash.`,
        `This address can sign up for ${PRODUCT} again at any time, as a new account.`,
      ],
      footer: ALWAYS_SENT,
    });
  },

  apiKeyAdded(to: Recipient, provider: string, place: ActivityPlace, settingsUrl: string): MailMessage {
    return render("api-key-added", to, {
      subject: `A ${provider} key was added to your ${PRODUCT} vault`,
      preview: "Only its masked form is ever shown.",
      paragraphs: [`A ${provider} API key was added to your ${PRODUCT} vault: ${placeInWords(place)}.`],
      action: { label: "Review your API keys", url: settingsUrl },
      after: [NOT_YOU_RESET],
      footer: OPTIONAL_NOTICE,
    });
  },
};
