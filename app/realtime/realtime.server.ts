import type { Server } from "socket.io";
import type { DB } from "~/database/connection.server";
import { roundRoom, watchRankingSchema, type ClientToServerEvents, type ServerToClientEvents } from "./events";

export type RealtimeServer = Server<ClientToServerEvents, ServerToClientEvents>;

export function registerRealtimeHandlers(io: RealtimeServer, db: DB) {
  io.on("connection", (socket) => {
    socket.on("ranking:watch", async (payload, ack) => {
      const parsed = watchRankingSchema.safeParse(payload);
      const reply = typeof ack === "function" ? ack : () => {};
      if (!parsed.success) return reply({ ok: false, message: "Yêu cầu theo dõi bảng xếp hạng không hợp lệ." });
      // The demo rankings are public; per-unit read rules come with the leaders' dashboards.
      const round = await db.selectFrom("rounds").select("id").where("id", "=", parsed.data.roundId).executeTakeFirst();
      if (!round) return reply({ ok: false, message: "Không tìm thấy đợt thi." });
      await socket.join(roundRoom(round.id));
      reply({ ok: true });
    });
  });
}

const pending = new WeakMap<RealtimeServer, Set<number>>();

/** Tells watchers a round's ranking changed. Bursts are coalesced to one message per round every 500 ms. */
export function notifyRankingChanged(io: RealtimeServer | undefined, roundId: number) {
  if (!io) return;
  let rounds = pending.get(io);
  if (!rounds) {
    rounds = new Set();
    pending.set(io, rounds);
  }
  if (rounds.has(roundId)) return;
  rounds.add(roundId);
  setTimeout(() => {
    rounds.delete(roundId);
    io.to(roundRoom(roundId)).emit("ranking:changed", { roundId });
  }, 500).unref();
}
