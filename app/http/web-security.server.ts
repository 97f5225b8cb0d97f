import { randomBytes } from "node:crypto";
import type { RequestHandler } from "express";
import { env, type Env } from "~/config/env.server";
import type { SameOriginPolicy } from "./same-origin";
import { fixedSecurityHeaders, pageContentSecurityPolicy, STATIC_CONTENT_SECURITY_POLICY } from "./security-headers";

/** What the HTTP layer needs to know about how the site is reached. */
export interface WebSecurity {
  sameOrigin: SameOriginPolicy;
  /** Strict-Transport-Security: only when the site is served over HTTPS. */
  hsts: boolean;
  /** Express's "trust proxy": X-Forwarded-* headers come from our own reverse proxy. */
  trustProxy: boolean;
}

export function webSecurityFromEnv(source: Env = env()): WebSecurity {
  const { COOKIE_SECURE, TRUST_PROXY, ALLOWED_ORIGINS } = source;
  return { sameOrigin: { secure: COOKIE_SECURE, trustForwardedProto: TRUST_PROXY, allowedOrigins: ALLOWED_ORIGINS }, hsts: COOKIE_SECURE, trustProxy: TRUST_PROXY };
}

/**
 * Sets the security headers on every response, before anything else answers: the fixed ones and
 * a Content-Security-Policy without inline scripts. Pages replace that policy with one carrying
 * their nonce (`pageSecurityPolicy`).
 */
export function securityHeaders(security: WebSecurity): RequestHandler {
  const fixed = [...fixedSecurityHeaders({ hsts: security.hsts }), ["Content-Security-Policy", STATIC_CONTENT_SECURITY_POLICY] as [string, string]];
  return (_req, res, next) => {
    for (const [name, value] of fixed) res.setHeader(name, value);
    next();
  };
}

/** A fresh nonce for a request that Remix answers, and the policy that lets its inline scripts run. */
export function pageSecurityPolicy(host: string | undefined): { nonce: string; policy: string } {
  const nonce = randomBytes(16).toString("base64");
  return { nonce, policy: pageContentSecurityPolicy(nonce, host) };
}

/** The fixed headers for socket.io's own HTTP answers (polling, the WebSocket upgrade). */
export function socketSecurityHeaders(security: WebSecurity): Record<string, string> {
  return Object.fromEntries([...fixedSecurityHeaders({ hsts: security.hsts }), ["Content-Security-Policy", STATIC_CONTENT_SECURITY_POLICY]]);
}
