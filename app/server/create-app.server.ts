import "./context";
import http from "node:http";
import path from "node:path";
import { createRequestHandler } from "@remix-run/express";
import type { AppLoadContext, ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";
import { Server } from "socket.io";
import { auditPersonalDataDownloads } from "~/auth/download-audit.server";
import type { DB } from "~/database/connection.server";
import { entryEndpoints } from "~/entries/entry-endpoints.server";
import { attachClusterAdapter, type ClusterTransport } from "~/realtime/cluster-adapter.server";
import { registerRealtimeHandlers, stopRealtime, type RealtimeServer } from "~/realtime/realtime.server";

export interface AppServer {
  httpServer: http.Server;
  io: RealtimeServer;
  /** Which adapter carries socket.io events between app processes; null: this process only. */
  cluster: ClusterTransport["kind"] | null;
  /** Stops socket.io (and its adapter's connections) and the HTTP server; the database is the caller's. */
  close(): Promise<void>;
}

/**
 * One HTTP server carrying Remix and socket.io. With `cluster` (PostgreSQL or Redis), socket.io
 * events reach clients connected to every app process sharing that database or Redis.
 */
export async function createAppServer(options: { db: DB; build: ServerBuild; buildDir: string; cluster?: ClusterTransport | null }): Promise<AppServer> {
  const app = express();
  app.disable("x-powered-by");
  // Behind a reverse proxy, TRUST_PROXY (Express's setting: "loopback", a hop count, addresses)
  // makes req.ip the client's address from X-Forwarded-For; login throttling counts by it.
  const trustProxy = process.env.TRUST_PROXY;
  if (trustProxy) app.set("trust proxy", /^\d+$/.test(trustProxy) ? Number(trustProxy) : trustProxy === "true" ? true : trustProxy);
  // The answer saves come first: tiny JSON replies that gain nothing from compression or Remix.
  app.use(entryEndpoints(options.db));
  app.use(auditPersonalDataDownloads(options.db));
  // Phones on weak networks: compress every text response.
  app.use(compression());
  const httpServer = http.createServer(app);
  const io: RealtimeServer = new Server(httpServer, { serveClient: false });
  const adapter = options.cluster ? await attachClusterAdapter(io, options.cluster) : null;
  registerRealtimeHandlers(io, options.db, { clustered: adapter !== null });

  const publicDir = path.join(options.buildDir, "public");
  app.use("/assets", express.static(path.join(publicDir, "assets"), { immutable: true, maxAge: "1y" }));
  app.use(express.static(publicDir, { maxAge: "1h" }));
  app.all(
    "*",
    createRequestHandler({
      build: options.build,
      mode: "production",
      getLoadContext: (req): AppLoadContext => ({ db: options.db, io, clientAddress: req.ip ?? null }),
    }),
  );

  let closing: Promise<void> | undefined;
  return {
    httpServer,
    io,
    cluster: adapter?.kind ?? null,
    close() {
      closing ??= (async () => {
        stopRealtime(io);
        // Closes every socket, the adapter (unlistening) and the HTTP server.
        await io.close();
        await adapter?.close();
      })();
      return closing;
    },
  };
}
