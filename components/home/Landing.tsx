import Link from "next/link";
import buttonStyles from "@/components/ui/Button.module.css";
import styles from "./Landing.module.css";

/** What the picture shows, for those who do not see it. */
const PICTURE_ALT =
  "KeyForge's Generate page: a prompt asking for a debounce helper in TypeScript, the answer streaming in as highlighted code with Stop beside it, and the Together AI key shown masked";

/** The three things KeyForge does, each true of the product as it is. */
const POINTS = [
  {
    title: "An encrypted vault for your AI keys",
    text: "Together AI, CodeRabbit, Oumi and Kestra keys are encrypted at rest, bound to your account and only ever shown masked.",
  },
  {
    title: "Your own Together AI key, streamed answers",
    text: "Pick a model and a language and watch the code arrive as the model writes it, highlighted and ready to copy. Your key never reaches the browser.",
  },
  {
    title: "Sign-in you can trust",
    text: "A password or GitHub, Google or your organisation's provider; every device you are signed in on listed, and each one can be signed out; a log of your account's security events.",
  },
];

/**
 * The page a signed-out visitor meets at /: what KeyForge is, Sign up (and
 * Sign in), a picture of the product and three short points. Static: no state
 * and no client code beyond React's, so it costs the visitor nothing but the
 * framework (__tests__/e2e/landing.e2e.test.ts holds it to that). The picture
 * comes in a light and a dark drawing, and CSS shows the one that matches the
 * theme in effect (the system's, or the header's switch); width and height
 * keep its place before it loads.
 */
export function Landing() {
  return (
    <main id="main" className={styles.main}>
      <div className={styles.hero}>
        <div className={styles.intro}>
          <h1 className={styles.title}>Keep your AI keys safe, and write code with them</h1>
          <p className={styles.lead}>
            KeyForge keeps your AI API keys in one encrypted vault and generates code with your own Together AI key,
            streamed into the page.
          </p>
          <div className={styles.actions}>
            <Link href="/auth/signup" className={`${buttonStyles.primary} ${styles.action}`}>
              Sign up
            </Link>
            <Link href="/auth/signin" className={styles.secondaryAction}>
              Sign in
            </Link>
          </div>
        </div>
        <div className={styles.picture}>
          {/* Plain <img>: next/image would add client code, and has nothing to optimise in a 5 kB SVG. */}
          {/* eslint-disable-next-line @next/next/no-img-element -- see above */}
          <img className={styles.light} src="/landing/product-light.svg" width={640} height={420} alt={PICTURE_ALT} />
          {/* eslint-disable-next-line @next/next/no-img-element -- see above */}
          <img className={styles.dark} src="/landing/product-dark.svg" width={640} height={420} alt={PICTURE_ALT} />
        </div>
      </div>
      <section aria-labelledby="landing-points" className={styles.points}>
        <h2 id="landing-points" className={styles.pointsHeading}>
          What you get
        </h2>
        <ul className={styles.pointList}>
          {POINTS.map((point) => (
            <li key={point.title} className={styles.point}>
              <h3 className={styles.pointTitle}>{point.title}</h3>
              <p className={styles.pointText}>{point.text}</p>
            </li>
          ))}
        </ul>
      </section>
    </main>
  );
}
