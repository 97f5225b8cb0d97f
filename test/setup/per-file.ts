import { installGlobals } from "@remix-run/node";
import { afterEach, vi } from "vitest";

installGlobals({ nativeFetch: true });
process.env.SESSION_SECRET ??= "test-session-secret-that-is-long-enough-0123456789";
process.env.NODE_ENV = "test";

// An unexpected console.error is a bug somewhere: fail the test that caused it.
let errors: unknown[][] = [];
const original = console.error;
console.error = (...args: unknown[]) => {
  errors.push(args);
  original(...args);
};
afterEach(() => {
  const seen = errors;
  errors = [];
  if (seen.length > 0 && !vi.isMockFunction(console.error)) {
    throw new Error(`console.error was called: ${seen.map((a) => a.map(String).join(" ")).join("\n")}`);
  }
});
