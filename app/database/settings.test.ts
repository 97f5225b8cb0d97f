import { describe, expect, it } from "vitest";
import { databaseSettingsFromEnv } from "./settings";

describe("database limits from the environment", () => {
  it("has a limit for every wait by default, shorter for the answer save, none for maintenance", () => {
    const s = databaseSettingsFromEnv({});
    expect(s).toMatchObject({ poolSize: 20, poolWaitMs: 3000, statementTimeoutMs: 15000, lockTimeoutMs: 5000, idleInTransactionMs: 30000, maintenanceStatementTimeoutMs: 0 });
    expect(s.answerSave.lockTimeoutMs).toBeLessThan(s.lockTimeoutMs);
    expect(s.answerSave.statementTimeoutMs).toBeLessThan(s.statementTimeoutMs);
    expect(s.exportStatementTimeoutMs).toBeGreaterThan(s.statementTimeoutMs);
  });

  it("takes each variable, with 0 turning a limit off and an empty value meaning unset", () => {
    const s = databaseSettingsFromEnv({ DB_POOL_SIZE: "5", DB_STATEMENT_TIMEOUT_MS: "0", ANSWER_SAVE_LOCK_TIMEOUT_MS: "750", DB_LOCK_TIMEOUT_MS: " " });
    expect(s.poolSize).toBe(5);
    expect(s.statementTimeoutMs).toBe(0);
    expect(s.answerSave.lockTimeoutMs).toBe(750);
    expect(s.lockTimeoutMs).toBe(5000);
  });

  it("refuses a value that is not a whole number of milliseconds, naming the variable in Vietnamese", () => {
    expect(() => databaseSettingsFromEnv({ DB_LOCK_TIMEOUT_MS: "5s" })).toThrow(/Cấu hình cơ sở dữ liệu không hợp lệ: DB_LOCK_TIMEOUT_MS phải là một số nguyên mili giây/);
    expect(() => databaseSettingsFromEnv({ DB_POOL_SIZE: "0" })).toThrow(/DB_POOL_SIZE phải có ít nhất 1 kết nối/);
  });
});
