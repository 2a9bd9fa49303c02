import "client-only";
import { useRouter } from "next/router";
import { useEffect } from "react";

/**
 * After a client-side navigation, moves focus to the new page's main heading,
 * as a full page load would put a screen reader at the top of the new page:
 * otherwise focus stays on the link that was clicked, in a header that did not
 * change. Only a new path counts: a page that rewrites its own query (say,
 * /generate?open=…) or an in-page link keeps focus where it is, and so does a
 * page that focused its own first field (sign-in, sign-up).
 */
export function useRouteFocus(): void {
  const router = useRouter();
  useEffect(() => {
    let path = window.location.pathname;
    function focusHeading() {
      if (window.location.pathname === path) return;
      path = window.location.pathname;
      const heading = document.querySelector<HTMLElement>("main h1");
      if (!heading || document.activeElement?.closest("main")) return;
      if (!heading.hasAttribute("tabindex")) heading.setAttribute("tabindex", "-1");
      heading.focus();
    }
    router.events.on("routeChangeComplete", focusHeading);
    return () => router.events.off("routeChangeComplete", focusHeading);
  }, [router.events]);
}
