import { createAdapter as createPostgresAdapter } from "@socket.io/postgres-adapter";
import { createAdapter as createRedisAdapter } from "@socket.io/redis-adapter";
import pg from "pg";
import { createClient } from "redis";
import type { Server } from "socket.io";

/** With Redis, `channelPrefix` keeps apart deployments (or test runs) sharing one Redis server. */
export type ClusterTransport = { kind: "postgres"; databaseUrl: string } | { kind: "redis"; redisUrl: string; channelPrefix?: string };

export interface AttachedAdapter {
  kind: ClusterTransport["kind"];
  /** Closes the adapter's own connections; call after io.close(). */
  close(): Promise<void>;
}

/**
 * Lets several app processes share socket.io: a notice emitted in one reaches sockets connected
 * to any. PostgreSQL's LISTEN/NOTIFY by default (nothing more to run), Redis pub/sub when
 * REDIS_URL is set. Either way delivery is at most once: clients resynchronise on reconnect.
 */
export async function attachClusterAdapter(io: Server<any, any, any, any>, transport: ClusterTransport): Promise<AttachedAdapter> {
  if (transport.kind === "redis") {
    const pub = createClient({ url: transport.redisUrl });
    const sub = pub.duplicate();
    // A dropped Redis connection reconnects by itself; logging it must not crash the process.
    for (const client of [pub, sub]) client.on("error", (error: Error) => console.warn("[socket.io redis]", error.message));
    await Promise.all([pub.connect(), sub.connect()]);
    io.adapter(createRedisAdapter(pub, sub, { key: transport.channelPrefix ?? "socket.io" }));
    return {
      kind: "redis",
      async close() {
        await Promise.allSettled([pub.quit(), sub.quit()]);
      },
    };
  }
  // A small pool of its own: one connection LISTENs, the others NOTIFY; the app's pool stays for queries.
  const pool = new pg.Pool({ connectionString: transport.databaseUrl, max: 3 });
  pool.on("error", (error) => console.warn("[socket.io postgres] idle client error:", error.message));
  io.adapter(createPostgresAdapter(pool, { errorHandler: (error) => console.warn("[socket.io postgres]", error.message) }));
  return {
    kind: "postgres",
    async close() {
      await pool.end();
    },
  };
}

/** Redis when REDIS_URL is set (channels prefixed by REDIS_CHANNEL_PREFIX, default "socket.io"), otherwise the app's PostgreSQL. */
export function clusterTransportFromEnv(databaseUrl: string, environment: NodeJS.ProcessEnv = process.env): ClusterTransport {
  const redisUrl = environment.REDIS_URL?.trim();
  if (!redisUrl) return { kind: "postgres", databaseUrl };
  return { kind: "redis", redisUrl, channelPrefix: environment.REDIS_CHANNEL_PREFIX?.trim() || undefined };
}
