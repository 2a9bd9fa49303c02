import type { ComponentType } from "react";
import { ApiKeysSection } from "./ApiKeysSection";
import { ConnectedAccountsSection } from "./ConnectedAccountsSection";
import { DataExportSection } from "./DataExportSection";
import { DeleteAccountSection } from "./DeleteAccountSection";
import { EmailSection } from "./EmailSection";
import { HistorySection } from "./HistorySection";
import { PresetsSection } from "./PresetsSection";
import { NoticesSection } from "./NoticesSection";
import { PasskeysSection } from "./PasskeysSection";
import { PasswordSection } from "./PasswordSection";
import { ProfileSection } from "./ProfileSection";
import { SecurityActivitySection } from "./SecurityActivitySection";
import { SessionsSection } from "./SessionsSection";
import { TwoStepSection } from "./TwoStepSection";
import { UsageSection } from "./UsageSection";
import type { AccountRead } from "@/lib/account-reads/shared";

/**
 * The pages of Settings, in the order the navigation lists them: each is
 * `/settings/<slug>`, shows its `parts` and reads on the server only the
 * account reads those parts show (pages/settings/[section].tsx), so its
 * parts render complete and nothing moves when the page hydrates.
 */
interface SettingsPage {
  slug: string;
  /** The navigation's label and the document title. */
  title: string;
  reads: readonly AccountRead[];
  parts: readonly ComponentType[];
}

export const SETTINGS_PAGES = [
  { slug: "profile", title: "Profile", reads: ["me"], parts: [ProfileSection] },
  {
    slug: "account",
    title: "Account",
    // PasswordSection asks /api/user/me whether the account has a password.
    reads: ["email", "me", "connectedAccounts"],
    parts: [EmailSection, PasswordSection, ConnectedAccountsSection],
  },
  {
    slug: "security",
    title: "Security",
    // TwoStepSection also asks /api/user/me whether the account has a password, in the browser: only its forms need it.
    // The passkeys come with the two-step overview's answer, read once for both (lib/account-reads/preload.ts).
    reads: ["twoFactor", "passkeys", "sessions", "activity"],
    // How one signs in first (two-step verification, then passkeys), then where one is signed in, then what happened.
    parts: [TwoStepSection, PasskeysSection, SessionsSection, SecurityActivitySection],
  },
  { slug: "keys", title: "API keys", reads: ["apiKeys"], parts: [ApiKeysSection] },
  // What was used first (read-only), then how Generate starts, then what is kept.
  { slug: "generation", title: "Generation", reads: ["usage", "preferences"], parts: [UsageSection, PresetsSection, HistorySection] },
  { slug: "notifications", title: "Notifications", reads: ["notices"], parts: [NoticesSection] },
  // Taking one's data along, then leaving: last, where it is found when looked for and not passed on the way.
  { slug: "data", title: "Your data", reads: ["me"], parts: [DataExportSection, DeleteAccountSection] },
] as const satisfies readonly SettingsPage[];

export type SettingsSlug = (typeof SETTINGS_PAGES)[number]["slug"];

/** Where `/settings` itself leads. */
export const FIRST_SETTINGS_PAGE: SettingsSlug = "profile";

/** The Settings page with this slug (a route parameter, so anything), or undefined. */
export function settingsPage(slug: unknown): (typeof SETTINGS_PAGES)[number] | undefined {
  return SETTINGS_PAGES.find((page) => page.slug === slug);
}

/**
 * The anchors of the single Settings page that came before these (its
 * sections' ids, still in old mails and bookmarks) and the page each section
 * is on now: `/settings#api-keys` arrives at the first page with its
 * fragment, which then moves on to `/settings/keys#api-keys`.
 */
export const OLD_SETTINGS_ANCHORS: Readonly<Record<string, SettingsSlug>> = {
  email: "account",
  "connected-accounts": "account",
  sessions: "security",
  "api-keys": "keys",
  notices: "notifications",
};
