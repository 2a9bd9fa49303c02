import type { GetServerSideProps } from "next";
import Head from "next/head";
import Link from "next/link";
import { useRouter } from "next/router";
import { signIn } from "next-auth/react";
import type { FormEvent } from "react";
import { FormAlert } from "@/components/FormAlert";
import { SubmitButton } from "@/components/SubmitButton";
import { TextField } from "@/components/TextField";
import styles from "@/components/Form.module.css";
import { callbackForAuthPage, oauthProviders } from "@/lib/auth/session";
import { signInWithPassword } from "@/lib/auth/sign-in-client";
import { signInErrorMessage } from "@/lib/auth/signin-errors";
import { validateForm } from "@/lib/forms";
import { useFormFeedback } from "@/lib/hooks/use-form-feedback";
import { signinSchema } from "@/lib/validations/user";

interface OAuthProvider {
  id: string;
  name: string;
}

interface SignInProps {
  callbackUrl: string;
  providers: OAuthProvider[];
  initialError: string | null;
}

export const getServerSideProps: GetServerSideProps<SignInProps> = async (ctx) => {
  const { callbackUrl, redirect } = await callbackForAuthPage(ctx);
  if (redirect) return { redirect };
  const providers = oauthProviders();
  const error = typeof ctx.query.error === "string" ? signInErrorMessage(ctx.query.error) : null;
  return { props: { callbackUrl, providers, initialError: error } };
};

export default function SignInPage({ callbackUrl, providers, initialError }: SignInProps) {
  const router = useRouter();
  const { formRef, fields, formError, pending, showErrors, submit } = useFormFeedback(initialError);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const { data, fields: invalid } = validateForm(signinSchema, Object.fromEntries(new FormData(event.currentTarget)));
    if (!data) return showErrors(invalid);
    await submit(async () => {
      await router.push(await signInWithPassword(data, callbackUrl));
    });
  }

  return (
    <main className={styles.card}>
      <Head>
        <title>Sign in · KeyForge</title>
      </Head>
      <h1>Sign in</h1>
      <form ref={formRef} className={styles.form} onSubmit={onSubmit} noValidate>
        <FormAlert message={formError} />
        <TextField name="email" label="Email" type="email" autoComplete="email" required errors={fields.email} />
        <TextField
          name="password"
          label="Password"
          type="password"
          autoComplete="current-password"
          required
          errors={fields.password}
        />
        <SubmitButton pending={pending} label="Sign in" pendingLabel="Signing in…" />
      </form>
      {providers.length > 0 && (
        <>
          <p className={styles.divider}>or</p>
          {providers.map((provider) => (
            <button
              key={provider.id}
              type="button"
              className={styles.providerButton}
              onClick={() => signIn(provider.id, { callbackUrl })}
            >
              Continue with {provider.name}
            </button>
          ))}
        </>
      )}
      <p className={styles.alternate}>
        New here? <Link href={{ pathname: "/auth/signup", query: { callbackUrl } }}>Create an account</Link>
      </p>
    </main>
  );
}
