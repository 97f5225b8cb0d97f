import type { Server, Socket } from "socket.io";
import { sessionTokenHash, sessionUserIdSql } from "~/auth/sessions.server";
import type { DB, DBOrTransaction } from "~/database/connection.server";
import { rankingAccess, type RankingViewer } from "~/rankings/visibility";
import { Coalescer } from "./coalesce";
import {
  parseRankingRoom,
  rankingRoom,
  scopeCovers,
  WATCH_MESSAGES,
  watchRankingSchema,
  type ClientToServerEvents,
  type InterServerEvents,
  type RankingChanged,
  type ServerToClientEvents,
  type WatchReply,
  type WatchScope,
} from "./events";
import { mayWatch } from "./watch-rules";

interface SocketData {
  /**
   * The session token's hash from the cookie at the handshake. The session, role and unit are
   * read fresh at every watch, so a logout or a role change takes effect at the next watch.
   */
  sessionTokenHash: Buffer | null;
}

export type RealtimeServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
type RealtimeSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

/** A socket watches a handful of boards at most; more is a runaway client. */
export const MAX_WATCHES_PER_SOCKET = 20;
/** Bursts of changes are merged: at most one notice per round per half second, cluster-wide per screen. */
export const NOTICE_GATHER_MS = 50;
export const NOTICE_INTERVAL_MS = 500;

interface RealtimeState {
  /** Merges this process's own changes before telling the other processes. */
  outgoing: Coalescer<string>;
  /** Merges changes from every process before telling this process's sockets. */
  delivery: Coalescer<string>;
  versions: Map<number, number>;
  clustered: boolean;
}

// Kept on the server object, not in a module variable: the routes run from the Remix build,
// which has its own copy of this module, while the server factory registered the handlers.
const STATE = Symbol.for("cchc.realtime.state");
const states = {
  get: (io: RealtimeServer) => (io as unknown as Record<symbol, RealtimeState | undefined>)[STATE],
  set: (io: RealtimeServer, state: RealtimeState) => void ((io as unknown as Record<symbol, RealtimeState>)[STATE] = state),
};

const changeKey = (contestId: number, roundId: number) => `${contestId}:${roundId}`;
const fromKey = (key: string) => {
  const [contestId, roundId] = key.split(":").map(Number);
  return { contestId, roundId };
};

/**
 * Socket handlers and notices. `clustered` says the adapter carries server-side events to the
 * other app processes (the PostgreSQL or Redis adapter); without it, notices stay in this process.
 */
export function registerRealtimeHandlers(io: RealtimeServer, db: DB, options: { clustered: boolean }) {
  const delivery = new Coalescer<string>((key) => deliverLocally(io, fromKey(key)), { gatherMs: NOTICE_GATHER_MS, intervalMs: NOTICE_INTERVAL_MS });
  const outgoing = new Coalescer<string>(
    (key) => {
      if (options.clustered) io.serverSideEmit("ranking:round-changed", fromKey(key));
      delivery.signal(key);
    },
    { gatherMs: NOTICE_GATHER_MS, intervalMs: NOTICE_INTERVAL_MS },
  );
  states.set(io, { outgoing, delivery, versions: new Map(), clustered: options.clustered });
  io.on("ranking:round-changed", (notice) => {
    if (Number.isInteger(notice?.contestId) && Number.isInteger(notice?.roundId)) delivery.signal(changeKey(notice.contestId, notice.roundId));
  });
  io.on("ranking:revoke", (notice) => {
    if (Number.isInteger(notice?.contestId)) revokeLocally(io, notice.contestId);
  });

  // The session cookie of the page that opened the socket says who is watching.
  io.use(async (socket, next) => {
    // An unreadable or tampered cookie is an anonymous viewer, as over HTTP.
    socket.data.sessionTokenHash = await sessionTokenHash(socket.request.headers.cookie);
    next();
  });

  io.on("connection", (socket) => {
    socket.on("ranking:watch", async (payload, ack) => {
      const reply = typeof ack === "function" ? ack : () => {};
      try {
        reply(await watch(db, socket, payload));
      } catch (error) {
        console.error("[trực tiếp] không mở được bảng xếp hạng trực tiếp cho một màn hình:", error);
        reply({ ok: false, message: WATCH_MESSAGES.unavailable });
      }
    });
    socket.on("ranking:unwatch", async (payload, ack) => {
      const reply = typeof ack === "function" ? ack : () => {};
      const room = typeof payload === "object" && payload !== null ? (payload as { room?: unknown }).room : undefined;
      if (typeof room !== "string" || !parseRankingRoom(room)) return reply({ ok: false });
      await socket.leave(room);
      reply({ ok: true });
    });
  });
}

