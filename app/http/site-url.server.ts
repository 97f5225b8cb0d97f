import { env, type Env } from "~/config/env.server";
import { siteScheme } from "./same-origin";
import { PLAIN_HOST } from "./security-headers";

/**
 * The site's absolute address, for links that leave the page (shared previews, QR codes, posters):
 * PUBLIC_URL when configured; otherwise the Host the browser asked for, over HTTPS when the site is
 * configured for it or a trusted proxy says so. Never X-Forwarded-Host (any client may write it, and
 * Remix's request URL believes it), and a Host that is not a plain name falls back to localhost.
 */
export function siteBase(request: Request, source: Env = env()): string {
  if (source.PUBLIC_URL) return source.PUBLIC_URL;
  const host = request.headers.get("host");
  if (host === null || !PLAIN_HOST.test(host)) return `http://localhost:${source.PORT}`;
  const scheme = siteScheme({ "x-forwarded-proto": request.headers.get("x-forwarded-proto") ?? undefined }, { secure: source.COOKIE_SECURE, trustForwardedProto: source.TRUST_PROXY });
  return `${scheme}://${host.toLowerCase()}`;
}

/** An absolute address of a path of this site. */
export function siteUrl(request: Request, pathname: string, source?: Env): string {
  return `${siteBase(request, source)}${pathname}`;
}
