import styles from "@/styles/Home.module.css";

export default function Home() {
  return (
    <main className={styles.main}>
      <h1 className={styles.title}>KeyForge</h1>
      <p className={styles.lead}>
        Keep your AI API keys (Together AI, CodeRabbit, Oumi, Kestra) encrypted in one vault, and generate code with
        your own Together AI key, streamed straight into the page.
      </p>
      <ul className={styles.points}>
        <li>Sign up with email and password, or with GitHub, Google or your company&apos;s OIDC provider.</li>
        <li>Keys are encrypted at rest and only ever shown masked.</li>
        <li>See and end your sessions on every device.</li>
      </ul>
    </main>
  );
}
