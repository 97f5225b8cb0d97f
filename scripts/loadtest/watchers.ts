// Live ranking watchers for the load test: socket.io clients that watch the round's ranking as
// the ranking page does (app/realtime/use-live-rounds.ts: "ranking:watch" {roundId, view}), and
// the delay from each submit's reply to the next "ranking:changed" each watcher receives.
import { performance } from "node:perf_hooks";
import { io, type Socket } from "socket.io-client";

/** Delays kept in a 1 ms histogram up to a minute: constant memory however many pairs. */
const HISTOGRAM_MS = 60_000;

export class Watchers {
  private readonly sockets: Socket[] = [];
  /** Arrival times (performance.now()) of the round's notices, per watcher, ascending. */
  private readonly notices: number[][] = [];
  refused = 0;
  refusal: string | null = null;
  connectFailures = 0;
  disconnects = 0;
  private closing = false;

  private constructor(readonly count: number) {}

  /** Connects `count` watchers (in batches, as pages opening) and waits until each watches or fails. */
  static async open(url: URL, roundId: number, count: number): Promise<Watchers> {
    const watchers = new Watchers(count);
    for (let offset = 0; offset < count; offset += 100) {
      const batch = Array.from({ length: Math.min(100, count - offset) }, (_, i) => watchers.openOne(url, roundId, offset + i));
      await Promise.all(batch);
    }
    return watchers;
  }

  private openOne(url: URL, roundId: number, index: number): Promise<void> {
    const times: number[] = [];
    this.notices[index] = times;
    // A browser names the page's origin in the handshake; the server refuses sockets without it.
    const socket = io(url.origin, { transports: ["websocket"], reconnection: true, forceNew: true, timeout: 30_000, extraHeaders: { Origin: url.origin } });
    this.sockets.push(socket);
    socket.on("ranking:changed", (notice: { roundId?: number }) => {
      if (notice?.roundId === roundId) times.push(performance.now());
    });
    socket.on("disconnect", () => {
      if (!this.closing) this.disconnects++;
    });
    return new Promise<void>((resolve) => {
      let settled = false;
      const done = () => {
        if (!settled) {
          settled = true;
          resolve();
        }
      };
      socket.on("connect", async () => {
        try {
          const reply = (await socket.timeout(30_000).emitWithAck("ranking:watch", { roundId, view: "people" })) as { ok: boolean; message?: string };
          if (!reply.ok) {
            this.refused++;
            this.refusal = reply.message ?? null;
          }
        } catch {
          this.refused++;
        }
        done();
      });
      socket.on("connect_error", () => {
        if (!settled) this.connectFailures++;
        done();
      });
    });
  }

  close() {
    this.closing = true;
    for (const socket of this.sockets) socket.close();
  }

  /**
   * For every submit (reply time) and every watcher: the delay to the first notice that
   * arrived at or after it. Pairs with no notice afterwards are counted as missed.
   */
  delays(submitTimes: number[]): { pairs: number; missed: number; p50: number; p95: number; p99: number; max: number } {
    const histogram = new Uint32Array(HISTOGRAM_MS + 1);
    let pairs = 0;
    let missed = 0;
    let max = 0;
    for (const times of this.notices) {
      if (!times) continue;
      for (const t of submitTimes) {
        pairs++;
        let lo = 0;
        let hi = times.length;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (times[mid] < t) lo = mid + 1;
          else hi = mid;
        }
        if (lo === times.length) {
          missed++;
          continue;
        }
        const delay = times[lo] - t;
        max = Math.max(max, delay);
        histogram[Math.min(HISTOGRAM_MS, Math.floor(delay))]++;
      }
    }
    const received = pairs - missed;
    const at = (p: number) => {
      if (received === 0) return NaN;
      const rank = Math.ceil((p / 100) * received);
      let seen = 0;
      for (let ms = 0; ms <= HISTOGRAM_MS; ms++) {
        seen += histogram[ms];
        if (seen >= rank) return ms + 1; // upper edge of the 1 ms bucket
      }
      return HISTOGRAM_MS;
    };
    return { pairs, missed, p50: at(50), p95: at(95), p99: at(99), max };
  }
}
