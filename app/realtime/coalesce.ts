/** The timer functions a coalescer uses; tests pass fake ones. */
export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realTimers: Timers = {
  setTimeout: (callback, ms) => {
    const handle = setTimeout(callback, ms);
    // A pending notice must not keep a stopping process alive.
    handle.unref?.();
    return handle;
  },
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * Turns a burst of signals per key into few calls: the first signal fires after `gatherMs`
 * (so a synchronous burst is one call), then at most one call per `intervalMs`, the last one
 * carrying every signal that arrived while waiting. A signal is never dropped, only merged.
 */
export class Coalescer<K> {
  private readonly state = new Map<K, { timer: unknown; pending: boolean }>();

  constructor(
    private readonly fire: (key: K) => void,
    private readonly options: { gatherMs: number; intervalMs: number },
    private readonly timers: Timers = realTimers,
  ) {}

  signal(key: K): void {
    const current = this.state.get(key);
    if (current) {
      current.pending = true;
      return;
    }
    const entry = { timer: undefined as unknown, pending: true };
    this.state.set(key, entry);
    entry.timer = this.timers.setTimeout(() => this.flush(key), this.options.gatherMs);
  }

  private flush(key: K): void {
    const entry = this.state.get(key);
    if (!entry) return;
    if (!entry.pending) {
      // Quiet for a whole interval: forget the key, so the next signal fires promptly again.
      this.state.delete(key);
      return;
    }
    entry.pending = false;
    entry.timer = this.timers.setTimeout(() => this.flush(key), this.options.intervalMs);
    this.fire(key);
  }

  /** Keys waiting to fire or cooling down. */
  get size(): number {
    return this.state.size;
  }

  stop(): void {
    for (const entry of this.state.values()) this.timers.clearTimeout(entry.timer);
    this.state.clear();
  }
}
