/** How long the supervisor waits before replacing a worker that died, after `crashes` deaths in a row: 1 s, 2 s, 4 s … at most 30 s. */
export function restartDelayMs(crashes: number): number {
  return Math.min(30_000, 1000 * 2 ** Math.max(0, crashes - 1));
}

/** Connections each app worker opens besides its two pools: socket.io's PostgreSQL adapter (none with Redis). */
export const SOCKET_IO_CONNECTIONS = 3;
/** The first worker's migrations and bank import, at start only (counted anyway: it is the worst moment). */
export const MAINTENANCE_CONNECTIONS = 2;
/** Below this an app pool would queue every page behind the finaliser and the exports. */
const MIN_POOL_SIZE = 2;

export interface ConnectionNeeds {
  workers: number;
  poolSize: number;
  answerPoolSize: number;
  /** DB_POOL_SIZE or ANSWER_SAVE_POOL_SIZE was set by the operator: never changed, only refused. */
  poolSizesGiven: boolean;
  /** Whether socket.io goes through PostgreSQL (no REDIS_URL). */
  socketIoOnPostgres: boolean;
}

/** What the server allows: max_connections less the slots it keeps for superusers (and reserved_connections, PostgreSQL 16+). */
export interface ConnectionLimit {
  maxConnections: number;
  reserved: number;
}

export type ConnectionPlan =
  | { ok: true; poolSize: number; answerPoolSize: number; perWorker: number; total: number; budget: number; reduced: boolean }
  | { ok: false; total: number; budget: number; message: string };

/**
 * Every worker opens at most poolSize + answerPoolSize + socket.io's connections, and the first
 * also its maintenance pool at start: N × (pool + answer pool + socket.io) + maintenance must stay
 * within what the server allows, or the last workers' requests fail with "too many clients" at the
 * peak. Default pool sizes that do not fit are shrunk (keeping their ratio); sizes the operator
 * chose are kept and the start is refused instead, with the figures.
 */
export function planConnections(needs: ConnectionNeeds, limit: ConnectionLimit): ConnectionPlan {
  const socketIo = needs.socketIoOnPostgres ? SOCKET_IO_CONNECTIONS : 0;
  const budget = limit.maxConnections - limit.reserved;
  const totalFor = (pool: number, answer: number) => needs.workers * (pool + answer + socketIo) + MAINTENANCE_CONNECTIONS;
  const total = totalFor(needs.poolSize, needs.answerPoolSize);
  if (total <= budget) {
    return { ok: true, poolSize: needs.poolSize, answerPoolSize: needs.answerPoolSize, perWorker: needs.poolSize + needs.answerPoolSize + socketIo, total, budget, reduced: false };
  }
  const explain = `${needs.workers} tiến trình × (${needs.poolSize} + ${needs.answerPoolSize} + ${socketIo}) + ${MAINTENANCE_CONNECTIONS} = ${total} kết nối cơ sở dữ liệu, nhưng máy chủ PostgreSQL chỉ cho ${budget} (max_connections ${limit.maxConnections} trừ ${limit.reserved} kết nối dành riêng)`;
  if (needs.poolSizesGiven) {
    return { ok: false, total, budget, message: `${explain}. Hãy giảm WORKERS, DB_POOL_SIZE hoặc ANSWER_SAVE_POOL_SIZE, hoặc tăng max_connections của PostgreSQL.` };
  }
  const perWorkerPools = Math.floor((budget - MAINTENANCE_CONNECTIONS) / needs.workers) - socketIo;
  const answerPoolSize = Math.max(1, Math.floor((perWorkerPools * needs.answerPoolSize) / (needs.poolSize + needs.answerPoolSize)));
  const poolSize = perWorkerPools - answerPoolSize;
  if (poolSize < MIN_POOL_SIZE) {
    return { ok: false, total, budget, message: `${explain}, không đủ cho mỗi tiến trình dù giảm số kết nối. Hãy giảm WORKERS hoặc tăng max_connections của PostgreSQL.` };
  }
  return { ok: true, poolSize, answerPoolSize, perWorker: poolSize + answerPoolSize + socketIo, total: totalFor(poolSize, answerPoolSize), budget, reduced: true };
}

/** How many workers `npm start` (one) or `npm run start:cluster` (one per core) runs when WORKERS is unset. */
export function defaultWorkerCount(cluster: boolean, cores: number): number {
  return cluster ? Math.max(1, Math.min(64, cores)) : 1;
}
