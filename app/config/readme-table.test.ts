import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ENV_VARIABLES, parseEnv } from "./env.server";

// The README's table is what an operator reads: it must name exactly the variables the schema
// checks, with the same defaults, or a setting documented there would be silently ignored.

describe("the README's Configuration table", () => {
  // Rows of the table under "## Configuration": | `NAME`, `OTHER` | `default`, `default` | meaning |
  const readme = fs.readFileSync(path.resolve("README.md"), "utf8");
  const section = readme.slice(readme.indexOf("\n## Configuration\n"), readme.indexOf("\n## ", readme.indexOf("\n## Configuration\n") + 1));
  const rows = section
    .split("\n")
    .filter((line) => line.startsWith("| `"))
    .map((line) => {
      const [names, defaults] = line.split(/(?<!\\)\|/).slice(1, 3);
      return { names: [...names.matchAll(/`([A-Z][A-Z0-9_]*)`/g)].map((m) => m[1]), defaults: defaults.trim() };
    });
  const documented = rows.flatMap((row) => row.names);

  it("lists every variable of the schema, and only those, once each", () => {
    expect(documented.filter((name) => !(ENV_VARIABLES as string[]).includes(name)), "in the README but not in the schema").toEqual([]);
    expect(ENV_VARIABLES.filter((name) => !documented.includes(name)), "in the schema but not in the README").toEqual([]);
    expect(new Set(documented).size).toBe(documented.length);
  });

  it("gives each variable the schema's default (a value in backticks), or none when the schema has none", () => {
    const defaults = parseEnv({}) as Record<string, unknown>;
    for (const row of rows) {
      const cells = row.names.length > 1 ? row.defaults.split(", ") : [row.defaults];
      expect(cells, `one default per variable in the row of ${row.names.join(", ")}`).toHaveLength(row.names.length);
      row.names.forEach((name, i) => {
        const shown = /^`([^`]*)`/.exec(cells[i].trim())?.[1];
        if (shown === undefined) {
          expect([undefined, []], `${name} has a default in the schema: the README must show it in backticks`).toContainEqual(defaults[name]);
        } else {
          expect(defaults[name], `${name}: the schema has no default, the README shows \`${shown}\``).not.toBeUndefined();
          expect((parseEnv({ [name]: shown }) as Record<string, unknown>)[name], `${name}'s default in the README`).toEqual(defaults[name]);
        }
      });
    }
  });
});
