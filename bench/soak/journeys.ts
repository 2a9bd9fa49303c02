import { randomBytes } from "node:crypto";
import { CookieJar } from "../../__tests__/helpers/cookie-jar";
import type { TogetherStub } from "../../__tests__/helpers/together-stub";
import { BENCH_PASSWORD } from "../lib/seed";
import type { Answer, Balancer } from "./balancer";

/**
 * The mixed journeys a soak runs, each as a browser makes it through the
 * balancer: a member signs in, checks the session, reads Settings, writes and
 * reads the vault, streams a generation and signs out; a mover asks to change
 * their email; a newcomer signs up; someone forgets their password. Every
 * accepted action is written down in the ledger, which the checks hold the
 * database, the SMTP server and the audit trail to.
 */

export type AuditType = "signup" | "signin.succeeded" | "vault.key_added" | "vault.key_replaced" | "password.reset_requested" | "email.change_requested" | "signout";

export interface Ledger {
  signups: { email: string; at: number }[];
  /** Every vault write per member, in order, with its answer. */
  vaultWrites: Map<string, { key: string; status: number }[]>;
  /** Mails an accepted request owes: one recipient each (every address is used once). */
  mails: { to: string; kind: "password-reset" | "email-change" | "verification"; at: number }[];
  /** Audit events accepted requests owe, by the account's email; `types` lists the types that satisfy it. */
  audits: { email: string; types: AuditType[]; at: number }[];
  /** Reads right after a write that did not show it. */
  staleReads: string[];
}

export function emptyLedger(): Ledger {
  return { signups: [], vaultWrites: new Map(), mails: [], audits: [], staleReads: [] };
}

const ok = (answer: Answer) => answer.status >= 200 && answer.status < 300;
const json = { "content-type": "application/json" };

/** A browser: its own cookies, every request through the balancer. */
class Browser {
  readonly jar = new CookieJar();
  constructor(private readonly balancer: Balancer, private readonly clock: () => number) {}

  now(): number {
    return this.clock();
  }

  async request(kind: string, path: string, init: RequestInit = {}): Promise<Answer> {
    const headers = new Headers(init.headers);
    const cookie = this.jar.header();
    if (cookie) headers.set("cookie", cookie);
    const answer = await this.balancer.send(kind, path, { ...init, headers });
    this.jar.store(new Response(null, { headers: answer.headers }));
    return answer;
  }

  private async csrf(kind: string): Promise<string | undefined> {
    const answer = await this.request(kind, "/api/auth/csrf");
    if (!ok(answer)) return undefined;
    return (JSON.parse(answer.body) as { csrfToken?: string }).csrfToken;
  }

  /** NextAuth's credentials flow; true when a session cookie came back. */
  async signIn(email: string, password: string): Promise<boolean> {
    const csrfToken = await this.csrf("sign-in");
    if (!csrfToken) return false;
    const form = new URLSearchParams({ csrfToken, email, password, json: "true" });
    const answer = await this.request("sign-in", "/api/auth/callback/credentials", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: form.toString(),
    });
    return ok(answer) && !answer.body.includes("error=") && this.jar.names().some((name) => name.includes("session-token"));
  }

  async signOut(): Promise<boolean> {
    const csrfToken = await this.csrf("sign-out");
    if (!csrfToken) return false;
    const form = new URLSearchParams({ csrfToken, json: "true" });
    const answer = await this.request("sign-out", "/api/auth/signout", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: form.toString(),
    });
    return ok(answer);
  }
}

export interface JourneyContext {
  balancer: Balancer;
  stub: TogetherStub;
  ledger: Ledger;
  clock: () => number;
  /** Seeded, verified members, each in one journey at a time. */
  members: string[];
  /** Seeded users who forget their password, each once. */
  forgetful: string[];
}

const unique = () => randomBytes(6).toString("hex");

