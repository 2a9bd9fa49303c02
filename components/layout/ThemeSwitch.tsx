import { useState } from "react";
import styles from "./ThemeSwitch.module.css";
import { applyTheme } from "@/lib/client";
import { THEMES, type Theme } from "@/lib/theme/shared";

const themeLabels: Record<Theme, string> = { system: "System theme", light: "Light theme", dark: "Dark theme" };

/** Outline icons, 16 px, drawn in the text colour. */
function ThemeIcon({ theme }: { theme: Theme }) {
  const common = {
    width: 16,
    height: 16,
    viewBox: "0 0 24 24",
    fill: "none",
    stroke: "currentColor",
    strokeWidth: 2,
    strokeLinecap: "round",
    strokeLinejoin: "round",
    "aria-hidden": true,
  } as const;
  if (theme === "light") {
    return (
      <svg {...common}>
        <circle cx="12" cy="12" r="4" />
        <path d="M12 2v2M12 20v2M4.9 4.9l1.4 1.4M17.7 17.7l1.4 1.4M2 12h2M20 12h2M4.9 19.1l1.4-1.4M17.7 6.3l1.4-1.4" />
      </svg>
    );
  }
  if (theme === "dark") {
    return (
      <svg {...common}>
        <path d="M21 12.8A9 9 0 1 1 11.2 3a7 7 0 0 0 9.8 9.8z" />
      </svg>
    );
  }
  return (
    <svg {...common}>
      <rect x="3" y="4" width="18" height="12" rx="2" />
      <path d="M8 20h8M12 16v4" />
    </svg>
  );
}

/**
 * System / light / dark, as a radio group (arrow keys move between them).
 * The choice applies at once and is remembered in a cookie, which the server
 * reads to render the next page already in that theme.
 */
export function ThemeSwitch({ initialTheme }: { initialTheme: Theme }) {
  const [theme, setTheme] = useState(initialTheme);
  return (
    <fieldset className={styles.switch}>
      <legend className={styles.visuallyHidden}>Theme</legend>
      {THEMES.map((option) => (
        <label key={option} className={styles.option} title={themeLabels[option]}>
          <input
            type="radio"
            name="theme"
            value={option}
            checked={theme === option}
            className={styles.input}
            onChange={() => {
              setTheme(option);
              applyTheme(option);
            }}
          />
          <ThemeIcon theme={option} />
          <span className={styles.visuallyHidden}>{themeLabels[option]}</span>
        </label>
      ))}
    </fieldset>
  );
}
