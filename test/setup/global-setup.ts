import path from "node:path";
import type { TestProject } from "vitest/node";
import { startEmbeddedPostgres, type RunningPostgres } from "../../db/postgres";

// The whole suite runs against a real PostgreSQL: DATABASE_URL's server when set,
// otherwise an embedded one kept under .data/test-postgres. Each test file creates its own database.
let embedded: RunningPostgres | undefined;

export default async function setup(project: TestProject) {
  let serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    embedded = await startEmbeddedPostgres(path.resolve(".data/test-postgres"), 54339);
    serverUrl = embedded.serverUrl;
  }
  project.provide("pgServerUrl", serverUrl);
  return async () => {
    await embedded?.stop();
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    pgServerUrl: string;
  }
}
