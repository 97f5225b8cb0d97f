import type { DB } from "~/database/connection.server";
import type { RealtimeServer } from "~/realtime/realtime.server";

export interface AppContext {
  db: DB;
  io: RealtimeServer;
  /** The client's address (Express's req.ip: the socket's, or the proxy's X-Forwarded-For under TRUST_PROXY). */
  clientAddress: string | null;
  /** This request's Content-Security-Policy nonce: Remix's inline scripts carry it. */
  cspNonce: string;
}

declare module "@remix-run/node" {
  interface AppLoadContext extends AppContext {}
}

declare module "@remix-run/server-runtime" {
  interface AppLoadContext extends AppContext {}
}
