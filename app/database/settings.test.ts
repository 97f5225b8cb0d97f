import { describe, expect, it } from "vitest";
import { parseEnv } from "~/config/env.server";
import { databaseSettingsFrom } from "./settings";

// The variables themselves are checked with the rest of the environment (config/env.server.test.ts).
describe("database limits from the environment", () => {
  it("has a limit for every wait by default, shorter for the answer save, none for maintenance", () => {
    const s = databaseSettingsFrom(parseEnv({}));
    expect(s).toMatchObject({ poolSize: 20, poolWaitMs: 3000, statementTimeoutMs: 15000, lockTimeoutMs: 5000, idleInTransactionMs: 30000, maintenanceStatementTimeoutMs: 0 });
    expect(s.answerSave.lockTimeoutMs).toBeLessThan(s.lockTimeoutMs);
    expect(s.answerSave.statementTimeoutMs).toBeLessThan(s.statementTimeoutMs);
    expect(s.exportStatementTimeoutMs).toBeGreaterThan(s.statementTimeoutMs);
  });

  it("takes each variable, with 0 turning a limit off and an empty value meaning unset", () => {
    const s = databaseSettingsFrom(parseEnv({ DB_POOL_SIZE: "5", DB_STATEMENT_TIMEOUT_MS: "0", ANSWER_SAVE_LOCK_TIMEOUT_MS: "750", DB_LOCK_TIMEOUT_MS: " " }));
    expect(s.poolSize).toBe(5);
    expect(s.statementTimeoutMs).toBe(0);
    expect(s.answerSave.lockTimeoutMs).toBe(750);
    expect(s.lockTimeoutMs).toBe(5000);
  });

  it("refuses a value that is not a whole number of milliseconds, naming the variable in Vietnamese", () => {
    expect(() => parseEnv({ DB_LOCK_TIMEOUT_MS: "5s" })).toThrow(/DB_LOCK_TIMEOUT_MS phải là số nguyên từ 0 đến 86400000 \(lock_timeout, tính bằng mili giây; 0 để tắt\)/);
    expect(() => parseEnv({ DB_POOL_SIZE: "0" })).toThrow(/DB_POOL_SIZE phải là số nguyên từ 1 đến 1000/);
  });
});