/** Stops the pending notices (at shutdown). */
export function stopRealtime(io: RealtimeServer) {
  const state = states.get(io);
  state?.outgoing.stop();
  state?.delivery.stop();
}

async function watch(db: DB, socket: RealtimeSocket, payload: unknown): Promise<WatchReply> {
  const parsed = watchRankingSchema.safeParse(payload);
  if (!parsed.success) return { ok: false, message: WATCH_MESSAGES.invalid };
  const request = parsed.data;
  const viewer = await loadViewer(db, socket.data.sessionTokenHash);

  let contestId = request.contestId ?? null;
  const roundId = request.roundId ?? null;
  if (roundId !== null) {
    const round = await db.selectFrom("rounds").select("contest_id").where("id", "=", roundId).executeTakeFirst();
    if (!round || (contestId !== null && round.contest_id !== contestId)) return { ok: false, message: WATCH_MESSAGES.roundNotFound };
    contestId = round.contest_id;
  }
  const contest = await db.selectFrom("contests").select(["id", "status", "ranking_public"]).where("id", "=", contestId!).executeTakeFirst();
  const staff = viewer !== null && (viewer.role === "organizer" || viewer.role === "admin");
  // A draft is invisible to everyone but its organizers, as over HTTP.
  if (!contest || (contest.status !== "published" && !staff)) return { ok: false, message: WATCH_MESSAGES.contestNotFound };
  const groupId = request.groupId ?? null;
  if (groupId !== null) {
    const group = await db.selectFrom("contest_groups").select("id").where("id", "=", groupId).where("contest_id", "=", contest.id).executeTakeFirst();
    if (!group) return { ok: false, message: WATCH_MESSAGES.groupNotFound };
  }
  const unitId = request.unitId ?? null;
  let unitPath: string | null = null;
  if (unitId !== null) {
    const unit = await db.selectFrom("units").select("path").where("id", "=", unitId).executeTakeFirst();
    if (!unit) return { ok: false, message: WATCH_MESSAGES.unitNotFound };
    unitPath = unit.path;
  }

  const decision = mayWatch(rankingAccess(viewer, { rankingPublic: contest.ranking_public }), request.view, unitPath);
  if (!decision.ok) return decision;

  const scope: WatchScope = { contestId: contest.id, roundId, groupId, unitId, view: request.view };
  const room = rankingRoom(scope);
  const watching = [...socket.rooms].filter((r) => parseRankingRoom(r) !== null);
  if (!watching.includes(room) && watching.length >= MAX_WATCHES_PER_SOCKET) {
    return { ok: false, message: `Mỗi kết nối theo dõi được tối đa ${MAX_WATCHES_PER_SOCKET} bảng xếp hạng.` };
  }
  await socket.join(room);
  return { ok: true, room };
}

