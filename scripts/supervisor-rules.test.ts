import { describe, expect, it } from "vitest";
import { restartDelayMs } from "./supervisor-rules";

describe("restarting a dead worker", () => {
  it("is quick the first time and waits longer while workers keep dying, up to half a minute", () => {
    expect(restartDelayMs(1)).toBe(1000);
    expect(restartDelayMs(2)).toBe(2000);
    expect(restartDelayMs(3)).toBe(4000);
    expect(restartDelayMs(10)).toBe(30_000);
  });
});
