// The headers every response carries: what a browser may load and run on our pages, and that no
// other site may frame them (a framed login or answer page could be clicked through by trickery).

/** Headers that never change per request. `hsts` only when the site is served over HTTPS. */
export function fixedSecurityHeaders(options: { hsts: boolean }): [name: string, value: string][] {
  const headers: [string, string][] = [
    ["X-Frame-Options", "DENY"],
    ["X-Content-Type-Options", "nosniff"],
    ["Referrer-Policy", "strict-origin-when-cross-origin"],
  ];
  if (options.hsts) headers.push(["Strict-Transport-Security", "max-age=31536000; includeSubDomains"]);
  return headers;
}

// Inline style attributes (style={{…}}) and the print page's <style> are used, so styles allow
// 'unsafe-inline'; scripts never do. Images from data:/blob: are charts and generated downloads.
const BASE_DIRECTIVES = [
  "default-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

/** For responses that are not pages (JSON, files, assets): no inline script at all. */
export const STATIC_CONTENT_SECURITY_POLICY = `${BASE_DIRECTIVES}; script-src 'self'; connect-src 'self'`;

/** A host as it may appear in the Host header: name or IPv4 or [IPv6], optional port. */
export const PLAIN_HOST = /^(?:[a-z0-9.-]+|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

/**
 * For a page: Remix's inline scripts run only with this request's nonce; socket.io may connect
 * back to this host over ws/wss (older browsers do not count WebSockets as 'self').
 */
export function pageContentSecurityPolicy(nonce: string, host: string | undefined): string {
  const sockets = host !== undefined && PLAIN_HOST.test(host) ? ` ws://${host} wss://${host}` : "";
  return `${BASE_DIRECTIVES}; script-src 'self' 'nonce-${nonce}'; connect-src 'self'${sockets}`;
}
