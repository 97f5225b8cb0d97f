import { z } from "~/validation/z";

// One typed map of socket events, shared by the server and the browser.

/** What a screen shows: the individual ranking, the unit table, or the leaders' dashboard (counters, charts). */
export const RANKING_VIEWS = ["people", "units", "dashboard"] as const;
export type RankingView = (typeof RANKING_VIEWS)[number];

/** The part of a contest a screen watches. Absent ids mean "all": every round, every group, every unit. */
export interface WatchScope {
  contestId: number;
  roundId: number | null;
  groupId: number | null;
  unitId: number | null;
  view: RankingView;
}

/** A ranking changed; screens refetch their snapshot. Ids and a clock only: never anything personal. */
export interface RankingChanged {
  /** The room (watch) this notice is for, as returned when the watch was accepted. */
  room: string;
  scope: WatchScope;
  /** The round whose results changed. */
  roundId: number;
  /** Increases with every notice of the round on a server; a screen that saw a higher one is not behind. */
  version: number;
  /** Server time of the notice (ISO 8601). */
  at: string;
}

export type WatchReply = { ok: true; room: string } | { ok: false; message: string };

export interface ServerToClientEvents {
  "ranking:changed": (payload: RankingChanged) => void;
  /** The contest's read rule changed: the server dropped this client's watches of it; watch again (the rule is checked anew). */
  "ranking:resync": (payload: { contestId: number }) => void;
}

export interface ClientToServerEvents {
  "ranking:watch": (payload: unknown, ack?: (reply: WatchReply) => void) => void;
  "ranking:unwatch": (payload: unknown, ack?: (reply: { ok: boolean }) => void) => void;
}

/** Between app processes (through the socket.io adapter): a round's results changed. */
export interface InterServerEvents {
  "ranking:round-changed": (notice: { contestId: number; roundId: number }) => void;
  "ranking:revoke": (notice: { contestId: number }) => void;
}

const id = z.number().int().positive().max(2_147_483_647);

/**
 * A watch request: a contest (or a round, whose contest it implies), optionally narrowed to a
 * group and to the subtree of a unit. `view` defaults to the individual ranking.
 */
export const watchRankingSchema = z
  .strictObject({
    contestId: id.optional(),
    roundId: id.nullish(),
    groupId: id.nullish(),
    unitId: id.nullish(),
    view: z.enum(RANKING_VIEWS).default("people"),
  })
  .refine((scope) => scope.contestId !== undefined || (scope.roundId ?? null) !== null);

export type WatchRequest = z.input<typeof watchRankingSchema>;

const ROOM_PREFIX = "ranking";
const ALL = "*";

/** The room of a scope: `ranking/<contest>/<round|*>/<group|*>/<unit|*>/<view>`. */
export function rankingRoom(scope: WatchScope): string {
  const part = (value: number | null) => (value === null ? ALL : String(value));
  return [ROOM_PREFIX, scope.contestId, part(scope.roundId), part(scope.groupId), part(scope.unitId), scope.view].join("/");
}

/** The scope a room name stands for, or null for any other room (a socket's own room, for one). */
export function parseRankingRoom(room: string): WatchScope | null {
  const parts = room.split("/");
  if (parts.length !== 6 || parts[0] !== ROOM_PREFIX) return null;
  const number = (text: string, optional: boolean): number | null | undefined => {
    if (optional && text === ALL) return null;
    return /^[1-9]\d{0,9}$/.test(text) ? Number(text) : undefined;
  };
  const contestId = number(parts[1], false);
  const roundId = number(parts[2], true);
  const groupId = number(parts[3], true);
  const unitId = number(parts[4], true);
  const view = parts[5] as RankingView;
  if (!contestId || roundId === undefined || groupId === undefined || unitId === undefined || !RANKING_VIEWS.includes(view)) return null;
  return { contestId, roundId, groupId, unitId, view };
}

/** Whether a change of `roundId` in `contestId` concerns the watchers of `scope`. */
export function scopeCovers(scope: WatchScope, change: { contestId: number; roundId: number }): boolean {
  return scope.contestId === change.contestId && (scope.roundId === null || scope.roundId === change.roundId);
}

export const WATCH_MESSAGES = {
  invalid: "Yêu cầu theo dõi bảng xếp hạng không hợp lệ.",
  contestNotFound: "Không tìm thấy cuộc thi.",
  roundNotFound: "Không tìm thấy đợt thi.",
  groupNotFound: "Không tìm thấy bảng thi trong cuộc thi này.",
  unitNotFound: "Không tìm thấy đơn vị.",
  notPublic: "Bảng xếp hạng của cuộc thi này không công khai.",
  dashboardOnly: "Chỉ lãnh đạo và ban tổ chức được xem bảng theo dõi này.",
  outsideSubtree: "Bạn chỉ được xem bảng xếp hạng của đơn vị mình và các đơn vị trực thuộc.",
  unavailable: "Chưa theo dõi được bảng xếp hạng, vui lòng thử lại.",
} as const;
