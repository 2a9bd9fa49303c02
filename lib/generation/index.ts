import "#server-only";

/** Code generation with the user's own Together AI key: streaming, limits, usage records and history. */
export { generationOptions } from "./options";
