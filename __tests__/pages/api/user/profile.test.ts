import * as profileRoute from "@/pages/api/user/profile";
import { APP_ORIGIN, CookieJar, getSession, signedInUser, updateSession } from "../../../helpers/auth";
import { callRoute } from "../../../helpers/http";
import { usersCollection } from "../../../helpers/users";

const signedIn = () => signedInUser({ name: "Old Name" });

function patch(jar: CookieJar | undefined, json: unknown, headers: Record<string, string> = { origin: APP_ORIGIN }) {
  return callRoute<{ user?: Record<string, unknown>; error?: { code: string; fields?: Record<string, string[]> } }>(
    profileRoute,
    { method: "PATCH", jar, json, headers },
  );
}

describe("PATCH /api/user/profile", () => {
  it("changes name and picture, and the session shows the new name on update()", async () => {
    const { user, jar } = await signedIn();
    const res = await patch(jar, { name: "  New   Name ", image: "https://images.example.com/me.png" });
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ id: user.id, name: "New Name", image: "https://images.example.com/me.png", hasPassword: true });
    expect(res.text).not.toMatch(/passwordHash|\$2[aby]\$/);

    expect((await getSession(jar))?.user.name).toBe("Old Name");
    expect((await updateSession(jar))?.user).toMatchObject({ name: "New Name", image: "https://images.example.com/me.png" });
  });

  it("removes the picture with null", async () => {
    const { jar } = await signedIn();
    await patch(jar, { image: "https://images.example.com/me.png" });
    expect((await patch(jar, { image: null })).body.user).toMatchObject({ image: null });
  });

  it.each([
    ["an http image", { image: "http://images.example.com/me.png" }, "image"],
    ["a javascript: image", { image: "javascript:alert(1)" }, "image"],
    ["an empty name", { name: "   " }, "name"],
    ["nothing to change", {}, "_"],
  ])("refuses %s and changes nothing", async (_label, body, field) => {
    const { user, jar } = await signedIn();
    const res = await patch(jar, body);
    expect(res.status).toBe(400);
    expect(Object.keys(res.body.error?.fields ?? {})).toEqual([field]);
    expect(await (await usersCollection()).findOne({ _id: user._id })).toMatchObject({ name: "Old Name", image: null });
  });

  it("ignores fields a user may not set themselves", async () => {
    const { user, jar } = await signedIn();
    const res = await patch(jar, { name: "Sneaky", role: "admin", email: "other@example.com", sessionVersion: 7 });
    expect(res.status).toBe(200);
    expect(await (await usersCollection()).findOne({ _id: user._id })).toMatchObject({ name: "Sneaky", role: "user", email: user.email, sessionVersion: 0 });
  });

  it("answers 401 signed out and 403 cross-site", async () => {
    expect((await patch(undefined, { name: "X" })).status).toBe(401);
    const { jar } = await signedIn();
    expect((await patch(jar, { name: "X" }, { origin: "https://evil.example" })).status).toBe(403);
  });
});
