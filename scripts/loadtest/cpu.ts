// Where the CPU went during the run (Linux /proc only; silently absent elsewhere): the app
// server (split into its event-loop thread and its other threads, where bcrypt, gzip and GC
// run), the database (postmaster and every backend), this load generator, and everything else
// on the machine. The app and the database are found as the processes listening on their ports.
import fs from "node:fs";

const CLOCK_TICKS = 100; // USER_HZ on Linux

interface ProcSample {
  /** utime+stime+cutime+cstime per pid, in ticks. */
  ticks: Map<number, number>;
  ppid: Map<number, number>;
}

function readStat(pid: string): { ppid: number; ticks: number; threadTicks: number } | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // fields[0] is field 3 (state): ppid is field 4, utime..cstime are fields 14..17.
    const ppid = Number(fields[1]);
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    const cutime = Number(fields[13]);
    const cstime = Number(fields[14]);
    return { ppid, ticks: utime + stime + cutime + cstime, threadTicks: utime + stime };
  } catch {
    return null;
  }
}

function sampleProcesses(): ProcSample {
  const ticks = new Map<number, number>();
  const ppid = new Map<number, number>();
  for (const name of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    const stat = readStat(name);
    if (!stat) continue;
    ticks.set(Number(name), stat.ticks);
    ppid.set(Number(name), stat.ppid);
  }
  return { ticks, ppid };
}

