import Head from "next/head";
import Link from "next/link";
import styles from "@/components/admin/Admin.module.css";
import mailStyles from "@/components/admin/DeadMailList.module.css";
import { DeadMailList } from "@/components/admin/DeadMailList";
import { OutboxSummary } from "@/components/admin/OutboxSummary";
import { mailOverview } from "@/lib/admin";
import type { AdminMailOverview } from "@/lib/admin/shared";
import { withPageAuth } from "@/lib/auth";

export const getServerSideProps = withPageAuth<AdminMailOverview>(() => mailOverview(), { role: "admin" });

/** The admin console's mail page: the outbox's counts and the mails given up after their last retry, each with "Retry". Rendered on the server. */
export default function AdminMailPage({ deadMails, counts }: AdminMailOverview) {
  return (
    <main id="main" className={styles.page}>
      <Head>
        <title>Mail · Admin · KeyForge</title>
      </Head>
      <Link href="/admin">← All users</Link>
      <h1>Mail</h1>
      <OutboxSummary counts={counts} />
      <section aria-labelledby="dead-mail-heading" className={mailStyles.section}>
        <h2 id="dead-mail-heading">Undelivered mail</h2>
        <p className={styles.muted}>
          Mails given up after their last retry. Only what was sent and to whom is kept, never the mail itself; a retry makes a mail
          from a link again with a fresh link.
        </p>
        <DeadMailList mails={deadMails} />
      </section>
    </main>
  );
}
