import { getServerSession } from "next-auth/next";
import { authOptions } from "../auth/[...nextauth]";

/** The session from the cookie alone (no database): 401 signed out. */
export default async function handler(req, res) {
  const session = await getServerSession(req, res, authOptions);
  if (!session) return res.status(401).json({});
  res.status(200).json(session);
}
