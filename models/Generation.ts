import { Schema, type Model, type Types } from "mongoose";
import { GENERATION_LANGUAGES, GENERATION_OUTCOMES, type GenerationLanguage, type GenerationOutcome } from "@/lib/generation/shared";
import { encryptedValueFields, type EncryptedValue } from "./EncryptedValue";
import { registeredModel } from "./registered-model";

/**
 * One generation (`generations`): the usage record every generation leaves
 * (who, which model, sizes, timings, how it ended; never the key), and, when
 * the user keeps history, its prompt and output encrypted for that user and
 * that record. Written once when the generation ends; deleting an entry from
 * history removes its text and keeps the usage record.
 */
export interface Generation {
  _id: Types.ObjectId;
  userId: Types.ObjectId;
  model: string;
  language: GenerationLanguage | null;
  promptChars: number;
  outputChars: number;
  /** Milliseconds from sending the request upstream to the first token; null when none came. */
  timeToFirstTokenMs: number | null;
  durationMs: number;
  outcome: GenerationOutcome;
  /** When the generation started. */
  createdAt: Date;
  /** History: present only while the user keeps it and until they delete it. */
  prompt?: EncryptedValue;
  output?: EncryptedValue;
  /** The conversation this turn is part of; absent on generations from before conversations. */
  conversationId?: Types.ObjectId;
  /** The turn's place in its conversation (0 first); a regenerated answer shares it, with a higher `version`. */
  turn?: number;
  version?: number;
  /** Tokens as the provider counted them; null when it sent no count (an answer cut short), absent on older records. */
  usage?: { promptTokens: number; completionTokens: number } | null;
  /** Estimated from the model's price when the answer ended; null when unknown (no price, or no token count). */
  costUsd?: number | null;
  /** Why the provider ended the answer ("stop", "length"…), when it said. */
  finishReason?: string | null;
  /** The parameters sent upstream. */
  temperature?: number | null;
  maxTokens?: number | null;
}

const EncryptedValueSchema = new Schema<EncryptedValue>(encryptedValueFields, { _id: false });

const GenerationSchema = new Schema<Generation>(
  {
    userId: { type: Schema.Types.ObjectId, required: true, ref: "User" },
    model: { type: String, required: true },
    language: { type: String, enum: [...GENERATION_LANGUAGES, null], default: null },
    promptChars: { type: Number, required: true, min: 0 },
    outputChars: { type: Number, required: true, min: 0 },
    timeToFirstTokenMs: { type: Number, default: null },
    durationMs: { type: Number, required: true, min: 0 },
    outcome: { type: String, enum: GENERATION_OUTCOMES, required: true },
    createdAt: { type: Date, required: true },
    prompt: { type: EncryptedValueSchema, default: undefined },
    output: { type: EncryptedValueSchema, default: undefined },
    conversationId: { type: Schema.Types.ObjectId, default: undefined },
    turn: { type: Number, min: 0, default: undefined },
    version: { type: Number, min: 1, default: undefined },
    usage: {
      type: new Schema({ promptTokens: { type: Number, min: 0, required: true }, completionTokens: { type: Number, min: 0, required: true } }, { _id: false }),
      default: undefined,
    },
    costUsd: { type: Number, min: 0, default: undefined },
    finishReason: { type: String, maxlength: 40, default: undefined },
    temperature: { type: Number, min: 0, max: 2, default: undefined },
    maxTokens: { type: Number, min: 1, default: undefined },
  },
  // Indexes are registered in lib/generation/repository.ts (lib/core/indexes.ts builds them).
  { collection: "generations", autoIndex: false, versionKey: false },
);

export const GenerationModel: Model<Generation> = registeredModel("Generation", GenerationSchema);
