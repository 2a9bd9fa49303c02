import { parse } from "cookie";

/**
 * The colour theme a person picked in the header: follow the system, or
 * always light or dark. Kept in a cookie (not localStorage) so the server
 * renders the page in that theme: nothing flashes before the first paint.
 * Browser-safe.
 */
export const THEMES = ["system", "light", "dark"] as const;
export type Theme = (typeof THEMES)[number];

/** Not a secret, not about the account: readable by the page's script, kept a year. */
export const THEME_COOKIE = "theme";
export const THEME_COOKIE_MAX_AGE_SECONDS = 365 * 24 * 60 * 60;

function isTheme(value: unknown): value is Theme {
  return THEMES.some((theme) => theme === value);
}

/** The theme in a Cookie header (or `document.cookie`); "system" when there is none or it is not one of ours. */
export function themeFromCookies(cookieHeader: string | undefined): Theme {
  const value = cookieHeader ? parse(cookieHeader)[THEME_COOKIE] : undefined;
  return isTheme(value) ? value : "system";
}

/** The `data-theme` attribute for <html>: absent for "system", where the CSS follows prefers-color-scheme. */
export function themeAttribute(theme: Theme): "light" | "dark" | undefined {
  return theme === "system" ? undefined : theme;
}
