import { z } from "~/validation/z";

// One typed map of socket events, shared by the server and the browser.

export interface ServerToClientEvents {
  /** Something in the round's ranking changed; clients refetch the snapshot. */
  "ranking:changed": (payload: { roundId: number }) => void;
  "error:message": (payload: { message: string }) => void;
}

export interface ClientToServerEvents {
  "ranking:watch": (payload: unknown, ack?: (reply: { ok: true } | { ok: false; message: string }) => void) => void;
}

export const watchRankingSchema = z.object({ roundId: z.number().int().positive() });

export const roundRoom = (roundId: number) => `round:${roundId}`;
