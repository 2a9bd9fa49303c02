import type { GetServerSideProps } from "next";
import Head from "next/head";
import styles from "@/styles/Mailbox.module.css";
import { LinkedText } from "@/components/ui/LinkedText";
import { withOptionalPageAuth } from "@/lib/auth";
import { getEnv } from "@/lib/core/env";
import { readMailbox, type StoredMail } from "@/lib/mail";

type MailboxProps = {
  /** MAILBOX_DIR, as configured. */
  directory: string;
  /** Newest first. */
  mails: StoredMail[];
};

/**
 * The developer mailbox: in development without EMAIL_SERVER, every mail is
 * written to MAILBOX_DIR instead of being sent, and read here, so every email
 * flow works on a fresh clone. Anywhere else this page does not exist (404).
 */
export const getServerSideProps: GetServerSideProps<MailboxProps> = async (ctx) => {
  const env = getEnv();
  if (env.NODE_ENV !== "development" || env.EMAIL_SERVER) return { notFound: true };
  return mailboxProps(ctx);
};

const mailboxProps = withOptionalPageAuth<MailboxProps>(async () => {
  const env = getEnv();
  return { directory: env.MAILBOX_DIR, mails: await readMailbox(env.MAILBOX_DIR) };
});

/** One time zone and locale on the server and in the browser, so hydration finds the same text. */
const dateFormat = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "medium", timeZone: "UTC" });

export default function MailboxPage({ directory, mails }: MailboxProps) {
  return (
    <main id="main" className={styles.page}>
      <Head>
        <title>Mailbox · KeyForge</title>
      </Head>
      <h1>Mailbox</h1>
      <p className={styles.intro}>
        Development only: mails are written to <code>{directory}</code> because EMAIL_SERVER is not set. Newest first;
        reload the page to see new ones.
      </p>
      {mails.length === 0 && <p className={styles.intro}>No mail yet.</p>}
      {mails.map((mail, index) => (
        <article key={mail.id} className={styles.mail}>
          {/* The newest is open: it is usually the one just asked for. */}
          <details open={index === 0}>
            <summary>
              <strong>{mail.subject}</strong>
              <br />
              <span className={styles.meta}>
                To {mail.to} · <time dateTime={mail.date}>{dateFormat.format(new Date(mail.date))} UTC</time>
              </span>
            </summary>
            <p className={styles.meta}>From {mail.from}</p>
            <LinkedText text={mail.text} />
          </details>
        </article>
      ))}
    </main>
  );
}
