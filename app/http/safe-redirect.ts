// Where to send someone after a form (`redirectTo`): only a path on this site. Browsers are
// lenient with what they read as a URL (they drop tabs and newlines, treat `\` as `/`, and some
// servers and proxies decode `%2F` before redirecting again), so anything a browser or proxy could
// read as another site is refused, not repaired.

const MAX_LENGTH = 2048;
const PROBE_ORIGIN = "http://x.invalid";

/** Raw characters never allowed: C0/C1 controls, DEL, any whitespace, the backslash. */
const FORBIDDEN_CHARACTER = /[\u0000-\u001f\u007f-\u009f\s\\]/u;
/** Percent-encoded controls (%00–%1F, %7F) anywhere. */
const ENCODED_CONTROL = /%(?:[01][0-9a-f]|7f)/i;
/** In the path, also encoded space, `/`, `\` and `%` itself (a double encoding). */
const ENCODED_IN_PATH = /%(?:20|2f|5c|25)/i;

/** `to` when it is a path on this site, otherwise `fallback`. */
export function safeRedirect(to: unknown, fallback = "/"): string {
  return isSafeRedirect(to) ? to : fallback;
}

export function isSafeRedirect(to: unknown): to is string {
  if (typeof to !== "string" || to.length === 0 || to.length > MAX_LENGTH) return false;
  // A path: one slash, then not a second one (`//host` is another site).
  if (to[0] !== "/" || to[1] === "/") return false;
  if (FORBIDDEN_CHARACTER.test(to) || ENCODED_CONTROL.test(to)) return false;
  const pathEnd = to.search(/[?#]/);
  const path = pathEnd === -1 ? to : to.slice(0, pathEnd);
  if (ENCODED_IN_PATH.test(path) || path.includes("//")) return false;
  // The last word: resolved the way a browser resolves a Location, it stays on this site.
  try {
    return new URL(to, PROBE_ORIGIN).origin === PROBE_ORIGIN;
  } catch {
    return false;
  }
}
