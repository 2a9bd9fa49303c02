import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { fetchGitHubProfile, gitHubIdentity } from "@/lib/auth/providers/github";

/**
 * GitHub's identity from recorded API answers (the shapes of `GET /user` and
 * `GET /user/emails`, trimmed to a few fields), and the two requests made
 * against a local server that answers like api.github.com.
 */

const octocat = {
  login: "octocat",
  id: 583231,
  node_id: "MDQ6VXNlcjU4MzIzMQ==",
  avatar_url: "https://avatars.githubusercontent.com/u/583231?v=4",
  type: "User",
  name: "The Octocat",
  company: "@github",
  // Private email: GitHub's /user answers null.
  email: null,
};

const address = (email: string, primary: boolean, verified: boolean) => ({ email, primary, verified, visibility: primary ? "private" : null });

describe("GitHub identity", () => {
  it("uses the primary address when GitHub has verified it, even when the profile's email is private", () => {
    const identity = gitHubIdentity({ ...octocat, emails: [address("Octocat@GitHub.com", true, true)] });
    expect(identity).toEqual({
      provider: "github",
      providerAccountId: "583231",
      name: "The Octocat",
      image: "https://avatars.githubusercontent.com/u/583231?v=4",
      label: "octocat",
      email: { address: "octocat@github.com", verified: true },
    });
  });

  it("marks an unverified primary address as unverified, and never falls back to another address", () => {
    const identity = gitHubIdentity({
      ...octocat,
      emails: [address("verified-but-secondary@example.com", false, true), address("new@example.com", true, false)],
    });
    expect(identity.email).toEqual({ address: "new@example.com", verified: false });
  });

  it("picks the primary among several addresses", () => {
    const identity = gitHubIdentity({
      ...octocat,
      emails: [address("old@example.com", false, true), address("work@example.com", true, true), address("spare@example.com", false, false)],
    });
    expect(identity.email).toEqual({ address: "work@example.com", verified: true });
  });

  it("has no email without addresses, and the login as name when the profile has none", () => {
    const identity = gitHubIdentity({ ...octocat, name: null, emails: [] });
    expect(identity).toMatchObject({ name: "octocat", email: null });
  });
});

describe("reading GitHub's API", () => {
  let server: Server;
  let baseUrl: string;
  const seen: { path: string; headers: IncomingHttpHeaders }[] = [];
  let emailsStatus = 200;

  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push({ path: req.url ?? "", headers: req.headers });
      res.setHeader("Content-Type", "application/json");
      if (req.url === "/user") return res.end(JSON.stringify(octocat));
      res.statusCode = emailsStatus;
      res.end(emailsStatus === 200 ? JSON.stringify([address("octocat@github.com", true, true)]) : '{"message":"Not Found"}');
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => {
    seen.length = 0;
    emailsStatus = 200;
  });

  it("asks for the user and their addresses with the access token", async () => {
    const profile = await fetchGitHubProfile("gho_token123", baseUrl);

    expect(seen.map((request) => request.path).sort()).toEqual(["/user", "/user/emails"]);
    expect(seen.every((request) => request.headers.authorization === "Bearer gho_token123")).toBe(true);
    expect(gitHubIdentity(profile).email).toEqual({ address: "octocat@github.com", verified: true });
  });

  it("signs in without an email when the addresses cannot be read (no user:email scope)", async () => {
    emailsStatus = 404;
    const profile = await fetchGitHubProfile("gho_token123", baseUrl);
    expect(gitHubIdentity(profile)).toMatchObject({ providerAccountId: "583231", email: null });
  });
});
