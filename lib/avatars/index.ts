import "#server-only";

/**
 * Profile pictures people upload: received and re-encoded (upload.ts,
 * image.ts), stored one per user and served from the app (store.ts).
 */
export { discardAvatar, findAvatar, findAvatarVersion, removeAvatar, saveAvatar } from "./store";
export { receiveAvatar } from "./upload";
