// Command-line options of the load test, and the loopback-only rule for the target URL.
import net from "node:net";

export interface LoadTestOptions {
  url: URL;
  contestants: number;
  thinkMs: [number, number];
  rampSeconds: number;
  maxSeconds: number;
  prepare: boolean;
  slug: string;
  roundId: number | null;
  password: string;
  connections: number;
  /** Share of answers that are changed once more afterwards (a second revision of the same question). */
  changeRate: number;
  timeoutMs: number;
  gzip: boolean;
  /** Restart npm start's embedded PostgreSQL this many seconds into the run (fault injection). */
  restartDbAt: number | null;
  restartMode: "fast" | "immediate";
  /** Log every contestant in (or register them) before the measured round, spread over lobbySeconds. */
  lobby: boolean;
  lobbySeconds: number;
  /** Socket.io clients watching the round's ranking during the round. */
  watchers: number;
  /** Compare the kept ranking tables with a fresh rebuild at the end. */
  checkRankings: boolean;
}

export const USAGE = `npm run loadtest -- --contestants N [options]

Drives a RUNNING server over HTTP as N contestants: log in (or register), start an entry in
the open round, answer every question with think time, submit. Loopback targets only.

  --contestants N        how many contestants (default 100)
  --url URL              the running server (default http://localhost:3000; loopback only)
  --prepare              create the N accounts directly in the database first (one bcrypt hash
                         reused for all rows), so the measured run is login + the contest;
                         without it every contestant registers through POST /dang-ky
  --think-ms MIN,MAX     think time before each answer, uniform (default 500,3000)
  --ramp-seconds S       contestants start evenly spread over S seconds (default 60)
  --max-seconds S        hard stop for the whole run (default 600)
  --slug SLUG            contest (default thi-thu-cchc-chuyen-doi-so)
  --round ID             round id (default: the contest's open round, read from the database)
  --password P           password of the load-test accounts (default LoadTest@2026)
  --connections N        keep-alive sockets to the server (default max(256, N): like one
                         browser per contestant, so no request waits for a free socket)
  --change-rate R        share of answers changed once more later, 0..1 (default 0.1)
  --timeout-ms MS        per-request timeout (default 30000)
  --no-gzip              do not send Accept-Encoding: gzip (browsers do)
  --restart-db-at S      restart the embedded PostgreSQL of \`npm start\` S seconds into the run
                         (pg_ctl restart); the report must still say 0 lost answers
  --restart-mode M       fast (default) or immediate (as after a crash)
  --lobby                log every contestant in (register without --prepare) BEFORE the round,
                         spread over --lobby-seconds, and report it apart (login p50/p95,
                         errors); a refusal to try again (503, 429, a timeout) is tried again,
                         up to 10 times; the measured round then starts with sessions made
  --lobby-seconds S      length of the lobby period (default 60; implies --lobby)
  --watchers N           N socket.io clients watch the round's ranking, as the live ranking page
                         does, during the round (default 0); reports, for each submit and each
                         watcher, the delay from the submit's reply to the next ranking notice
                         (p50/p95); implies --check-rankings
  --check-rankings       at the end, compare the contest's kept ranking tables with a fresh
                         rebuild (rebuildRankings; the rebuild is written: equal tables change nothing)

Database (for --prepare, the round and the final check): DATABASE_URL, or the embedded
server of \`npm start\` (.data/postgres/settings.json).`;

export class UsageError extends Error {
  /** A refused target or a bad URL: the message says it all, no need for the whole usage text. */
  constructor(
    message: string,
    readonly showUsage = true,
  ) {
    super(message);
  }
}

