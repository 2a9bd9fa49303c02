import { Schema, type HydratedDocument, type Model, type Types } from "mongoose";
import { ROLES, type Role } from "@/lib/access/shared";
import { isBcryptHash } from "@/lib/passwords/shared";
import { isValidEmail, isValidImageUrl, NAME_MAX_LENGTH, normalizeEmail } from "@/lib/users/shared";
import { API_KEY_CHECK_STATUSES, API_KEY_PROVIDERS, type ApiKeyCheckStatus, type ApiKeyProvider } from "@/lib/vault/shared";
import { encryptedValueFields, type EncryptedValue } from "./EncryptedValue";
import { registeredModel } from "./registered-model";

/**
 * One vault entry: the key encrypted (AES-256-GCM, bound to owner and
 * provider), when it was set, and what the provider said when it was last
 * checked (absent until then; a new key starts unchecked).
 */
export interface StoredApiKey extends EncryptedValue {
  updatedAt: Date;
  lastCheck?: { result: ApiKeyCheckStatus; at: Date };
}

/** A prompt posted from the start page, encrypted, waiting for /generate to take it once (lib/generation/pending-prompt.ts). */
export interface PendingPrompt extends EncryptedValue {
  expiresAt: Date;
}

export type StoredApiKeys = Partial<Record<ApiKeyProvider, StoredApiKey>>;

/**
 * A person, on the `users` collection the NextAuth adapter also writes. Fields
 * the adapter knows (`name`, `email`, `emailVerified`, `image`) keep its names;
 * users the adapter created without our fields read back with our defaults.
 */
export interface User {
  _id: Types.ObjectId;
  name?: string | null;
  /**
   * Normalised (NFKC, trimmed, lower-case) and unique among users that have
   * one. Absent, never null, on an account without an address (a GitHub
   * sign-in with no verified email): the unique index skips such users.
   */
  email?: string;
  emailVerified?: Date | null;
  image?: string | null;
  /** bcrypt hash; never selected unless asked for (`.select("+passwordHash")`), never serialised. */
  passwordHash?: string | null;
  role: Role;
  /** Bumped to sign out every device at once (password change, "sign out everywhere"). */
  sessionVersion: number;
  disabledAt?: Date | null;
  /** Why an admin disabled the account (shown in the admin console only). */
  disabledReason?: string | null;
  /**
   * Set when the account is being deleted (lib/account-deletion): from then on
   * it is disabled, has no `email`, and is removed piece by piece; a deletion
   * a crash interrupted is finished by `finishPendingDeletions`.
   */
  deletedAt?: Date | null;
  /** Who asked for the deletion, and the address it had (kept only until the document goes, for the last mail and the audit's hash). */
  deletion?: AccountDeletion;
  /** The last successful sign-in (the admin list sorts by it); absent until the first one that recorded it. */
  lastSignInAt?: Date;
  /**
   * The providers linked in `accounts` (ids like "github", oldest link first,
   * no account ids or tokens), so the admin list reads every row from `users`
   * alone. Derived: lib/accounts recomputes it from `accounts` wherever a link
   * changes, and fills it in for users from before it existed (lib/accounts/legacy-users.ts).
   */
  linkedProviders?: string[];
  /** Encrypted third-party API keys; never selected unless asked for (`.select("+apiKeys")`). */
  apiKeys?: StoredApiKeys;
  /** Never selected unless asked for; read and removed by /generate. */
  pendingPrompt?: PendingPrompt;
  /** Absent on users the adapter created; read with the defaults (lib/users). */
  preferences?: {
    keepGenerationHistory?: boolean;
    /** Optional security notices (lib/notices); absent means on. */
    notices?: { newSignIn?: boolean; apiKeyAdded?: boolean };
    /** Defaults for /generate (lib/generation/shared.ts GenerationPreferences); null: none saved. */
    generation?: {
      temperature?: number | null;
      maxTokens?: number | null;
      presets?: { name: string; text: string }[];
      defaultPreset?: string | null;
    };
  };
  createdAt: Date;
  updatedAt: Date;
}

/** The mark a deletion leaves on the account until it is gone. */
export interface AccountDeletion {
  requestedAt: Date;
  by: "self" | "admin";
  /** The admin who deleted it (by: "admin"). */
  adminId?: Types.ObjectId;
  /** The account's address when it was deleted; absent on an account without one. */
  email?: string;
}

export type UserDocument = HydratedDocument<User>;

