import type { GetServerSideProps } from "next";
import Head from "next/head";
import Link from "next/link";
import { useRouter } from "next/router";
import type { FormEvent } from "react";
import { FormAlert } from "@/components/FormAlert";
import { SubmitButton } from "@/components/SubmitButton";
import { TextField } from "@/components/TextField";
import styles from "@/components/Form.module.css";
import { sendJson } from "@/lib/api-client";
import { callbackForAuthPage } from "@/lib/auth/session";
import { signInWithPassword } from "@/lib/auth/sign-in-client";
import { validateForm } from "@/lib/forms";
import { useFormFeedback } from "@/lib/hooks/use-form-feedback";
import { signupSchema } from "@/lib/validations/user";

interface SignUpProps {
  callbackUrl: string;
}

export const getServerSideProps: GetServerSideProps<SignUpProps> = async (ctx) => {
  const { callbackUrl, redirect } = await callbackForAuthPage(ctx);
  return redirect ? { redirect } : { props: { callbackUrl } };
};

export default function SignUpPage({ callbackUrl }: SignUpProps) {
  const router = useRouter();
  const { formRef, fields, formError, pending, showErrors, submit } = useFormFeedback();

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const { data, fields: invalid } = validateForm(signupSchema, Object.fromEntries(new FormData(event.currentTarget)));
    if (!data) return showErrors(invalid);

    await submit(async () => {
      await sendJson("/api/auth/signup", "POST", data);
      // Signed up: sign in with the same credentials and continue where the user was going.
      await router.push(await signInWithPassword({ email: data.email, password: data.password }, callbackUrl));
    });
  }

  return (
    <main className={styles.card}>
      <Head>
        <title>Create your account · KeyForge</title>
      </Head>
      <h1>Create your account</h1>
      <form ref={formRef} className={styles.form} onSubmit={onSubmit} noValidate>
        <FormAlert message={formError} />
        <TextField name="name" label="Name" autoComplete="name" required errors={fields.name} />
        <TextField name="email" label="Email" type="email" autoComplete="email" required errors={fields.email} />
        <TextField
          name="password"
          label="Password"
          type="password"
          autoComplete="new-password"
          required
          hint="At least 8 characters, at most 72 bytes. Avoid common passwords and your email address."
          errors={fields.password}
        />
        <SubmitButton pending={pending} label="Create account" pendingLabel="Creating your account…" />
      </form>
      <p className={styles.alternate}>
        Already have an account? <Link href={{ pathname: "/auth/signin", query: { callbackUrl } }}>Sign in</Link>
      </p>
    </main>
  );
}
