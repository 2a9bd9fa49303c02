/**
 * A real OpenID Connect provider (oidc-provider, the certified implementation)
 * for KeyForge's tests, run as `node server.mjs` in a child process because
 * oidc-provider v9 is ESM-only. `__tests__/helpers/oidc-provider.ts` drives it.
 *
 * Env: PORT (0 = any free port), CLIENT_ID, CLIENT_SECRET, REDIRECT_URIS
 * (comma-separated). Prints `READY <port>` on stdout once listening.
 *
 * Besides the provider's own endpoints it serves:
 *   GET  /interaction/:uid        the sign-in form (or automatic consent)
 *   POST /interaction/:uid/login  signs in as `login` and grants consent in one step
 *   POST /__test/accounts         {"login", "claims"} registers an account (204)
 */
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { createServer } from "node:http";
import Provider from "oidc-provider";

// oidc-provider prints its notices with console.info; stdout is reserved for the READY line.
console.info = console.error;

const CLAIM_NAMES = ["email", "email_verified", "name", "picture"];
const MAX_BODY_BYTES = 64 * 1024;

/** login → claims, exactly as the test registered them (no type coercion: that is under test). */
const accounts = new Map();

function requireEnv(name) {
  const value = process.env[name];
  if (!value) {
    console.error(`server.mjs: ${name} is required`);
    process.exit(1);
  }
  return value;
}

const client = {
  client_id: requireEnv("CLIENT_ID"),
  client_secret: requireEnv("CLIENT_SECRET"),
  redirect_uris: requireEnv("REDIRECT_URIS").split(","),
  grant_types: ["authorization_code"],
  response_types: ["code"],
  token_endpoint_auth_method: "client_secret_basic",
};

function signingKey() {
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return { ...privateKey.export({ format: "jwk" }), kid: randomBytes(8).toString("hex"), use: "sig", alg: "RS256" };
}

async function findAccount(_ctx, sub) {
  const claims = accounts.get(sub);
  if (!claims) return undefined;
  return { accountId: sub, claims: () => ({ sub, ...claims }) };
}

function renderError(ctx, out) {
  ctx.type = "html";
  ctx.body = page("Error", `<h1>${escapeHtml(out.error)}</h1><p>${escapeHtml(out.error_description ?? "")}</p>`);
}

function createProvider(issuer) {
  return new Provider(issuer, {
    clients: [client],
    responseTypes: ["code"],
    pkce: { required: () => true },
    scopes: ["openid", "email", "profile"],
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name", "picture"] },
    jwks: { keys: [signingKey()] },
    cookies: { keys: [randomBytes(32).toString("base64url")] },
    features: { devInteractions: { enabled: false } },
    // Explicit TTLs: the defaults work but print a notice each.
    ttl: { AccessToken: 3600, IdToken: 3600, Interaction: 3600, Session: 86400, Grant: 86400 },
    findAccount,
    renderError,
  });
}