async function member(context: JourneyContext, email: string): Promise<void> {
  const { ledger } = context;
  const browser = new Browser(context.balancer, context.clock);
  const at = browser.now();
  if (!(await browser.signIn(email, BENCH_PASSWORD))) return;
  ledger.audits.push({ email, types: ["signin.succeeded"], at });
  await browser.request("session", "/api/auth/session");
  for (const path of ["/api/user/me", "/api/user/email", "/api/user/sessions", "/settings/account"]) await browser.request("settings", path);
  const key = `sk-soak-${randomBytes(16).toString("hex")}`;
  context.stub.acceptKeys(key);
  const writeAt = browser.now();
  const write = await browser.request("vault write", "/api/user/api-keys", { method: "POST", headers: json, body: JSON.stringify({ togetherAI: key }) });
  const writes = ledger.vaultWrites.get(email) ?? [];
  writes.push({ key, status: write.status });
  ledger.vaultWrites.set(email, writes);
  if (ok(write)) {
    ledger.audits.push({ email, types: ["vault.key_added", "vault.key_replaced"], at: writeAt });
    const read = await browser.request("vault read", "/api/user/api-keys");
    if (ok(read) && !read.body.includes(key.slice(-4))) ledger.staleReads.push(`${email}: wrote …${key.slice(-4)}, read ${read.body.slice(0, 200)}`);
    await browser.request("generate", "/api/generate", { method: "POST", headers: json, body: JSON.stringify({ prompt: "Print one line in TypeScript" }) });
  }
  const outAt = browser.now();
  if (await browser.signOut()) ledger.audits.push({ email, types: ["signout"], at: outAt });
}

async function mover(context: JourneyContext, email: string): Promise<void> {
  const browser = new Browser(context.balancer, context.clock);
  const at = browser.now();
  if (!(await browser.signIn(email, BENCH_PASSWORD))) return;
  context.ledger.audits.push({ email, types: ["signin.succeeded"], at });
  const newEmail = `moved-${unique()}@soak.example.com`;
  const changeAt = browser.now();
  const change = await browser.request("email change", "/api/user/email", { method: "POST", headers: json, body: JSON.stringify({ newEmail, currentPassword: BENCH_PASSWORD }) });
  if (ok(change)) {
    context.ledger.audits.push({ email, types: ["email.change_requested"], at: changeAt });
    context.ledger.mails.push({ to: newEmail, kind: "email-change", at: changeAt });
  }
  const outAt = browser.now();
  if (await browser.signOut()) context.ledger.audits.push({ email, types: ["signout"], at: outAt });
}

async function newcomer(context: JourneyContext): Promise<void> {
  const browser = new Browser(context.balancer, context.clock);
  const email = `new-${unique()}@soak.example.com`;
  const at = browser.now();
  const body = JSON.stringify({ name: "Soak Newcomer", email, password: `Soak-${unique()}-Quartz-7` });
  const answer = await browser.request("sign-up", "/api/auth/signup", { method: "POST", headers: json, body });
  if (!ok(answer)) return;
  context.ledger.signups.push({ email, at });
  context.ledger.audits.push({ email, types: ["signup"], at });
  context.ledger.mails.push({ to: email, kind: "verification", at });
  await browser.request("session", "/api/auth/session");
}

async function forgetful(context: JourneyContext): Promise<void> {
  const email = context.forgetful.shift();
  if (!email) return;
  const browser = new Browser(context.balancer, context.clock);
  const at = browser.now();
  const answer = await browser.request("forgot-password", "/api/auth/forgot-password", { method: "POST", headers: json, body: JSON.stringify({ email }) });
  if (!ok(answer)) return;
  context.ledger.audits.push({ email, types: ["password.reset_requested"], at });
  context.ledger.mails.push({ to: email, kind: "password-reset", at });
}

/** One journey of the mix, by its turn: members most often, as on a real site. */
export async function runJourney(context: JourneyContext, turn: number): Promise<void> {
  const which = turn % 6;
  if (which === 2) return newcomer(context);
  if (which === 4) return forgetful(context);
  const email = context.members.shift();
  if (!email) return;
  try {
    await (which === 5 ? mover(context, email) : member(context, email));
  } finally {
    context.members.push(email);
  }
}

/** After the run: the member's vault as the API shows it (signed in afresh), or undefined when that failed. */
export async function readVault(balancer: Balancer, email: string): Promise<string | undefined> {
  const browser = new Browser(balancer, Date.now);
  if (!(await browser.signIn(email, BENCH_PASSWORD))) return undefined;
  const answer = await browser.request("check", "/api/user/api-keys");
  return ok(answer) ? answer.body : undefined;
}