/** The pid whose socket listens on this TCP port (any address), or null. */
export function listenerPid(port: number): number | null {
  const inodes = new Set<string>();
  for (const file of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    let text = "";
    try {
      text = fs.readFileSync(file, "utf8");
    } catch {
      continue;
    }
    for (const line of text.split("\n").slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols.length < 10 || cols[3] !== "0A") continue; // 0A = LISTEN
      const localPort = parseInt(cols[1].split(":")[1], 16);
      if (localPort === port) inodes.add(cols[9]);
    }
  }
  if (inodes.size === 0) return null;
  for (const name of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    let fds: string[];
    try {
      fds = fs.readdirSync(`/proc/${name}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        const link = fs.readlinkSync(`/proc/${name}/fd/${fd}`);
        const m = /^socket:\[(\d+)\]$/.exec(link);
        if (m && inodes.has(m[1])) return Number(name);
      } catch {
        // fd closed meanwhile
      }
    }
  }
  return null;
}

/** CPU of `root` and its descendants, leaving out the subtree of `exclude` (the embedded database is a child of the app). */
function treeTicks(sample: ProcSample, root: number, exclude: number | null = null): number {
  let total = 0;
  for (const [pid, ticks] of sample.ticks) {
    let p: number | undefined = pid;
    for (let depth = 0; p !== undefined && p > 1 && depth < 64; depth++) {
      if (p === exclude) break;
      if (p === root) {
        total += ticks;
        break;
      }
      p = sample.ppid.get(p);
    }
  }
  return total;
}

function mainThreadTicks(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/task/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0;
  }
}

/**
 * The main threads of the app's processes: under `npm start` the port belongs to the supervisor,
 * and the event loops that serve are its workers' (children), so each process of the tree counts.
 */
function eventLoopTicks(sample: ProcSample, root: number, exclude: number | null): number {
  let total = 0;
  for (const pid of sample.ticks.keys()) {
    if (treeTicks({ ticks: new Map([[pid, 1]]), ppid: sample.ppid }, root, exclude) === 1) total += mainThreadTicks(pid);
  }
  return total;
}

function machineTicks(): { busy: number; total: number } | null {
  try {
    const fields = fs.readFileSync("/proc/stat", "utf8").split("\n", 1)[0].trim().split(/\s+/).slice(1).map(Number);
    const idle = fields[3] + (fields[4] ?? 0);
    const total = fields.slice(0, 8).reduce((a, b) => a + b, 0);
    return { busy: total - idle, total };
  } catch {
    return null;
  }
}

interface Snapshot {
  processes: ProcSample;
  appMain: number;
  machine: { busy: number; total: number } | null;
  self: NodeJS.CpuUsage;
}

export class CpuAccount {
  private start: Snapshot | null = null;

  constructor(
    readonly appPid: number | null,
    readonly dbPid: number | null,
  ) {}

  static find(appPort: number, dbPort: number | null): CpuAccount {
    if (process.platform !== "linux") return new CpuAccount(null, null);
    try {
      return new CpuAccount(listenerPid(appPort), dbPort ? listenerPid(dbPort) : null);
    } catch {
      return new CpuAccount(null, null);
    }
  }

  private snapshot(): Snapshot | null {
    if (process.platform !== "linux") return null;
    try {
      const processes = sampleProcesses();
      return { processes, appMain: this.appPid ? eventLoopTicks(processes, this.appPid, this.dbPid) : 0, machine: machineTicks(), self: process.cpuUsage() };
    } catch {
      return null;
    }
  }

  begin() {
    this.start = this.snapshot();
  }

  private last: Snapshot | null = null;

  /** CPU milliseconds per request between begin() and end(), for the app, its event loops and the database. */
  perSave(count: number): { app: number; main: number; db: number } | null {
    const start = this.start;
    const end = this.last;
    if (!start || !end || !this.appPid || !this.dbPid || count === 0) return null;
    const ms = (ticks: number) => (ticks * 1000) / CLOCK_TICKS / count;
    return {
      app: ms(treeTicks(end.processes, this.appPid, this.dbPid) - treeTicks(start.processes, this.appPid, this.dbPid)),
      main: ms(end.appMain - start.appMain),
      db: ms(treeTicks(end.processes, this.dbPid) - treeTicks(start.processes, this.dbPid)),
    };
  }

  /** Lines for the report, in CPU-seconds and share of the machine's cores over the run. */
  end(durationMs: number, cores: number): string[] {
    const start = this.start;
    const end = this.snapshot();
    this.last = end;
    if (!start || !end) return ["CPU breakdown: not available (needs Linux /proc)"];
    const seconds = durationMs / 1000;
    const s = (ticks: number) => ticks / CLOCK_TICKS;
    const row = (label: string, cpuSeconds: number) =>
      `  ${label.padEnd(44)} ${cpuSeconds.toFixed(1).padStart(6)} CPU-s  ${((100 * cpuSeconds) / seconds).toFixed(0).padStart(4)}% of one core`;
    const lines: string[] = [`CPU during the run (${seconds.toFixed(0)} s, ${cores} cores = ${(cores * seconds).toFixed(0)} CPU-s available):`];
    const self = (end.self.user - start.self.user + end.self.system - start.self.system) / 1e6;
    let accounted = self;
    if (this.appPid) {
      const app = s(treeTicks(end.processes, this.appPid, this.dbPid) - treeTicks(start.processes, this.appPid, this.dbPid));
      const main = s(end.appMain - start.appMain);
      accounted += app;
      lines.push(row(`app (pid ${this.appPid} + workers, no database)`, app));
      lines.push(row("  event-loop threads (JS, Remix, pg protocol)", main));
      lines.push(row("  other threads (bcrypt, gzip, GC)", app - main));
    } else lines.push("  app server: no process found listening on the target port");
    if (this.dbPid) {
      const dbCpu = s(treeTicks(end.processes, this.dbPid) - treeTicks(start.processes, this.dbPid));
      accounted += dbCpu;
      lines.push(row(`database (postmaster ${this.dbPid} + backends)`, dbCpu));
    } else lines.push("  database: no process found listening on its port on this machine");
    lines.push(row("load generator (this process)", self));
    if (start.machine && end.machine) {
      const busy = s(end.machine.busy - start.machine.busy);
      const capacity = s(end.machine.total - start.machine.total);
      lines.push(row("everything else on the machine", Math.max(0, busy - accounted)));
      lines.push(row(`machine busy (${((100 * busy) / Math.max(capacity, 1e-9)).toFixed(0)}% of all cores)`, busy));
    }
    return lines;
  }
}
