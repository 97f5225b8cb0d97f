import { describe, expect, it } from "vitest";
import { throttlePolicies, waitInWords, waitSeconds, type ThrottlePolicy } from "./throttle";

/** The policies with the environment's default thresholds (config/env.server.ts). */
const THROTTLE = throttlePolicies({ loginFailuresPerAddress: 100, registrationsPerAddress: 20 });

const policy: ThrottlePolicy = { freeAttempts: 5, windowSeconds: 900, firstDelaySeconds: 30, maxDelaySeconds: 900 };

describe("waitSeconds", () => {
  it("lets the free attempts through", () => {
    for (let n = 0; n <= 5; n++) expect(waitSeconds(n, policy)).toBe(0);
  });
  it("doubles the wait after each further attempt, up to the ceiling", () => {
    expect([6, 7, 8, 9, 10, 11, 12, 100, 10_000].map((n) => waitSeconds(n, policy))).toEqual([30, 60, 120, 240, 480, 900, 900, 900, 900]);
  });
  it("never waits less after more attempts (every policy in force)", () => {
    for (const p of Object.values(THROTTLE)) {
      let previous = 0;
      for (let n = 0; n < 200; n++) {
        const wait = waitSeconds(n, p);
        expect(wait).toBeGreaterThanOrEqual(previous);
        expect(wait).toBeLessThanOrEqual(p.maxDelaySeconds);
        previous = wait;
      }
      expect(waitSeconds(p.freeAttempts, p)).toBe(0);
      expect(waitSeconds(p.freeAttempts + 1, p)).toBe(p.firstDelaySeconds);
    }
  });
  it("keeps the real owner's wait short when guesses come from everywhere", () => {
    expect(THROTTLE.loginAccount.maxDelaySeconds).toBeLessThanOrEqual(5 * 60);
    // A shared office address tolerates far more mistakes than one account.
    expect(THROTTLE.loginAddress.freeAttempts).toBeGreaterThan(THROTTLE.loginAccount.freeAttempts * 4);
  });
  it("takes the per-address thresholds a province sets, and nothing else from them", () => {
    const office = throttlePolicies({ loginFailuresPerAddress: 500, registrationsPerAddress: 3 });
    expect(office.loginAddress).toEqual({ ...THROTTLE.loginAddress, freeAttempts: 500 });
    expect(office.registerAddress).toEqual({ ...THROTTLE.registerAddress, freeAttempts: 3 });
    expect(office.loginAccount).toEqual(THROTTLE.loginAccount);
  });
});

describe("waitInWords", () => {
  it.each([
    [0.2, "1 giây"],
    [30, "30 giây"],
    [59.5, "1 phút"],
    [60, "1 phút"],
    [61, "2 phút"],
    [900, "15 phút"],
    [3600, "1 giờ"],
    [3900, "1 giờ 5 phút"],
  ])("%s s → %s", (seconds, words) => {
    expect(waitInWords(seconds)).toBe(words);
  });
});
