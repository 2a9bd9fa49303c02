import { StatusPage } from "@/components/layout/StatusPage";

/** Any URL that matches no page. */
export default function NotFoundPage() {
  return (
    <StatusPage status={404} title="Page not found">
      <p>There is no page at this address. It may have moved, or the link may be mistyped.</p>
    </StatusPage>
  );
}
