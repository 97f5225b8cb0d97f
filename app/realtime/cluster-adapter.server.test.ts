import { describe, expect, it } from "vitest";
import { listenerBackoffMs } from "./cluster-adapter.server";

describe("the LISTEN connection's back-off", () => {
  it("tries at once after a loss, then waits longer after each failure, up to half a minute", () => {
    const waits = [0, 1, 2, 3, 4, 5, 6, 7, 8, 20].map(listenerBackoffMs);
    expect(waits[0]).toBe(0);
    for (let i = 1; i < waits.length; i++) expect(waits[i]).toBeGreaterThanOrEqual(waits[i - 1]);
    expect(waits[2]).toBeGreaterThan(waits[1]);
    expect(waits.at(-1)).toBe(30_000);
  });
});
