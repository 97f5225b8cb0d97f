import { randomBytes } from "node:crypto";
import fs from "node:fs";

/** The secret that signs session cookies, made once and kept under the data directory (every app process must share it). */
export function loadOrCreateSecret(file: string): string {
  if (fs.existsSync(file)) return fs.readFileSync(file, "utf8").trim();
  const secret = randomBytes(48).toString("base64url");
  fs.writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}
