import { describe, expect, it } from "vitest";
import { defaultWorkerCount, planConnections, restartDelayMs } from "./supervisor-rules";

describe("restarting a dead worker", () => {
  it("is quick the first time and waits longer while workers keep dying, up to half a minute", () => {
    expect(restartDelayMs(1)).toBe(1000);
    expect(restartDelayMs(2)).toBe(2000);
    expect(restartDelayMs(3)).toBe(4000);
    expect(restartDelayMs(10)).toBe(30_000);
  });
});

describe("counting the database connections of N workers", () => {
  const defaults = { poolSize: 20, answerPoolSize: 10, poolSizesGiven: false, socketIoOnPostgres: true };

  it("keeps the configured pools when N × (pool + answer pool + socket.io) + maintenance fits", () => {
    // 2 × (20 + 10 + 3) + 2 = 68 of 200 − 3.
    expect(planConnections({ ...defaults, workers: 2 }, { maxConnections: 200, reserved: 3 })).toEqual({
      ok: true,
      poolSize: 20,
      answerPoolSize: 10,
      perWorker: 33,
      total: 68,
      budget: 197,
      reduced: false,
    });
  });

  it("shrinks default pools to fit many workers, keeping about two app connections per answer-save one", () => {
    const plan = planConnections({ ...defaults, workers: 16 }, { maxConnections: 200, reserved: 3 });
    expect(plan.ok).toBe(true);
    if (!plan.ok) return;
    expect(plan.reduced).toBe(true);
    expect(plan.total).toBeLessThanOrEqual(197);
    expect(16 * (plan.poolSize + plan.answerPoolSize + 3) + 2).toBe(plan.total);
    expect(plan.poolSize).toBeGreaterThanOrEqual(2 * plan.answerPoolSize - 1);
    expect(plan.answerPoolSize).toBeGreaterThanOrEqual(1);
  });

  it("does not count socket.io's connections when Redis carries the events", () => {
    const plan = planConnections({ ...defaults, workers: 3, socketIoOnPostgres: false }, { maxConnections: 100, reserved: 3 });
    expect(plan).toMatchObject({ ok: true, total: 92, reduced: false });
  });

  it("refuses, with the figures, when the operator chose pool sizes that do not fit", () => {
    const plan = planConnections({ ...defaults, workers: 4, poolSizesGiven: true }, { maxConnections: 100, reserved: 3 });
    expect(plan.ok).toBe(false);
    if (plan.ok) return;
    expect(plan.message).toContain("4 tiến trình × (20 + 10 + 3) + 2 = 134 kết nối cơ sở dữ liệu");
    expect(plan.message).toContain("chỉ cho 97");
    expect(plan.message).toContain("max_connections");
  });

  it("refuses when even the smallest pools do not fit", () => {
    const plan = planConnections({ ...defaults, workers: 64 }, { maxConnections: 100, reserved: 3 });
    expect(plan.ok).toBe(false);
  });
});

describe("how many workers run when WORKERS is unset", () => {
  it("is one for npm start and one per core for npm run start:cluster", () => {
    expect(defaultWorkerCount(false, 8)).toBe(1);
    expect(defaultWorkerCount(true, 8)).toBe(8);
    expect(defaultWorkerCount(true, 200)).toBe(64);
  });
});
