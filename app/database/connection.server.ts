import { Kysely, PostgresDialect, type Transaction } from "kysely";
import pg from "pg";
import type { Database } from "./schema";

// int8 (count(*), bigserial ids) stays a string: ids are opaque, counts are converted where read.
export type DB = Kysely<Database>;
export type DBOrTransaction = Kysely<Database> | Transaction<Database>;

export function createDatabase(connectionString: string, maxConnections = 20): DB {
  const pool = new pg.Pool({ connectionString, max: maxConnections });
  // A pooled connection dropped by the server must not crash the process.
  pool.on("error", (error) => console.error("[db] idle client error:", error.message));
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}
