import { StatusPage } from "@/components/layout/StatusPage";
import { withOptionalPageAuth } from "@/lib/auth";

/** Answered with a real 403 status, not a 200 page that says no. */
export const getServerSideProps = withOptionalPageAuth(({ res }) => {
  res.statusCode = 403;
  return {};
});

export default function UnauthorizedPage() {
  return (
    <StatusPage status={403} title="You do not have access to that page">
      <p>It needs a role your account does not have. If you think it should, ask an administrator.</p>
    </StatusPage>
  );
}
