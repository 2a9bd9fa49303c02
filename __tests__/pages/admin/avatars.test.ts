import type { GetServerSidePropsContext } from "next";
import * as listPage from "@/pages/admin";
import * as userPage from "@/pages/admin/users/[id]";
import * as userRoute from "@/pages/api/admin/users/[id]";
import * as usersRoute from "@/pages/api/admin/users";
import { signedInUser } from "../../helpers/auth";
import { callRoute } from "../../helpers/http";
import { renderPage, tagAttributes } from "../../helpers/pages";
import { createTestUser, rawCollection } from "../../helpers/users";

/**
 * A picture is a link the user chose: loaded in an admin's browser, it would
 * tell its owner when, and from which address, an admin looked at them. The
 * admin console shows initials instead, and never sends the link at all.
 */

const TRACKER = "https://tracker.example/pixel.png?who=uma";

beforeEach(async () => {
  for (const name of ["users", "sessions", "authEvents", "accounts"]) await (await rawCollection(name)).deleteMany({});
});

/** An admin's browser, and a user named Uma Watcher whose picture is TRACKER. */
async function adminAndWatcher() {
  const { jar } = await signedInUser({ role: "admin", name: "Ada Admin" });
  const user = await createTestUser({ name: "Uma Watcher" });
  await (await rawCollection("users")).updateOne({ _id: user._id }, { $set: { image: TRACKER } });
  return { jar, user };
}

describe("the admin console never loads a user's picture", () => {
  it("the user page shows their initials, and the link appears nowhere in it", async () => {
    const { jar, user } = await adminAndWatcher();
    // The page reads its id from the route's params, which renderPage (for query-only pages) does not set.
    const withParams = {
      ...userPage,
      getServerSideProps: (ctx: GetServerSidePropsContext) => userPage.getServerSideProps({ ...ctx, params: { id: user.id } }),
    };

    const { html } = await renderPage(withParams, `/admin/users/${user.id}`, jar);

    expect(html).toContain("Uma Watcher");
    expect(html).not.toContain("tracker.example");
    expect(tagAttributes(html, "img", "src")).toBeNull();
    expect(html).toMatch(/<span[^>]*aria-hidden="true"[^>]*>UW<\/span>/);
  });

  it("the user list does not carry the link either", async () => {
    const { jar } = await adminAndWatcher();

    const { html } = await renderPage(listPage, "/admin", jar);

    expect(html).toContain("Uma Watcher");
    expect(html).not.toContain("tracker.example");
  });

  it("nor does the admin API the console's pages are built from and refreshed with", async () => {
    const { jar, user } = await adminAndWatcher();

    const detail = await callRoute(userRoute, { jar, params: { id: user.id } });
    const list = await callRoute(usersRoute, { jar });

    expect(detail.status).toBe(200);
    expect(list.status).toBe(200);
    expect(JSON.stringify(detail.body)).not.toContain("tracker.example");
    expect(JSON.stringify(list.body)).not.toContain("tracker.example");
  });
});
