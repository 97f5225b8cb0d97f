import { describe, expect, it } from "vitest";
import { Coalescer, type Timers } from "./coalesce";

/** A clock the test moves by hand. */
function manualClock() {
  let now = 0;
  let nextId = 0;
  const timers = new Map<number, { at: number; callback: () => void }>();
  const api: Timers = {
    setTimeout: (callback, ms) => {
      const id = ++nextId;
      timers.set(id, { at: now + ms, callback });
      return id;
    },
    clearTimeout: (handle) => void timers.delete(handle as number),
  };
  return {
    timers: api,
    now: () => now,
    pendingTimers: () => timers.size,
    advance(ms: number) {
      const until = now + ms;
      for (;;) {
        const due = [...timers.entries()].filter(([, t]) => t.at <= until).sort((a, b) => a[1].at - b[1].at)[0];
        if (!due) break;
        timers.delete(due[0]);
        now = due[1].at;
        due[1].callback();
      }
      now = until;
    },
  };
}

function setup() {
  const clock = manualClock();
  const fired: { key: string; at: number }[] = [];
  const coalescer = new Coalescer<string>((key) => fired.push({ key, at: clock.now() }), { gatherMs: 50, intervalMs: 500 }, clock.timers);
  return { clock, fired, coalescer };
}

describe("Coalescer", () => {
  it("turns a synchronous burst into one call after the gathering delay", () => {
    const { clock, fired, coalescer } = setup();
    for (let i = 0; i < 1000; i++) coalescer.signal("round:1");
    clock.advance(49);
    expect(fired).toEqual([]);
    clock.advance(1);
    expect(fired).toEqual([{ key: "round:1", at: 50 }]);
    clock.advance(5000);
    expect(fired).toHaveLength(1);
  });

  it("fires at most once per interval under a steady stream, and never drops the last signal", () => {
    const { clock, fired, coalescer } = setup();
    // A signal every 10 ms for 3 seconds.
    for (let t = 0; t < 3000; t += 10) {
      coalescer.signal("round:1");
      clock.advance(10);
    }
    clock.advance(2000);
    const times = fired.map((f) => f.at);
    for (let i = 1; i < times.length; i++) expect(times[i] - times[i - 1]).toBeGreaterThanOrEqual(500);
    // The signal at 2990 ms is delivered by a call after it.
    expect(times.at(-1)!).toBeGreaterThanOrEqual(2990);
    // 3 s of signals: the first at 50 ms, then one every 500 ms.
    expect(times).toEqual([50, 550, 1050, 1550, 2050, 2550, 3050]);
  });

  it("keeps keys apart", () => {
    const { clock, fired, coalescer } = setup();
    coalescer.signal("a");
    coalescer.signal("b");
    coalescer.signal("a");
    clock.advance(60);
    expect(fired.map((f) => f.key).sort()).toEqual(["a", "b"]);
  });

  it("fires promptly again after a quiet interval, and forgets quiet keys", () => {
    const { clock, fired, coalescer } = setup();
    coalescer.signal("a");
    clock.advance(50);
    clock.advance(500);
    expect(coalescer.size).toBe(0);
    coalescer.signal("a");
    clock.advance(50);
    expect(fired.map((f) => f.at)).toEqual([50, 600]);
  });

  it("a signal during the cooling interval waits for its end, not longer", () => {
    const { clock, fired, coalescer } = setup();
    coalescer.signal("a");
    clock.advance(100);
    coalescer.signal("a");
    clock.advance(449);
    expect(fired).toHaveLength(1);
    clock.advance(1);
    expect(fired.map((f) => f.at)).toEqual([50, 550]);
  });

  it("chained as the live notices are (this process's merge, then the delivery's): one delivery a burst, at most one an interval, the last signal never lost", () => {
    const clock = manualClock();
    const delivered: number[] = [];
    const options = { gatherMs: 50, intervalMs: 500 };
    const delivery = new Coalescer<string>(() => delivered.push(clock.now()), options, clock.timers);
    const outgoing = new Coalescer<string>((key) => delivery.signal(key), options, clock.timers);

    for (let i = 0; i < 1000; i++) outgoing.signal("round:1");
    clock.advance(2000);
    expect(delivered).toEqual([100]);

    // A signal every 10 ms for 3 s, from 2000 ms on; another process's changes reach the delivery directly.
    delivered.length = 0;
    let last = 0;
    for (let t = 2000; t < 5000; t += 10) {
      outgoing.signal("round:1");
      if (t % 250 === 0) delivery.signal("round:1");
      last = clock.now();
      clock.advance(10);
    }
    clock.advance(3000);
    for (let i = 1; i < delivered.length; i++) expect(delivered[i] - delivered[i - 1]).toBeGreaterThanOrEqual(500);
    expect(delivered.at(-1)!).toBeGreaterThanOrEqual(last);
    // The other process's signal at 2000 ms is delivered at 2050; this process's burst follows a cooled interval.
    expect(delivered).toEqual([2050, 2550, 3050, 3550, 4050, 4550, 5050]);
    expect(outgoing.size + delivery.size).toBe(0);
  });

  it("stop cancels what is pending", () => {
    const { clock, fired, coalescer } = setup();
    coalescer.signal("a");
    coalescer.stop();
    clock.advance(1000);
    expect(fired).toEqual([]);
    expect(clock.pendingTimers()).toBe(0);
  });
});
