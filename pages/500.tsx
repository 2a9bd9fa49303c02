import { StatusPage } from "@/components/layout/StatusPage";

/** What a visitor sees when rendering a page failed on the server (the details stay in the server's log). */
export default function ServerErrorPage() {
  return (
    <StatusPage status={500} title="Something went wrong">
      <p>This page could not be shown because of a problem on our side. Please try again in a moment.</p>
    </StatusPage>
  );
}
