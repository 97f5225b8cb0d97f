import { describe, expect, it } from "vitest";
import { isDatabaseUnavailable } from "./unavailable";

const pgError = (code: string) => Object.assign(new Error("x"), { code });

describe("which database failures mean 'try again'", () => {
  it("a restart, a lost connection, a refused connection and every time limit", () => {
    for (const code of ["57P01", "57P02", "57P03", "08006", "08001", "53300", "57014", "55P03", "25P03", "ECONNREFUSED", "ECONNRESET"]) {
      expect(isDatabaseUnavailable(pgError(code)), code).toBe(true);
    }
    for (const message of ["timeout exceeded when trying to connect", "Connection terminated unexpectedly", "Client has encountered a connection error and is not queryable"]) {
      expect(isDatabaseUnavailable(new Error(message)), message).toBe(true);
    }
  });

  it("not a bad query, a broken constraint or a program error", () => {
    for (const code of ["23505", "42601", "22P02", "40001"]) expect(isDatabaseUnavailable(pgError(code)), code).toBe(false);
    expect(isDatabaseUnavailable(new TypeError("undefined is not a function"))).toBe(false);
    expect(isDatabaseUnavailable(null)).toBe(false);
  });
});
