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
  },
  // Indexes are registered in lib/generation/repository.ts (lib/core/indexes.ts builds them).
  { collection: "generations", autoIndex: false, versionKey: false },
);

export const GenerationModel: Model<Generation> = registeredModel("Generation", GenerationSchema);