const withoutSecrets = {
  transform(_doc: unknown, ret: Record<string, unknown>) {
    delete ret.passwordHash;
    delete ret.apiKeys;
    delete ret.pendingPrompt;
    return ret;
  },
};

const KeyCheckSchema = new Schema(
  { result: { type: String, enum: API_KEY_CHECK_STATUSES, required: true }, at: { type: Date, required: true } },
  { _id: false },
);

const StoredApiKeySchema = new Schema<StoredApiKey>(
  { ...encryptedValueFields, updatedAt: { type: Date, required: true }, lastCheck: { type: KeyCheckSchema, default: undefined } },
  { _id: false },
);

const PendingPromptSchema = new Schema<PendingPrompt>({ ...encryptedValueFields, expiresAt: { type: Date, required: true } }, { _id: false });

const UserSchema = new Schema<User>(
  {
    name: { type: String, trim: true, maxlength: NAME_MAX_LENGTH },
    email: {
      type: String,
      // Setters run before validators, so the address is NFKC-normalised first.
      set: (value: unknown) => (typeof value === "string" ? normalizeEmail(value) : value),
      validate: { validator: isValidEmail, message: "Email is not a valid address" },
    },
    emailVerified: { type: Date, default: null },
    image: {
      type: String,
      default: null,
      validate: { validator: (value: unknown) => value === null || isValidImageUrl(value), message: "Image is not an https URL" },
    },
    // The `@password` idea: whatever the write path, only a bcrypt hash is ever stored (see refusePlainPasswords).
    passwordHash: { type: String, select: false, validate: { validator: isBcryptHash, message: "passwordHash is not a bcrypt hash" } },
    role: { type: String, enum: ROLES, default: "user" },
    sessionVersion: { type: Number, default: 0 },
    disabledAt: { type: Date, default: null },
    disabledReason: { type: String, default: null, maxlength: 500 },
    lastSignInAt: { type: Date },
    // New users start with none (the adapter's own inserts set [] too); absent only on users from before the field.
    linkedProviders: { type: [String] },
    deletedAt: { type: Date, default: null },
    deletion: {
      type: new Schema<AccountDeletion>(
        {
          requestedAt: { type: Date, required: true },
          by: { type: String, enum: ["self", "admin"], required: true },
          adminId: { type: Schema.Types.ObjectId },
          email: { type: String },
        },
        { _id: false },
      ),
      default: undefined,
    },
    apiKeys: {
      type: new Schema(Object.fromEntries(API_KEY_PROVIDERS.map((provider) => [provider, StoredApiKeySchema])), {
        _id: false,
      }),
      select: false,
    },
    pendingPrompt: { type: PendingPromptSchema, select: false, default: undefined },
    preferences: {
      keepGenerationHistory: { type: Boolean, default: true },
      notices: {
        newSignIn: { type: Boolean },
        apiKeyAdded: { type: Boolean },
      },
      generation: {
        temperature: { type: Number, min: 0, max: 2 },
        maxTokens: { type: Number, min: 16 },
        presets: {
          type: [new Schema({ name: { type: String, maxlength: 40 }, text: { type: String, maxlength: 2000 } }, { _id: false })],
          default: undefined,
        },
        defaultPreset: { type: String, maxlength: 40 },
      },
    },
  },
  {
    collection: "users",
    // Indexes (email unique, and the admin list's orders) are registered in lib/users/repository.ts, the linked providers' in
    // lib/accounts/repository.ts (lib/core/indexes.ts builds them).
    autoIndex: false,
    timestamps: true,
    versionKey: false,
    toJSON: withoutSecrets,
    toObject: withoutSecrets,
  },
);

/**
 * Updates skip schema validators unless asked to, so every update is checked
 * here: a `passwordHash` set to anything but a bcrypt hash (a plain password
 * that slipped past lib/passwords) is refused before it reaches the database.
 */
function refusePlainPasswords(update: unknown): void {
  if (typeof update !== "object" || update === null || Array.isArray(update)) return;
  const set: unknown = "$set" in update ? update.$set : undefined;
  const values = [set, update].flatMap((part) =>
    typeof part === "object" && part !== null && "passwordHash" in part ? [part.passwordHash] : [],
  );
  if (values.some((value) => !isBcryptHash(value))) throw new Error("Refused: passwordHash is not a bcrypt hash");
}

UserSchema.pre(["updateOne", "updateMany", "findOneAndUpdate"], function checkPasswordHash() {
  refusePlainPasswords(this.getUpdate());
});

export const UserModel: Model<User> = registeredModel("User", UserSchema);
