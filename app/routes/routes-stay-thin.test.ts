import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

// Route modules stay thin: they check who is asking, parse the request, call a domain module
// (`app/<area>/*.server.ts`) and render. Queries live in those modules, where one rule (the
// audience, the read rule, the kept counters) is written once and reused. This guard fails as soon
// as a route builds SQL itself. There are no exceptions.

const ROUTES = path.dirname(fileURLToPath(import.meta.url));

const RULES: { what: string; pattern: RegExp }[] = [
  // A type-only import is harmless; anything else from Kysely (sql, expression helpers) is query building.
  { what: "imports from kysely", pattern: /^\s*import\s+(?!type\s)[^;]*?from\s+["']kysely["']/gm },
  { what: "writes raw SQL (sql`…`)", pattern: /\bsql\s*(<[^>]*>)?\s*`/g },
  { what: "builds a query", pattern: /\.\s*(selectFrom|selectNoFrom|insertInto|updateTable|deleteFrom|mergeInto|replaceInto)\s*\(/g },
  // Where a write's transaction begins and ends belongs to the domain module that knows what must hold together.
  { what: "opens a transaction", pattern: /\.\s*transaction\s*\(\s*\)/g },
];

/** "line N: what" for each place a route module's source builds SQL. */
function sqlInRoute(source: string): string[] {
  const found: string[] = [];
  for (const { what, pattern } of RULES) {
    for (const match of source.matchAll(pattern)) {
      const line = source.slice(0, match.index).split("\n").length;
      found.push(`line ${line}: ${what}`);
    }
  }
  return found;
}

describe("the guard itself", () => {
  it("finds queries however they are written", () => {
    expect(sqlInRoute(`import { sql } from "kysely";`)).toEqual(["line 1: imports from kysely"]);
    expect(sqlInRoute(`import { sql, type Kysely } from 'kysely';`)).toHaveLength(1);
    expect(sqlInRoute(`const n = sql<string>\`count(*)\`;`)).toEqual(["line 1: writes raw SQL (sql`…`)"]);
    expect(sqlInRoute(`const rows = await context.db\n  .selectFrom("entries")\n  .execute();`)).toEqual(["line 2: builds a query"]);
    expect(sqlInRoute(`await db.insertInto("question_banks").values({});`)).toEqual(["line 1: builds a query"]);
    expect(sqlInRoute(`await trx.updateTable("rounds"); await trx.deleteFrom("rounds");`)).toHaveLength(2);
    expect(sqlInRoute(`await context.db.transaction().execute((trx) => createQuestion(trx, input));`)).toEqual(["line 1: opens a transaction"]);
  });

  it("leaves alone what only looks like it", () => {
    expect(sqlInRoute(`import type { Selectable } from "kysely";`)).toEqual([]);
    expect(sqlInRoute(`const rows = await listBankChoices(context.db);`)).toEqual([]);
    expect(sqlInRoute(`<p>Ngân hàng câu hỏi (selectFrom)</p>`)).toEqual([]);
  });
});

describe("route modules", () => {
  const files = readdirSync(ROUTES).filter((name) => /\.(ts|tsx)$/.test(name) && !/\.test\./.test(name));

  it("are all read by this guard", () => {
    expect(files.length).toBeGreaterThan(40);
  });

  it("build no SQL: their queries live in domain modules (*.server.ts)", () => {
    const offenders = files.flatMap((name) => sqlInRoute(readFileSync(path.join(ROUTES, name), "utf8")).map((place) => `app/routes/${name} ${place}`));
    expect(offenders).toEqual([]);
  });
});
