import { Schema, model, models, type HydratedDocument, type Model, type Types } from "mongoose";
import { isValidEmail, normalizeEmail } from "@/lib/validations/email";

export const ROLES = ["user", "admin"] as const;
export type Role = (typeof ROLES)[number];

/**
 * A person, on the `users` collection the NextAuth adapter also writes. Fields
 * the adapter knows (`name`, `email`, `emailVerified`, `image`) keep its names;
 * users the adapter created without our fields read back with our defaults.
 */
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
  createdAt: Date;
  updatedAt: Date;
}

export type UserDocument = HydratedDocument<User>;

const withoutSecrets = {
  transform(_doc: unknown, ret: Record<string, unknown>) {
    delete ret.passwordHash;
    return ret;
  },
};

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
