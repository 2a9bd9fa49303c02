/** @jest-environment-options {"env": {"SESSION_REVALIDATE_SECONDS": "60"}} */
import { IncomingMessage, ServerResponse } from "node:http";
import { Socket } from "node:net";
import { getServerSession } from "next-auth";
import { authOptions } from "@/lib/auth";
import { readServerSession } from "@/lib/auth/server-session";
import { revokeDeviceSession } from "@/lib/sessions";
import { SESSION_COOKIE, pastRevalidation, signedInUser } from "../../helpers/auth";

/**
 * readServerSession against next-auth's own getServerSession with the same
 * options and the same cookie: the same session, or none, and the cookie
 * cleared in the same cases; the difference is that an unchanged session's
 * cookie is not sent again.
 */

/** A request carrying `cookies`, parsed as Next parses them for pages and API routes. */
function requestWith(cookies: Record<string, string>) {
  const req = Object.assign(new IncomingMessage(new Socket()), { cookies: { ...cookies } });
  req.headers.cookie = Object.entries(cookies).map(([name, value]) => `${name}=${value}`).join("; ");
  return req;
}

const setCookiesOf = (res: ServerResponse) => [res.getHeader("set-cookie") ?? []].flat().map(String);

/** Both readers on the same cookies. */
async function readBoth(cookies: Record<string, string>) {
  const [ourRequest, theirRequest] = [requestWith(cookies), requestWith(cookies)];
  const [ours, theirs] = [new ServerResponse(ourRequest), new ServerResponse(theirRequest)];
  const mine = await readServerSession(ourRequest, ours);
  const nextAuths = await getServerSession(theirRequest, theirs, authOptions);
  return { mine, nextAuths, ourCookies: setCookiesOf(ours), theirCookies: setCookiesOf(theirs) };
}

const withoutExpiry = <T extends { expires?: string } | null>(session: T) => session && { ...session, expires: undefined };
const sessionCookieLines = (lines: string[]) => lines.filter((line) => line.startsWith(`${SESSION_COOKIE}=`));
const cleared = (lines: string[]) => sessionCookieLines(lines).some((line) => /^[^=]+=;/.test(line) && /Max-Age=0/i.test(line));

it("reads a signed-in session as next-auth does, without sending the unchanged cookie again", async () => {
  const { user, jar } = await signedInUser();
  const { mine, nextAuths, ourCookies, theirCookies } = await readBoth({ [SESSION_COOKIE]: jar.get(SESSION_COOKIE) ?? "" });

  expect(mine?.user.id).toBe(user.id);
  expect(withoutExpiry(mine)).toEqual(withoutExpiry(nextAuths));
  expect(sessionCookieLines(ourCookies)).toEqual([]);
  expect(sessionCookieLines(theirCookies)).toHaveLength(1);
});

it("re-issues the cookie when revalidation changed the token, as next-auth does", async () => {
  const { jar } = await signedInUser();
  await pastRevalidation(jar);
  const { mine, ourCookies } = await readBoth({ [SESSION_COOKIE]: jar.get(SESSION_COOKIE) ?? "" });

  expect(mine).not.toBeNull();
  expect(sessionCookieLines(ourCookies)).toHaveLength(1);
  expect(sessionCookieLines(ourCookies)[0]).not.toContain(jar.get(SESSION_COOKIE));
});

it("answers no session and clears the cookie for an ended session, as next-auth does", async () => {
  const { user, jar } = await signedInUser();
  const { mine: before } = await readBoth({ [SESSION_COOKIE]: jar.get(SESSION_COOKIE) ?? "" });
  await revokeDeviceSession(before?.deviceSessionId ?? "", user.id);
  await pastRevalidation(jar);

  const { mine, nextAuths, ourCookies, theirCookies } = await readBoth({ [SESSION_COOKIE]: jar.get(SESSION_COOKIE) ?? "" });
  expect(mine).toBeNull();
  expect(nextAuths).toBeNull();
  expect(cleared(ourCookies)).toBe(true);
  expect(cleared(theirCookies)).toBe(true);
});

it("answers no session and clears a forged cookie, as next-auth does", async () => {
  const { mine, nextAuths, ourCookies, theirCookies } = await readBoth({ [SESSION_COOKIE]: "eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..forged.forged.forged" });

  expect(mine).toBeNull();
  expect(nextAuths).toBeNull();
  expect(cleared(ourCookies)).toBe(true);
  expect(cleared(theirCookies)).toBe(true);
});

it("answers no session, and sets no session cookie, without one", async () => {
  const { mine, nextAuths, ourCookies } = await readBoth({});

  expect(mine).toBeNull();
  expect(nextAuths).toBeNull();
  expect(sessionCookieLines(ourCookies)).toEqual([]);
});
