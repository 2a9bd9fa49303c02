import { Types } from "mongoose";
import { GenerationModel, type Generation } from "./Generation";
import { definePolicy } from "./policy";

/**
 * Usage and history records. Own records only: people add theirs by
 * generating, read them, and remove their text; an admin reads everyone's
 * usage, never their text, not even while viewing as them. The encrypted
 * prompt and output are never returned.
 */
export const generationPolicy = definePolicy<Generation, "prompt" | "output">({
  subject: "Generation",
  model: GenerationModel,
  omit: ["prompt", "output"],
  rules({ can }, actor) {
    if (!actor) return;
    const own = { userId: new Types.ObjectId(actor.id) };
    can("read", "Generation", own);
    if (actor.impersonatedBy) return;
    can("reveal", "Generation", ["prompt", "output"], own);
    can("create", "Generation", own);
    can("update", "Generation", ["prompt", "output"], own);
    if (actor.role === "admin") can("read", "Generation");
  },
});
