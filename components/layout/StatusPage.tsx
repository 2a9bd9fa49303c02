import Head from "next/head";
import Link from "next/link";
import type { ReactNode } from "react";
import styles from "./StatusPage.module.css";

interface StatusPageProps {
  /** The HTTP status, shown large: "404". */
  status: number;
  title: string;
  children: ReactNode;
}

/** A page that explains why there is nothing here (404, 403, 500) and offers the way on. */
export function StatusPage({ status, title, children }: StatusPageProps) {
  return (
    <main id="main" className={styles.page}>
      <Head>
        <title>{`${title} · KeyForge`}</title>
      </Head>
      <p className={styles.status} aria-hidden="true">
        {status}
      </p>
      <h1 className={styles.title}>{title}</h1>
      <div className={styles.body}>{children}</div>
      <p className={styles.links}>
        <Link href="/" className={styles.primary}>
          Go to the start page
        </Link>
      </p>
    </main>
  );
}