/** The viewer as the read rule needs it; a user who must still change the initial password reads as not logged in. */
async function loadViewer(db: DBOrTransaction, sessionTokenHash: Buffer | null): Promise<RankingViewer> {
  if (sessionTokenHash === null) return null;
  const user = await db
    .selectFrom("users")
    .innerJoin("units", "units.id", "users.unit_id")
    .select(["users.id", "users.role", "users.must_change_password", "units.path"])
    .where("users.id", "=", sessionUserIdSql(sessionTokenHash))
    .executeTakeFirst();
  if (!user || user.must_change_password) return null;
  return { id: user.id, role: user.role, unitPath: user.path };
}

/** Emits to this process's sockets in every room the change concerns, each with its own scope. */
function deliverLocally(io: RealtimeServer, change: { contestId: number; roundId: number }) {
  const state = states.get(io);
  if (!state) return;
  // Monotonic per round in this process, and close to the wall clock so processes roughly agree.
  const version = Math.max((state.versions.get(change.roundId) ?? 0) + 1, Date.now());
  state.versions.set(change.roundId, version);
  const at = new Date().toISOString();
  for (const room of io.of("/").adapter.rooms.keys()) {
    const scope = parseRankingRoom(room);
    if (!scope || !scopeCovers(scope, change)) continue;
    const notice: RankingChanged = { room, scope, roundId: change.roundId, version, at };
    // `local`: the other processes deliver to their own sockets; broadcasting would double every notice.
    io.local.to(room).emit("ranking:changed", notice);
  }
}

/**
 * Tells watchers that a round's ranking changed (an entry started, submitted, expired, a
 * prediction value computed). Cheap to call on every change: bursts are merged.
 */
export function notifyRankingChanged(io: RealtimeServer | undefined, change: { contestId: number; roundId: number }) {
  if (!io) return;
  states.get(io)?.outgoing.signal(changeKey(change.contestId, change.roundId));
}

// Rounds never move between contests, so the lookup is cached for the life of the process.
const contestOfRound = new Map<number, number>();

/** notifyRankingChanged for callers that know only the round. Never throws: a lost notice must not fail a submit. */
export async function notifyRoundRankingChanged(context: { io: RealtimeServer | undefined; db: DBOrTransaction }, roundId: number) {
  if (!context.io) return;
  try {
    let contestId = contestOfRound.get(roundId);
    if (contestId === undefined) {
      const round = await context.db.selectFrom("rounds").select("contest_id").where("id", "=", roundId).executeTakeFirst();
      if (!round) return;
      contestId = round.contest_id;
      if (contestOfRound.size > 10_000) contestOfRound.clear();
      contestOfRound.set(roundId, contestId);
    }
    notifyRankingChanged(context.io, { contestId, roundId });
  } catch (error) {
    console.error("[trực tiếp] không báo được thay đổi xếp hạng tới các màn hình:", error);
  }
}

/**
 * A contest's read rule changed (its ranking made private or public): every watcher of it, on
 * every process, leaves its rooms and is asked to watch again, so the rule is checked anew.
 */
export function revokeContestWatchers(io: RealtimeServer | undefined, contestId: number) {
  if (!io) return;
  if (states.get(io)?.clustered) io.serverSideEmit("ranking:revoke", { contestId });
  revokeLocally(io, contestId);
}

function revokeLocally(io: RealtimeServer, contestId: number) {
  for (const room of [...io.of("/").adapter.rooms.keys()]) {
    const scope = parseRankingRoom(room);
    if (!scope || scope.contestId !== contestId) continue;
    io.local.to(room).emit("ranking:resync", { contestId });
    io.local.in(room).socketsLeave(room);
  }
}

/**
 * Asks every live screen of this process to watch again and reload its data, as after a socket
 * reconnect: used when the channel between app processes came back after a loss, since notices
 * sent while it was down never arrived.
 */
export function resyncLiveScreens(io: RealtimeServer) {
  for (const socket of io.of("/").sockets.values()) {
    const watched = [...socket.rooms].map(parseRankingRoom).find((scope) => scope !== null);
    if (watched) socket.emit("ranking:resync", { contestId: watched.contestId });
  }
}
