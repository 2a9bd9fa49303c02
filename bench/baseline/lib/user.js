import mongoose from "mongoose";

/**
 * The users the benchmark seeds (the same collection KeyForge reads). The
 * indexes are the app's (email unique), made when it first connects.
 */
const UserSchema = new mongoose.Schema(
  {
    email: String,
    name: String,
    passwordHash: String,
    preferences: { keepGenerationHistory: Boolean },
  },
  { collection: "users", autoIndex: false },
);

export const User = mongoose.models.User ?? mongoose.model("User", UserSchema);
