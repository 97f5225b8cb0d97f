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
import { sameOriginHandshake, sameOriginWrites } from "~/http/same-origin.server";
import { pageSecurityPolicy, securityHeaders, socketSecurityHeaders, webSecurityFromEnv, type WebSecurity } from "~/http/web-security.server";
import { attachClusterAdapter, type ClusterTransport } from "~/realtime/cluster-adapter.server";
import { registerRealtimeHandlers, resyncLiveScreens, stopRealtime, type RealtimeServer } from "~/realtime/realtime.server";
import { answerDatabaseOutages } from "./database-outage.server";

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
export async function createAppServer(options: {
  db: DB;
  /** The answer saves' own pool, with shorter time limits (database/settings.ts); `db` when absent. */
  answerDb?: DB;
  build: ServerBuild;
  buildDir: string;
  cluster?: ClusterTransport | null;
  /** How the site is reached (HTTPS, proxies, other allowed origins); from the environment by default. */
  security?: WebSecurity;
  /**
   * Several workers share this port (Node's cluster module hands each new TCP connection to any of
   * them): socket.io's long-polling, whose requests must all reach the process that holds the
   * session, would fail half the time, so only WebSocket (one connection, one worker) is accepted.
   * Browsers lose nothing: the page tries WebSocket first and never falls back to polling.
   */
  websocketOnly?: boolean;
}): Promise<AppServer> {
  const security = options.security ?? webSecurityFromEnv();
  const app = express();
  app.disable("x-powered-by");
  // Behind one reverse proxy (TRUST_PROXY=true), req.ip is the client's address the proxy saw
  // (login throttling counts by it) and X-Forwarded-Proto says whether the page was HTTPS. One hop
  // only: an X-Forwarded-For the client wrote itself is not believed.
  if (security.trustProxy) app.set("trust proxy", 1);
  // Before anything answers: every response carries the security headers, and every write
  // (form, fetcher, answer save, upload) must come from a page of this site.
  app.use(securityHeaders(security));
  app.use(sameOriginWrites(security.sameOrigin));
  // The answer saves come first: tiny JSON replies that gain nothing from compression or Remix.
  app.use(entryEndpoints(options.answerDb ?? options.db));
  app.use(auditPersonalDataDownloads(options.db));
  // Phones on weak networks: compress every text response.
  app.use(compression());
  const httpServer = http.createServer(app);
  const io: RealtimeServer = new Server(httpServer, {
    serveClient: false,
    allowRequest: sameOriginHandshake(security.sameOrigin),
    ...(options.websocketOnly ? { transports: ["websocket" as const] } : {}),
  });
  const socketHeaders = socketSecurityHeaders(security);
  const addSocketHeaders = (headers: Record<string, string>) => Object.assign(headers, socketHeaders);
  io.engine.on("initial_headers", addSocketHeaders);
  io.engine.on("headers", addSocketHeaders);
  const adapter = options.cluster ? await attachClusterAdapter(io, options.cluster, { onReconnected: () => resyncLiveScreens(io) }) : null;
  registerRealtimeHandlers(io, options.db, { clustered: adapter !== null });

  const publicDir = path.join(options.buildDir, "public");
  app.use("/assets", express.static(path.join(publicDir, "assets"), { immutable: true, maxAge: "1y" }));
  app.use(express.static(publicDir, { maxAge: "1h" }));
  // The site's icons and web app manifest, from the repository's public/ beside build/: a
  // browser's /favicon.ico is answered here and never reaches Remix.
  app.use(express.static(path.join(options.buildDir, "..", "public"), { maxAge: "1d", index: false }));
  app.all(
    "*",
    createRequestHandler({
      // A database outage answers 503 "try again", not an unexplained error.
      build: answerDatabaseOutages(options.build),
      mode: "production",
      getLoadContext: (req, res): AppLoadContext => {
        const { nonce, policy } = pageSecurityPolicy(req.headers.host);
        res.setHeader("Content-Security-Policy", policy);
        return { db: options.db, io, cspNonce: nonce, clientAddress: req.ip ?? null };
      },
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
