import { createAdapter as createPostgresAdapter } from "@socket.io/postgres-adapter";
import { createAdapter as createRedisAdapter } from "@socket.io/redis-adapter";
import type pg from "pg";
import { createClient } from "redis";
import type { Server } from "socket.io";
import { env, type Env } from "~/config/env.server";
import { createPool } from "~/database/connection.server";

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
export async function attachClusterAdapter(
  io: Server<any, any, any, any>,
  transport: ClusterTransport,
  options: { onReconnected?: () => void } = {},
): Promise<AttachedAdapter> {
  const onReconnected = options.onReconnected ?? (() => {});
  if (transport.kind === "redis") {
    const key = transport.channelPrefix ?? "socket.io";
    // Named (CLIENT LIST shows them), so an operator can tell a deployment's connections apart.
    const pub = createClient({ url: transport.redisUrl, name: redisClientName(key, "pub") });
    const sub = pub.duplicate({ name: redisClientName(key, "sub") });
    // A dropped Redis connection reconnects by itself; logging it must not crash the process.
    for (const client of [pub, sub]) client.on("error", (error: Error) => console.warn("[trực tiếp qua Redis] lỗi kết nối:", error.message));
    guardPublish(pub);
    await Promise.all([pub.connect(), sub.connect()]);
    // Ready again after a loss (node-redis emits it once it has subscribed again): what other
    // processes sent meanwhile is gone, so the screens reload.
    sub.on("ready", () => {
      console.warn("[trực tiếp qua Redis] đã kết nối lại; các màn hình trực tiếp tải lại dữ liệu");
      onReconnected();
    });
    io.adapter(createRedisAdapter(pub, sub, { key }));
    return {
      kind: "redis",
      async close() {
        await Promise.allSettled([pub.quit(), sub.quit()]);
      },
    };
  }
  // A small pool of its own: one connection LISTENs, the others NOTIFY; the app's pool stays for queries.
  // createPool gives every connection, the LISTEN one included, an 'error' listener.
  const pool = createPool(transport.databaseUrl, { maxConnections: 3, poolWaitMs: 5_000, name: "socket.io" });
  const listener = superviseListener(pool, onReconnected);
  io.adapter(createPostgresAdapter(pool, { errorHandler: (error) => console.warn("[trực tiếp qua PostgreSQL] lỗi:", error.message) }));
  return {
    kind: "postgres",
    async close() {
      listener.stop();
      await pool.end();
    },
  };
}

/** A Redis client name (CLIENT SETNAME): no spaces or control characters. */
export function redisClientName(channelPrefix: string, role: "pub" | "sub"): string {
  return `${channelPrefix.replace(/[^\x21-\x7e]/g, "_")}-${role}`;
}

/**
 * The Redis adapter sends every notice with `pub.publish(…)` and drops the promise. A PUBLISH
 * written just before the connection is lost is rejected ("Socket closed unexpectedly"), and an
 * unhandled rejection ends a Node process: a Redis restart under load would take the app down.
 * The notice is lost either way (delivery is at most once); this keeps the process and logs it.
 */
function guardPublish(pub: { publish: (...args: any[]) => Promise<unknown> }) {
  const publish = pub.publish.bind(pub);
  let lost = 0;
  pub.publish = (...args: any[]) => {
    const sent = publish(...args);
    sent.catch((error: Error) => {
      // One line per burst, not one per notice.
      if (lost++ > 0) return;
      setTimeout(() => {
        console.warn(`[trực tiếp qua Redis] ${lost} thông báo chưa gửi được (chi tiết: ${error.message}); màn hình của các tiến trình khác có thể lỡ một lần cập nhật cho tới lần sau`);
        lost = 0;
      }, 1000).unref();
    });
    return sent;
  };
}

/** Waits before the n-th consecutive failed attempt to open the LISTEN connection (the adapter adds 1–3 s of its own). */
export function listenerBackoffMs(failures: number): number {
  if (failures <= 0) return 0;
  return Math.min(30_000, 500 * 2 ** (failures - 1));
}

/**
 * The PostgreSQL adapter keeps one pooled connection LISTENing and, when that connection ends,
 * takes another with `pool.connect()` (no callback: its only such call; queries use the callback
 * form). Watching those calls gives the listener a growing back-off while the database is down,
 * a log line, and, once it LISTENs again, `onReconnected`: notices other processes sent during
 * the outage were lost, so the live screens must reload.
 */
function superviseListener(pool: pg.Pool, onReconnected: () => void) {
  const connect = pool.connect.bind(pool) as (callback?: unknown) => Promise<pg.PoolClient> | void;
  let failures = 0;
  let listening = false;
  let stopped = false;
  (pool as { connect: unknown }).connect = (callback?: unknown) => {
    if (callback) return connect(callback);
    // Closing: never settles, so the adapter does not schedule yet another attempt.
    if (stopped) return new Promise<never>(() => {});
    return (async () => {
      await new Promise((resolve) => setTimeout(resolve, listenerBackoffMs(failures)));
      if (stopped) return new Promise<never>(() => {});
      let client: pg.PoolClient;
      try {
        client = (await connect()) as pg.PoolClient;
      } catch (error) {
        failures += 1;
        console.warn(`[trực tiếp qua PostgreSQL] chưa kết nối lại được (lần thử ${failures}), sẽ thử tiếp: ${(error as Error).message}`);
        throw error;
      }
      failures = 0;
      const reconnecting = listening;
      listening = true;
      client.once("end", () => {
        console.warn("[trực tiếp qua PostgreSQL] mất kết nối nhận thông báo; đang kết nối lại");
        // The adapter drops a lost LISTEN connection without releasing it; the pool would count it
        // forever (a slot lost per restart, and pool.end() never finishing). Releasing it with an
        // error removes it. The adapter's own close() removes this listener before its release.
        client.release(new Error("LISTEN connection lost"));
      });
      if (reconnecting) {
        // Reload the screens once the adapter's LISTEN has gone through on the new connection.
        const query = client.query.bind(client) as (...args: unknown[]) => unknown;
        (client as { query: unknown }).query = (...args: unknown[]) => {
          const result = query(...args);
          if (typeof args[0] === "string" && args[0].startsWith("LISTEN") && result instanceof Promise) {
            (client as { query: unknown }).query = query;
            void result.then(
              () => {
                console.warn("[trực tiếp qua PostgreSQL] đã kết nối lại; các màn hình trực tiếp tải lại dữ liệu");
                onReconnected();
              },
              () => {},
            );
          }
          return result;
        };
      }
      return client;
    })();
  };
  return {
    stop() {
      stopped = true;
    },
  };
}

/** Redis when REDIS_URL is set (channels prefixed by REDIS_CHANNEL_PREFIX, default "socket.io"), otherwise the app's PostgreSQL. */
export function clusterTransportFromEnv(databaseUrl: string, source: Pick<Env, "REDIS_URL" | "REDIS_CHANNEL_PREFIX"> = env()): ClusterTransport {
  if (!source.REDIS_URL) return { kind: "postgres", databaseUrl };
  return { kind: "redis", redisUrl: source.REDIS_URL, channelPrefix: source.REDIS_CHANNEL_PREFIX };
}
