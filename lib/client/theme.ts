import "client-only";
import { THEME_COOKIE, THEME_COOKIE_MAX_AGE_SECONDS, themeAttribute, type Theme } from "@/lib/theme/shared";

/**
 * Switches this page to `theme` at once and remembers it for the next ones
 * (the server reads the cookie and renders <html data-theme>, see _document.tsx).
 */
export function applyTheme(theme: Theme): void {
  const attribute = themeAttribute(theme);
  if (attribute) document.documentElement.dataset.theme = attribute;
  else delete document.documentElement.dataset.theme;
  const secure = window.location.protocol === "https:" ? "; Secure" : "";
  const lifetime = theme === "system" ? 0 : THEME_COOKIE_MAX_AGE_SECONDS;
  document.cookie = `${THEME_COOKIE}=${theme}; Path=/; Max-Age=${lifetime}; SameSite=Lax${secure}`;
}
