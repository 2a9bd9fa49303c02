import { useEffect, useState } from "react";
import styles from "./Answer.module.css";

/**
 * Seconds since it appeared, ticking once a second: "3 s". Hidden from
 * screen readers (the status line beside it says what is happening; a
 * count read out every second would drown it), and of fixed width so the
 * line does not move as it grows.
 */
export function ElapsedTimer() {
  const [seconds, setSeconds] = useState(0);
  useEffect(() => {
    const started = Date.now();
    const timer = setInterval(() => setSeconds(Math.floor((Date.now() - started) / 1000)), 1000);
    return () => clearInterval(timer);
  }, []);
  return (
    <span aria-hidden="true" className={styles.elapsed} data-testid="elapsed-timer">
      {seconds} s
    </span>
  );
}
