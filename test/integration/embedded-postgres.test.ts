import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmbeddedPostgres } from "../../db/postgres";
import { freePort } from "../support/spawned-server";

// The embedded PostgreSQL's start explains itself: when PostgreSQL refuses to start, the error
// carries PostgreSQL's own words rather than nothing ("undefined").

describe("the embedded PostgreSQL's start", () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "cchc-embedded-"));
    fs.chmodSync(dataDir, 0o755);
  });
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it("a refused start says why, in PostgreSQL's words; once repaired it starts", async () => {
    const port = await freePort();
    const first = await startEmbeddedPostgres(dataDir, port);
    expect(first.origin).toBe("started");
    await first.stop();
    const conf = path.join(dataDir, "cluster", "postgresql.conf");
    const original = fs.readFileSync(conf, "utf8");
    fs.appendFileSync(conf, "\nshared_buffers = 'a lot'\n");

    const failure = await startEmbeddedPostgres(dataDir, port).then(
      () => null,
      (error: Error) => error,
    );
    expect(failure?.message).toContain("PostgreSQL nhúng không khởi động được");
    expect(failure?.message).toContain('invalid value for parameter "shared_buffers"');
    expect(failure?.message).toContain("contains errors");

    fs.writeFileSync(conf, original);
    const again = await startEmbeddedPostgres(dataDir, port);
    expect(again.origin).toBe("started");
    await again.stop();
  }, 60_000);
});