export function parseArgs(argv: string[]): LoadTestOptions | "help" {
  const values = new Map<string, string>();
  const flags = new Set<string>();
  const BOOLEAN = new Set(["prepare", "no-gzip", "help", "lobby", "check-rankings"]);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith("--")) throw new UsageError(`Unexpected argument "${arg}".`);
    const eq = arg.indexOf("=");
    const name = arg.slice(2, eq === -1 ? undefined : eq);
    if (BOOLEAN.has(name)) {
      if (eq !== -1) throw new UsageError(`--${name} takes no value.`);
      flags.add(name);
      continue;
    }
    const value = eq === -1 ? argv[++i] : arg.slice(eq + 1);
    if (value === undefined) throw new UsageError(`--${name} needs a value.`);
    values.set(name, value);
  }
  if (flags.has("help")) return "help";
  const known = new Set(["contestants", "url", "think-ms", "ramp-seconds", "max-seconds", "slug", "round", "password", "connections", "change-rate", "timeout-ms", "restart-db-at", "restart-mode", "lobby-seconds", "watchers"]);
  for (const name of values.keys()) if (!known.has(name)) throw new UsageError(`Unknown option --${name}.`);

  const int = (name: string, fallback: number, min: number, max: number) => {
    const raw = values.get(name);
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`--${name} must be a whole number from ${min} to ${max} (got "${raw}").`);
    return n;
  };

  const url = parseTargetUrl(values.get("url") ?? "http://localhost:3000");
  const contestants = int("contestants", 100, 1, 100_000);

  const thinkRaw = values.get("think-ms") ?? "500,3000";
  const think = thinkRaw.split(",").map((s) => Number(s.trim()));
  if (think.length !== 2 || think.some((n) => !Number.isFinite(n) || n < 0) || think[0] > think[1]) {
    throw new UsageError(`--think-ms must be MIN,MAX in milliseconds with MIN <= MAX (got "${thinkRaw}").`);
  }

  const changeRate = Number(values.get("change-rate") ?? "0.1");
  if (!(changeRate >= 0 && changeRate <= 1)) throw new UsageError("--change-rate must be between 0 and 1.");

  const restartMode = values.get("restart-mode") ?? "fast";
  if (restartMode !== "fast" && restartMode !== "immediate") throw new UsageError(`--restart-mode must be fast or immediate (got "${restartMode}").`);

  const password = values.get("password") ?? "LoadTest@2026";
  if (password.length < 8) throw new UsageError("--password must have at least 8 characters.");

  return {
    url,
    contestants,
    thinkMs: [think[0], think[1]],
    rampSeconds: int("ramp-seconds", 60, 0, 86_400),
    maxSeconds: int("max-seconds", 600, 1, 86_400),
    prepare: flags.has("prepare"),
    slug: values.get("slug") ?? "thi-thu-cchc-chuyen-doi-so",
    roundId: values.has("round") ? int("round", 0, 1, 2 ** 31 - 1) : null,
    password,
    connections: int("connections", Math.max(256, contestants), 1, 65_535),
    changeRate,
    timeoutMs: int("timeout-ms", 30_000, 100, 600_000),
    gzip: !flags.has("no-gzip"),
    restartDbAt: values.has("restart-db-at") ? int("restart-db-at", 0, 0, 86_400) : null,
    restartMode,
    lobby: flags.has("lobby") || values.has("lobby-seconds"),
    lobbySeconds: int("lobby-seconds", 60, 0, 86_400),
    watchers: int("watchers", 0, 0, 20_000),
    checkRankings: flags.has("check-rankings") || int("watchers", 0, 0, 20_000) > 0,
  };
}

/** Only http:// on a loopback address: this tool must never be pointed at someone else's server. */
export function parseTargetUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError(`--url "${raw}" is not a URL (example: http://localhost:3000).`);
  }
  if (url.protocol !== "http:") throw new UsageError(`--url must use http:// (got ${url.protocol}//): the load test only targets a local server.`);
  if (!isLoopbackHostname(url.hostname)) {
    throw new UsageError(
      `Refusing to load-test ${url.origin}: only loopback addresses are allowed (localhost, 127.0.0.0/8, [::1]). ` +
        "This tool generates heavy traffic and must only ever hit a server on this machine.",
      false,
    );
  }
  if (url.pathname !== "/" || url.search || url.hash) throw new UsageError("--url must be just the origin, e.g. http://localhost:3100");
  return url;
}

export function isLoopbackHostname(hostname: string): boolean {
  const host = hostname.replace(/^\[(.*)\]$/, "$1").toLowerCase();
  if (host === "localhost" || host === "localhost.") return true;
  if (net.isIPv4(host)) return host.split(".")[0] === "127";
  if (net.isIPv6(host)) {
    if (host === "::1") return true;
    // IPv4-mapped form of 127.x.y.z, as the URL parser writes it: ::ffff:7fxx:yyyy
    return /^::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}$/.test(host);
  }
  return false;
}
