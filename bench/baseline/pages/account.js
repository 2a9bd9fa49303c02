import { getServerSession } from "next-auth/next";
import { connectToDatabase } from "../lib/db";
import { User } from "../lib/user";
import { authOptions } from "./api/auth/[...nextauth]";

/**
 * A signed-in page rendered on the server with one indexed read (by _id) of
 * the user: what the benchmark pairs KeyForge's pages with. Signed out, it
 * sends the visitor to sign in, as a protected page does.
 */
export async function getServerSideProps({ req, res }) {
  const session = await getServerSession(req, res, authOptions);
  if (!session) return { redirect: { destination: "/api/auth/signin", permanent: false } };
  await connectToDatabase();
  const user = await User.findById(session.user.id).select("name email preferences").lean();
  return { props: { name: user?.name ?? "", email: user?.email ?? "", keepHistory: user?.preferences?.keepGenerationHistory ?? true } };
}

export default function Account({ name, email, keepHistory }) {
  return (
    <main>
      <h1>Account</h1>
      <p>
        {name} ({email})
      </p>
      <p>Keep generation history: {keepHistory ? "on" : "off"}</p>
    </main>
  );
}
