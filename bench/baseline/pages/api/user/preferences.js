import { getServerSession } from "next-auth/next";
import { connectToDatabase } from "../../../lib/db";
import { User } from "../../../lib/user";
import { authOptions } from "../auth/[...nextauth]";

/** A protected route with one indexed read (by _id) of the signed-in user. */
export default async function handler(req, res) {
  const session = await getServerSession(req, res, authOptions);
  if (!session) return res.status(401).json({});
  await connectToDatabase();
  const user = await User.findById(session.user.id).select("preferences").lean();
  res.status(200).json({ preferences: user?.preferences ?? null });
}
