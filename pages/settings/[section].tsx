import type { GetServerSideProps } from "next";
import type { Session } from "next-auth";
import { SettingsLayout } from "@/components/settings/SettingsLayout";
import { settingsPage, type SettingsSlug } from "@/components/settings/sections";
import { preloadAccountReads } from "@/lib/account-reads";
import type { SwrFallback } from "@/lib/account-reads/shared";
import { withPageAuth } from "@/lib/auth";

interface SettingsPageProps {
  section: SettingsSlug;
  fallback: SwrFallback;
  session: Session;
}

/**
 * One page of Settings (`/settings/profile`, `/settings/keys`, …: the table in
 * components/settings/sections.ts), any other name 404: its sections' data,
 * read on the server in parallel, and only what they show, so the page
 * arrives complete and nothing moves.
 */
export const getServerSideProps: GetServerSideProps<SettingsPageProps> = async (ctx) => {
  const page = settingsPage(ctx.params?.section);
  if (!page) return { notFound: true };
  return withPageAuth(async (_ctx, session) => ({ section: page.slug, fallback: await preloadAccountReads(session, page.reads) }))(ctx);
};

/**
 * Each section reads its own data through SWR, starting from what the server
 * rendered; a section whose read failed there loads in the browser and shows
 * its own error, never holding the others back.
 */
export default function SettingsSectionPage({ section }: Pick<SettingsPageProps, "section">) {
  const parts = settingsPage(section)?.parts ?? [];
  return (
    <SettingsLayout current={section}>
      {parts.map((Part, index) => (
        <Part key={index} />
      ))}
    </SettingsLayout>
  );
}
