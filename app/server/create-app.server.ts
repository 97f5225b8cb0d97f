import "./context";
import http from "node:http";
import path from "node:path";
import { createRequestHandler } from "@remix-run/express";
import type { AppLoadContext, ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";
import { Server } from "socket.io";
import type { DB } from "~/database/connection.server";
import { entryEndpoints } from "~/entries/entry-endpoints.server";
import { registerRealtimeHandlers, type RealtimeServer } from "~/realtime/realtime.server";

export interface AppServer {
  httpServer: http.Server;
  io: RealtimeServer;
}

/** One HTTP server carrying Remix and socket.io. */
export function createAppServer(options: { db: DB; build: ServerBuild; buildDir: string }): AppServer {
  const app = express();
  app.disable("x-powered-by");
  // The answer saves come first: tiny JSON replies that gain nothing from compression or Remix.
  app.use(entryEndpoints(options.db));
  // Phones on weak networks: compress every text response.
  app.use(compression());
  const httpServer = http.createServer(app);
  const io: RealtimeServer = new Server(httpServer, { serveClient: false });
  registerRealtimeHandlers(io, options.db);

  const publicDir = path.join(options.buildDir, "public");
  app.use("/assets", express.static(path.join(publicDir, "assets"), { immutable: true, maxAge: "1y" }));
  app.use(express.static(publicDir, { maxAge: "1h" }));
  const context: AppLoadContext = { db: options.db, io };
  app.all("*", createRequestHandler({ build: options.build, mode: "production", getLoadContext: () => context }));
  return { httpServer, io };
}
