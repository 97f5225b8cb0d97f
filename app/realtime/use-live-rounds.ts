import { useRevalidator } from "@remix-run/react";
import { useEffect, useState } from "react";

/**
 * Refetches the page's data when the server says one of these rounds changed, and after
 * every (re)connect, since events sent while disconnected are lost. Returns whether it is live.
 */
export function useLiveRounds(roundIds: number[]) {
  const revalidator = useRevalidator();
  const [live, setLive] = useState(false);
  const key = roundIds.join(",");
  useEffect(() => {
    if (roundIds.length === 0) return;
    let socket: import("socket.io-client").Socket | undefined;
    let cancelled = false;
    void import("socket.io-client").then(({ io }) => {
      if (cancelled) return;
      socket = io({ transports: ["websocket", "polling"] });
      socket.on("connect", () => {
        let acknowledged = 0;
        for (const roundId of roundIds) {
          socket?.emit("ranking:watch", { roundId }, (reply: { ok: boolean }) => {
            if (reply.ok && ++acknowledged === roundIds.length) setLive(true);
          });
        }
        revalidator.revalidate();
      });
      socket.on("disconnect", () => setLive(false));
      socket.on("ranking:changed", (payload: { roundId: number }) => {
        if (roundIds.includes(payload.roundId)) revalidator.revalidate();
      });
    });
    return () => {
      cancelled = true;
      socket?.close();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  return live;
}
