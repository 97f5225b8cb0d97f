import type { Socket } from "socket.io-client";

// Waiting for socket events without sleeping. A test either waits for what it expects (and fails
// when it does not come within a bound, which is a limit on waiting, not a claim about timing),
// or, to show that something did NOT arrive, makes a round trip on the same connection: the
// server writes to one connection in order, so whatever it sent before its reply has arrived.

export interface EventLog<T> {
  /** Every event received so far, in order. */
  readonly seen: T[];
  /** Resolves once `check(seen)` holds (at once if it already does); rejects after `limitMs`. */
  until(check: (seen: T[]) => boolean, what: string, limitMs?: number): Promise<void>;
  /** The first event from now on (not one already seen) that `matches`; rejects after `limitMs`. */
  next(matches?: (event: T) => boolean, what?: string, limitMs?: number): Promise<T>;
}

export const WAIT_LIMIT_MS = 5000;

/** Records every `event` the socket receives from now on. */
export function recordEvents<T>(socket: Socket, event: string): EventLog<T> {
  const seen: T[] = [];
  const listeners = new Set<() => void>();
  socket.on(event, (payload: T) => {
    seen.push(payload);
    for (const listener of [...listeners]) listener();
  });
  const until = (check: (seen: T[]) => boolean, what: string, limitMs = WAIT_LIMIT_MS) =>
    new Promise<void>((resolve, reject) => {
      if (check(seen)) return resolve();
      const listener = () => {
        if (!check(seen)) return;
        listeners.delete(listener);
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        listeners.delete(listener);
        reject(new Error(`still waiting for ${what} after ${limitMs} ms (${seen.length} ${event} received)`));
      }, limitMs);
      listeners.add(listener);
    });
  return {
    seen,
    until,
    async next(matches = () => true, what = `the next ${event}`, limitMs = WAIT_LIMIT_MS) {
      const from = seen.length;
      let found: T | undefined;
      await until(
        (all) => {
          found = all.slice(from).find(matches);
          return found !== undefined;
        },
        what,
        limitMs,
      );
      return found!;
    },
  };
}

/** Resolves at the socket's next `connect`; rejects after `limitMs`. */
export function nextConnect(socket: Socket, limitMs = WAIT_LIMIT_MS): Promise<void> {
  return new Promise((resolve, reject) => {
    const connected = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      socket.off("connect", connected);
      reject(new Error(`no reconnection within ${limitMs} ms`));
    }, limitMs);
    socket.once("connect", connected);
  });
}

/**
 * A round trip on the connection: an unwatch of a room that is no ranking room, which the server
 * refuses at once without changing anything. When it returns, every event the server sent this
 * socket before handling it has been received.
 */
export async function roundTrip(socket: Socket): Promise<void> {
  const reply = await socket.timeout(WAIT_LIMIT_MS).emitWithAck("ranking:unwatch", { room: "round-trip" });
  if (reply?.ok !== false) throw new Error(`unexpected round-trip reply: ${JSON.stringify(reply)}`);
}
