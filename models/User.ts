import { Schema, model, models, type HydratedDocument, type Model, type Types } from "mongoose";
import type { EncryptedValue } from "@/lib/crypto";
import { API_KEY_PROVIDERS, type ApiKeyProvider } from "@/lib/validations/api-keys";
import { isValidEmail, normalizeEmail } from "@/lib/validations/email";

export const ROLES = ["user", "admin"] as const;
export type Role = (typeof ROLES)[number];

/**
 * A person, on the `users` collection the NextAuth adapter also writes. Fields
 * the adapter knows (`name`, `email`, `emailVerified`, `image`) keep its names;
 * users the adapter created without our fields read back with our defaults.
 */
/** One vault entry: the key encrypted (AES-256-GCM, bound to owner and provider) and when it was set. */
export interface StoredApiKey extends EncryptedValue {
  updatedAt: Date;
}

export type StoredApiKeys = Partial<Record<ApiKeyProvider, StoredApiKey>>;

export interface User {
  _id: Types.ObjectId;
  name?: string | null;
  email: string;
  emailVerified?: Date | null;
  image?: string | null;
  /** bcrypt hash; never selected unless asked for (`.select("+passwordHash")`), never serialised. */
  passwordHash?: string | null;
  role: Role;
  /** Bumped to sign out every device at once (password change, "sign out everywhere"). */
  sessionVersion: number;
  disabledAt?: Date | null;
  /** Encrypted third-party API keys; never selected unless asked for (`.select("+apiKeys")`). */
  apiKeys?: StoredApiKeys;
  createdAt: Date;
  updatedAt: Date;
}

export type UserDocument = HydratedDocument<User>;

const withoutSecrets = {
  transform(_doc: unknown, ret: Record<string, unknown>) {
    delete ret.passwordHash;
    delete ret.apiKeys;
    return ret;
  },
};

const StoredApiKeySchema = new Schema<StoredApiKey>(
  {
    keyId: { type: String, required: true },
    iv: { type: String, required: true },
    data: { type: String, required: true },
    tag: { type: String, required: true },
    updatedAt: { type: Date, required: true },
  },
  { _id: false },
);

const UserSchema = new Schema<User>(
  {
    name: { type: String, trim: true, maxlength: 80 },
    email: {
      type: String,
      required: [true, "Email is required"],
      // Setters run before validators, so the address is NFKC-normalised first.
      set: (value: unknown) => (typeof value === "string" ? normalizeEmail(value) : value),
      validate: { validator: isValidEmail, message: "Email is not a valid address" },
    },
    emailVerified: { type: Date, default: null },
    image: { type: String, default: null },
    passwordHash: { type: String, select: false },
    role: { type: String, enum: ROLES, default: "user" },
    sessionVersion: { type: Number, default: 0 },
    disabledAt: { type: Date, default: null },
    apiKeys: {
      type: new Schema(Object.fromEntries(API_KEY_PROVIDERS.map((provider) => [provider, StoredApiKeySchema])), {
        _id: false,
      }),
      select: false,
    },
  },
  {
    collection: "users",
    timestamps: true,
    versionKey: false,
    toJSON: withoutSecrets,
    toObject: withoutSecrets,
  },
);

UserSchema.index({ email: 1 }, { unique: true });
UserSchema.index({ createdAt: -1 });

/** HMR-safe: dev hot reload re-evaluates this module, the model must not be registered twice. */
export const UserModel: Model<User> = (models.User as Model<User> | undefined) ?? model<User>("User", UserSchema);
