import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

// Browser journeys: the real server (scripts/serve.ts) in a child process, driven by Debian's chromium.
export default defineConfig({
  root,
  resolve: { alias: { "~": path.join(root, "app") } },
  test: {
    // The JSON report lets .ci/run print one closing "N passed, N failed" line.
    reporters: ["default", "json"],
    outputFile: { json: "test-results/e2e.json" },
    include: ["test/e2e/**/*.test.ts"],
    globalSetup: ["test/setup/global-setup.ts"],
    testTimeout: 120_000,
    // Assertions on a page wait for it, as Playwright's web-first assertions do: a page that never
    // gets there fails after this long, one that gets there a little late does not.
    expect: { poll: { timeout: 10_000, interval: 50 } },
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
