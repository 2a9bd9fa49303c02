import type { GetServerSideProps } from "next";
import Head from "next/head";
import Link from "next/link";
import styles from "@/components/ui/Form.module.css";

/** Answered with a real 403 status, not a 200 page that says no. */
export const getServerSideProps: GetServerSideProps = async ({ res }) => {
  res.statusCode = 403;
  return { props: {} };
};

export default function UnauthorizedPage() {
  return (
    <main className={styles.card}>
      <Head>
        <title>No access · KeyForge</title>
      </Head>
      <h1>You do not have access to that page</h1>
      <p>It needs a role your account does not have.</p>
      <Link href="/">Go to the home page</Link>
    </main>
  );
}
