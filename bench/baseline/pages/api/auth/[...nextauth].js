import bcrypt from "bcryptjs";
import NextAuth from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { connectToDatabase } from "../../../lib/db";
import { User } from "../../../lib/user";

/** Credentials + JWT, as next-auth v4's docs show it: the password is checked in process. */
export const authOptions = {
  secret: process.env.NEXTAUTH_SECRET,
  session: { strategy: "jwt" },
  providers: [
    CredentialsProvider({
      name: "Email and password",
      credentials: { email: { type: "email" }, password: { type: "password" } },
      async authorize(credentials) {
        if (!credentials?.email || !credentials.password) return null;
        await connectToDatabase();
        const user = await User.findOne({ email: credentials.email.toLowerCase() }).select("email name passwordHash").lean();
        if (!user?.passwordHash || !(await bcrypt.compare(credentials.password, user.passwordHash))) return null;
        return { id: user._id.toString(), email: user.email, name: user.name };
      },
    }),
  ],
  callbacks: {
    session({ session, token }) {
      return { ...session, user: { ...session.user, id: token.sub } };
    },
  },
};

export default NextAuth(authOptions);
