import Head from "next/head";
import Link from "next/link";
import styles from "@/components/admin/Admin.module.css";
import { ModelAllowList } from "@/components/admin/ModelAllowList";
import { forSession } from "@/lib/access";
import { adminModels } from "@/lib/admin";
import { withPageAuth } from "@/lib/auth";
import type { AdminModelsResponse } from "@/lib/model-catalog/shared";

type AdminModelsPageProps = {
  initial: AdminModelsResponse;
};

export const getServerSideProps = withPageAuth<AdminModelsPageProps>(async (_ctx, session) => ({ initial: await adminModels(forSession(session)) }), {
  role: "admin",
});

/** The admin console's models page: the allow-list and default for code generation, rendered on the server. */
export default function AdminModelsPage({ initial }: AdminModelsPageProps) {
  return (
    <main id="main" className={styles.page}>
      <Head>
        <title>Models · Admin · KeyForge</title>
      </Head>
      <Link href="/admin">← All users</Link>
      <h1>Models</h1>
      <ModelAllowList initial={initial} />
    </main>
  );
}