function escapeHtml(value) {
  return String(value).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function page(title, body) {
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body>${body}</body></html>`;
}

function loginPage(uid, error) {
  const alert = error ? `<p role="alert">${escapeHtml(error)}</p>` : "";
  return page(
    "Test identity provider",
    `<h1>Test identity provider</h1>${alert}
<form method="post" action="/interaction/${escapeHtml(uid)}/login">
<label for="login">Username</label>
<input id="login" type="text" name="login" autocomplete="username" autofocus>
<button type="submit">Sign in</button>
</form>`,
  );
}

async function readBody(req) {
  const parts = [];
  let size = 0;
  for await (const part of req) {
    size += part.length;
    if (size > MAX_BODY_BYTES) throw Object.assign(new Error("request body too large"), { status: 413 });
    parts.push(part);
  }
  return Buffer.concat(parts).toString("utf8");
}

/**
 * Grants the scopes the authorization request asked for (claims come with their
 * scopes: the `claims` parameter is off); returns the grant id.
 */
async function grantRequested(provider, interaction, accountId) {
  const { params, grantId } = interaction;
  const existing = grantId ? await provider.Grant.find(grantId) : undefined;
  const grant =
    existing?.accountId === accountId ? existing : new provider.Grant({ accountId, clientId: params.client_id });
  grant.addOIDCScope(String(params.scope ?? "openid"));
  return grant.save();
}

async function finishInteraction(provider, ctx, result) {
  const returnTo = await provider.interactionResult(ctx.req, ctx.res, result, { mergeWithLastSubmission: true });
  ctx.status = 303;
  ctx.redirect(returnTo);
}

async function showInteraction(provider, ctx, uid) {
  const interaction = await provider.interactionDetails(ctx.req, ctx.res);
  // A returning user may still be asked to consent: agree on their behalf.
  if (interaction.prompt.name === "consent") {
    const grantId = await grantRequested(provider, interaction, interaction.session.accountId);
    return finishInteraction(provider, ctx, { consent: { grantId } });
  }
  ctx.type = "html";
  ctx.body = loginPage(uid);
}

async function submitLogin(provider, ctx, uid) {
  const interaction = await provider.interactionDetails(ctx.req, ctx.res);
  const login = new URLSearchParams(await readBody(ctx.req)).get("login") ?? "";
  if (!accounts.has(login)) {
    ctx.status = 400;
    ctx.type = "html";
    ctx.body = loginPage(uid, "Unknown user");
    return;
  }
  // Consent in the same step, so a sign-in needs no separate consent screen.
  const grantId = await grantRequested(provider, interaction, login);
  return finishInteraction(provider, ctx, { login: { accountId: login }, consent: { grantId } });
}

async function registerAccount(ctx) {
  let input;
  try {
    input = JSON.parse(await readBody(ctx.req));
  } catch {
    input = undefined;
  }
  if (typeof input?.login !== "string" || !input.login || (input.claims != null && typeof input.claims !== "object")) {
    ctx.status = 400;
    ctx.body = 'expected {"login": string, "claims": object}';
    return;
  }
  const claims = Object.fromEntries(CLAIM_NAMES.filter((n) => input.claims && n in input.claims).map((n) => [n, input.claims[n]]));
  accounts.set(input.login, claims);
  ctx.status = 204;
}

/** An interaction that fails (expired, cookie missing, …) answers an error page instead of crashing. */
async function guarded(ctx, handler) {
  try {
    await handler();
  } catch (err) {
    console.error("interaction failed:", err);
    ctx.status = err.statusCode ?? err.status ?? 500;
    ctx.type = "html";
    ctx.body = page("Error", `<h1>${escapeHtml(err.error ?? "server_error")}</h1><p>${escapeHtml(err.error_description ?? err.message)}</p>`);
  }
}

function routes(provider) {
  return async (ctx, next) => {
    const interaction = /^\/interaction\/([^/]+)(\/login)?$/.exec(ctx.path);
    if (interaction && ctx.method === "GET" && !interaction[2]) {
      return guarded(ctx, () => showInteraction(provider, ctx, interaction[1]));
    }
    if (interaction && ctx.method === "POST" && interaction[2]) {
      return guarded(ctx, () => submitLogin(provider, ctx, interaction[1]));
    }
    if (ctx.path === "/__test/accounts" && ctx.method === "POST") return registerAccount(ctx);
    return next();
  };
}

const server = createServer();
server.on("error", (err) => {
  console.error("server.mjs:", err);
  process.exit(1);
});
server.listen(Number(process.env.PORT ?? 0), "127.0.0.1", () => {
  const { port } = server.address();
  // The issuer needs the real port, so the provider is built once listening.
  const provider = createProvider(`http://127.0.0.1:${port}`);
  provider.use(routes(provider));
  server.on("request", provider.callback());
  process.stdout.write(`READY ${port}\n`);
});

function shutdown() {
  server.close(() => process.exit(0));
  server.closeAllConnections();
  setTimeout(() => process.exit(0), 2000).unref();
}
process.once("SIGTERM", shutdown);
process.once("SIGINT", shutdown);
// Started with an IPC channel: it closes when the parent dies, even by SIGKILL, so no orphan is left.
process.once("disconnect", shutdown);
