import styles from "@/styles/Home.module.css";

export default function Home() {
  return (
    <main className={styles.main}>
      <h1 className={styles.title}>KeyForge</h1>
      <p className={styles.lead}>
        Keep your AI API keys (Together AI, CodeRabbit, Oumi, Kestra) encrypted in one vault, shown only ever masked.
        Code generation with your own Together AI key is on its way.
      </p>
      <ul className={styles.points}>
        <li>Sign up with your email and a password; five wrong guesses lock an email for 15 minutes.</li>
        <li>Keys are encrypted at rest, bound to your account, and never shown again in full.</li>
        <li>See every device you are signed in on, and sign any of them out.</li>
      </ul>
    </main>
  );
}
