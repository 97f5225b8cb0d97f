import type { DB } from "~/database/connection.server";
import type { RealtimeServer } from "~/realtime/realtime.server";

export interface AppContext {
  db: DB;
  io: RealtimeServer;
}

declare module "@remix-run/node" {
  interface AppLoadContext extends AppContext {}
}

declare module "@remix-run/server-runtime" {
  interface AppLoadContext extends AppContext {}
}
