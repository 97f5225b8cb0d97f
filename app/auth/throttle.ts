// How many refused attempts a key (an account, an address, an account from one address…) may
// make before it must wait, and how long: free attempts within a window, then waits that double
// from the first delay up to a ceiling (OWASP ASVS 2.2.1: slow guessing down without locking the
// real owner out for long). Pure: the counters live in PostgreSQL (rate-limit.server.ts).

import { UserFacingError } from "~/http/user-facing-error";

export interface ThrottlePolicy {
  /** Attempts allowed within the window before any wait. */
  freeAttempts: number;
  /** The counter starts again once the window since its first attempt has passed. */
  windowSeconds: number;
  firstDelaySeconds: number;
  maxDelaySeconds: number;
}

/** How long a key must wait after its `attempts`-th attempt in the window (0: not at all). */
export function waitSeconds(attempts: number, policy: ThrottlePolicy): number {
  const over = attempts - policy.freeAttempts;
  if (over <= 0) return 0;
  // 2^30 already dwarfs any ceiling; capping the exponent keeps the number finite.
  const delay = policy.firstDelaySeconds * 2 ** Math.min(over - 1, 30);
  return Math.min(delay, policy.maxDelaySeconds);
}

const MINUTE = 60;

/** The thresholds a province may need to change (offices where hundreds share one address). */
export interface ThrottleLimits {
  loginFailuresPerAddress: number;
  registrationsPerAddress: number;
}

/**
 * The policies in force, given the thresholds read from the environment (LOGIN_FAILURES_PER_ADDRESS,
 * REGISTRATIONS_PER_ADDRESS; see rate-limit.server.ts). The thresholds are documented in the
 * README ("Security").
 */
export function throttlePolicies(limits: ThrottleLimits) {
  return {
    /** Wrong passwords for one account from one address: the guessing attacker's own lane. */
    loginPair: { freeAttempts: 5, windowSeconds: 15 * MINUTE, firstDelaySeconds: 30, maxDelaySeconds: 15 * MINUTE },
    /** Wrong passwords for one account from anywhere: spread guessing, with a short ceiling so the owner is never kept out long. */
    loginAccount: { freeAttempts: 20, windowSeconds: 15 * MINUTE, firstDelaySeconds: 30, maxDelaySeconds: 5 * MINUTE },
    /** Wrong passwords from one address over any accounts: high, because a whole office often shares one address. */
    loginAddress: { freeAttempts: limits.loginFailuresPerAddress, windowSeconds: 15 * MINUTE, firstDelaySeconds: 30, maxDelaySeconds: 15 * MINUTE },
    /** New accounts from one address (every attempt counts). */
    registerAddress: { freeAttempts: limits.registrationsPerAddress, windowSeconds: 10 * MINUTE, firstDelaySeconds: 60, maxDelaySeconds: 30 * MINUTE },
    /** Password-reset requests from one address, and for one account. */
    resetAddress: { freeAttempts: 10, windowSeconds: 15 * MINUTE, firstDelaySeconds: 60, maxDelaySeconds: 30 * MINUTE },
    resetAccount: { freeAttempts: 3, windowSeconds: 15 * MINUTE, firstDelaySeconds: 5 * MINUTE, maxDelaySeconds: 60 * MINUTE },
    /** New passwords sent with a reset link from one address: guessing a link is hopeless, this only keeps the lane cheap. */
    resetLinkAddress: { freeAttempts: 30, windowSeconds: 15 * MINUTE, firstDelaySeconds: 60, maxDelaySeconds: 15 * MINUTE },
  } satisfies Record<string, ThrottlePolicy>;
}

export type ThrottlePolicies = ReturnType<typeof throttlePolicies>;

/** "30 giây", "2 phút", "1 giờ 5 phút": a wait in words. */
export function waitInWords(seconds: number): string {
  const s = Math.max(1, Math.ceil(seconds));
  if (s < 60) return `${s} giây`;
  const minutes = Math.ceil(s / 60);
  if (minutes < 60) return `${minutes} phút`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest === 0 ? `${hours} giờ` : `${hours} giờ ${rest} phút`;
}

/** A refusal because a lane must wait (429); carries the wait for Retry-After. */
export class TooManyAttempts extends UserFacingError {
  constructor(message: string, retryAfterSeconds: number) {
    super(429, message, "too_many_attempts", retryAfterSeconds);
    this.name = "TooManyAttempts";
  }
}
