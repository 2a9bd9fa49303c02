import type { GetServerSideProps } from "next";
import Head from "next/head";
import Link from "next/link";
import { SignUpForm } from "@/components/auth/SignUpForm";
import styles from "@/components/ui/Form.module.css";
import { callbackForAuthPage } from "@/lib/auth";

interface SignUpProps {
  callbackUrl: string;
}

export const getServerSideProps: GetServerSideProps<SignUpProps> = async (ctx) => {
  const { callbackUrl, redirect } = await callbackForAuthPage(ctx);
  return redirect ? { redirect } : { props: { callbackUrl } };
};

export default function SignUpPage({ callbackUrl }: SignUpProps) {
  return (
    <main className={styles.card}>
      <Head>
        <title>Create your account · KeyForge</title>
      </Head>
      <h1>Create your account</h1>
      <SignUpForm callbackUrl={callbackUrl} />
      <p className={styles.alternate}>
        Already have an account? <Link href={{ pathname: "/auth/signin", query: { callbackUrl } }}>Sign in</Link>
      </p>
    </main>
  );
}
