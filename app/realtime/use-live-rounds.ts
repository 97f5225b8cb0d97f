import { useRevalidator } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import type { RankingChanged, WatchReply, WatchRequest } from "./events";

export type LiveState = "connecting" | "live" | "offline" | "refused";

export interface LiveRanking {
  /** connecting: before the first connection; offline: the connection dropped, reconnecting; refused: the server would not let this viewer watch. */
  state: LiveState;
  /** When the page's data was last loaded (ms since the epoch); null before hydration. */
  updatedAt: number | null;
  /** The server's reason when refused (Vietnamese). */
  refusal: string | null;
}

/** At most one refetch of the page's data per second, however many notices arrive. */
export const MIN_REVALIDATE_INTERVAL_MS = 1000;
/** The page was rendered this recently: its first connection needs no refetch. */
const FRESH_PAGE_MS = 3000;

/**
 * Watches the page's ranking scopes over socket.io and refetches the loader's data when the
 * server says they changed, merging bursts. Notices sent while disconnected are lost (delivery
 * is at most once), so every reconnection watches again and refetches at once.
 */
export function useLiveRanking(scopes: WatchRequest[]): LiveRanking {
  const revalidator = useRevalidator();
  const revalidatorRef = useRef(revalidator);
  revalidatorRef.current = revalidator;
  const [state, setState] = useState<LiveState>("connecting");
  const [refusal, setRefusal] = useState<string | null>(null);
  const [updatedAt, setUpdatedAt] = useState<number | null>(null);
  const wanted = useRef(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const lastRevalidation = useRef(0);

  // The data is as fresh as the last completed load.
  useEffect(() => {
    if (revalidator.state === "idle") {
      setUpdatedAt(Date.now());
      // A notice that came during a refetch needs one more.
      if (wanted.current) schedule();
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [revalidator.state]);

  function schedule(immediately = false) {
    wanted.current = true;
    if (timer.current !== undefined) return;
    const wait = immediately ? 0 : Math.max(0, lastRevalidation.current + MIN_REVALIDATE_INTERVAL_MS - Date.now());
    timer.current = setTimeout(() => {
      timer.current = undefined;
      if (revalidatorRef.current.state !== "idle") return; // picked up when the running load ends
      wanted.current = false;
      lastRevalidation.current = Date.now();
      revalidatorRef.current.revalidate();
    }, wait);
  }

  const key = JSON.stringify(scopes);
  useEffect(() => {
    if (scopes.length === 0) return;
    const mountedAt = Date.now();
    let socket: import("socket.io-client").Socket | undefined;
    let cancelled = false;
    let connections = 0;

    const watchAll = async () => {
      if (!socket) return;
      const replies = await Promise.all(
        scopes.map((scope) => (socket!.timeout(10_000).emitWithAck("ranking:watch", scope) as Promise<WatchReply>).catch((): WatchReply => ({ ok: false, message: "Máy chủ không trả lời yêu cầu theo dõi." }))),
      );
      if (cancelled || !socket?.connected) return;
      const refused = replies.find((r): r is Extract<WatchReply, { ok: false }> => !r.ok);
      setRefusal(refused?.message ?? null);
      setState(refused ? "refused" : "live");
    };

    void import("socket.io-client").then(({ io }) => {
      if (cancelled) return;
      socket = io({ transports: ["websocket", "polling"] });
      socket.on("connect", () => {
        connections += 1;
        void watchAll();
        // Resynchronise: whatever changed while disconnected (or since the page was rendered) is fetched now.
        if (connections > 1 || Date.now() - mountedAt > FRESH_PAGE_MS) schedule(true);
      });
      socket.on("disconnect", (reason) => {
        setState("offline");
        // The server closed this connection (a restart): socket.io does not retry that by itself.
        if (reason === "io server disconnect") socket?.connect();
      });
      socket.on("connect_error", () => setState("offline"));
      socket.on("ranking:changed", (_notice: RankingChanged) => schedule());
      socket.on("ranking:resync", () => {
        void watchAll();
        schedule(true);
      });
    });
    return () => {
      cancelled = true;
      socket?.close();
      if (timer.current !== undefined) clearTimeout(timer.current);
      timer.current = undefined;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);

  return { state, updatedAt, refusal };
}

/** The rounds' individual rankings, live; true while watching. */
export function useLiveRounds(roundIds: number[]): boolean {
  return useLiveRanking(roundIds.map((roundId) => ({ roundId, view: "people" }))).state === "live";
}
