// Which requests may change something: only those a page of this site sent. A browser names the
// page's origin in the Origin header of every cross-site POST (and of every WebSocket handshake);
// the cookie alone proves nothing, since another site's page can make the browser send it.

export interface SameOriginPolicy {
  /** The site is served over HTTPS (COOKIE_SECURE=true): its own origin is https://<Host>. */
  secure: boolean;
  /** A reverse proxy we trust sets X-Forwarded-Proto: https there also means https://<Host>. */
  trustForwardedProto: boolean;
  /** Other origins whose pages may write, e.g. the public address of a reverse proxy that rewrites Host. */
  allowedOrigins: readonly string[];
}

/** The request headers the decision reads (Node's lower-case header names). */
export interface WriteHeaders {
  host?: string;
  origin?: string;
  referer?: string;
  "x-forwarded-proto"?: string | string[];
}

/** Whose page sent the request: this site's, one of the allowed origins', or neither (null). */
export function writeSource(headers: WriteHeaders, policy: SameOriginPolicy): "site" | "allowed-origin" | null {
  const source = headers.origin ?? (headers.referer === undefined ? undefined : originOf(headers.referer));
  // Neither header: not a browser page of ours (browsers send Origin on every cross-site write).
  if (source === undefined) return null;
  const host = headers.host;
  if (host !== undefined && host !== "" && isOrigin(source, siteScheme(headers, policy), host)) return "site";
  return policy.allowedOrigins.length > 0 && policy.allowedOrigins.includes(source) ? "allowed-origin" : null;
}

export function isFromThisSite(headers: WriteHeaders, policy: SameOriginPolicy): boolean {
  return writeSource(headers, policy) !== null;
}

/** The scheme this site was reached by: HTTPS when configured, or when a trusted proxy says so. */
export function siteScheme(headers: Pick<WriteHeaders, "x-forwarded-proto">, policy: Pick<SameOriginPolicy, "secure" | "trustForwardedProto">): "http" | "https" {
  if (policy.secure) return "https";
  if (policy.trustForwardedProto) {
    const forwarded = headers["x-forwarded-proto"];
    // The first (client-facing) value when several proxies appended theirs.
    const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(",", 1)[0].trim().toLowerCase();
    if (first === "https") return "https";
  }
  return "http";
}

/** `origin === scheme + "://" + host`, without building the string (the answer save's hot path). */
function isOrigin(origin: string, scheme: string, host: string): boolean {
  return (
    origin.length === scheme.length + 3 + host.length &&
    origin.startsWith(scheme) &&
    origin.startsWith("://", scheme.length) &&
    origin.endsWith(host)
  );
}

/** The origin of an http(s) URL (a Referer), or "" for anything else. */
function originOf(url: string): string {
  try {
    const parsed = new URL(url);
    return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.origin : "";
  } catch {
    return "";
  }
}

/**
 * ALLOWED_ORIGINS: comma-separated origins such as `https://thi.tinh.gov.vn`. Each is normalised
 * the way browsers write the Origin header (lower case, no default port, no trailing slash).
 */
export function parseAllowedOrigins(raw: string): { ok: true; origins: string[] } | { ok: false; invalid: string } {
  const origins: string[] = [];
  for (const item of raw.split(",")) {
    const text = item.trim();
    if (text === "") continue;
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      return { ok: false, invalid: text };
    }
    const bare = url.pathname === "/" && url.search === "" && url.hash === "" && url.username === "" && url.password === "";
    if ((url.protocol !== "http:" && url.protocol !== "https:") || !bare) return { ok: false, invalid: text };
    origins.push(url.origin);
  }
  return { ok: true, origins };
}
