import type { GetServerSideProps } from "next";
import { FIRST_SETTINGS_PAGE } from "@/components/settings/sections";

/**
 * `/settings` opens its first page. Signed out, proxy.ts has already sent the
 * visitor to sign-in (coming back here); the page it leads to checks the
 * session itself. Links into the old single page (`/settings#api-keys`) keep
 * their fragment through the redirect, and SettingsLayout moves them on.
 */
export const getServerSideProps: GetServerSideProps = async () => ({
  redirect: { destination: `/settings/${FIRST_SETTINGS_PAGE}`, permanent: false },
});

export default function SettingsIndex() {
  return null;
}
