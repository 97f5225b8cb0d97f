// Latency and error bookkeeping for the load test, and the printed tables.
import fs from "node:fs";

export const STEPS = ["register", "login", "start", "load entry", "save answer", "submit"] as const;
export type Step = (typeof STEPS)[number];

export class StepStats {
  /** Latency of every completed request, errors included (a slow 500 is still slow). */
  readonly latencies: number[] = [];
  requests = 0;
  errors = 0;
  readonly errorKinds = new Map<string, number>();

  record(ms: number | null, errorKind: string | null) {
    this.requests++;
    if (ms !== null) this.latencies.push(ms);
    if (errorKind !== null) {
      this.errors++;
      this.errorKinds.set(errorKind, (this.errorKinds.get(errorKind) ?? 0) + 1);
    }
  }
}

export class Stats {
  readonly steps = new Map<Step, StepStats>(STEPS.map((s) => [s, new StepStats()]));
  /** Latencies of the current progress interval, per step. */
  interval = new Map<Step, number[]>();

  step(step: Step): StepStats {
    return this.steps.get(step)!;
  }

  get totalRequests() {
    let n = 0;
    for (const s of this.steps.values()) n += s.requests;
    return n;
  }

  get totalErrors() {
    let n = 0;
    for (const s of this.steps.values()) n += s.errors;
    return n;
  }
}

/** Nearest-rank percentile of a sorted array. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

export function fmtMs(ms: number): string {
  if (Number.isNaN(ms)) return "-";
  return ms < 10 ? ms.toFixed(1) : Math.round(ms).toString();
}

export function table(rows: string[][], alignRight: boolean[]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows
    .map((r) => r.map((cell, c) => (alignRight[c] ? cell.padStart(widths[c]) : cell.padEnd(widths[c]))).join("  ").trimEnd())
    .join("\n");
}

/** Whole-machine CPU use from /proc/stat (Linux), sampled during the run: the app, the database and this tool share it. */
export class CpuSampler {
  private last: { busy: number; total: number } | null = readProcStat();
  readonly samples: number[] = [];

  sample() {
    const now = readProcStat();
    if (now && this.last && now.total > this.last.total) this.samples.push((100 * (now.busy - this.last.busy)) / (now.total - this.last.total));
    this.last = now;
  }

  summary(): string | null {
    if (this.samples.length === 0) return null;
    const avg = this.samples.reduce((a, b) => a + b, 0) / this.samples.length;
    const sorted = [...this.samples].sort((a, b) => a - b);
    const saturated = this.samples.filter((s) => s >= 95).length;
    return `machine CPU busy: avg ${avg.toFixed(0)}%, p50 ${percentile(sorted, 50).toFixed(0)}%, max ${sorted[sorted.length - 1].toFixed(0)}%; ≥95% busy in ${saturated} of ${this.samples.length} one-second samples`;
  }
}

function readProcStat(): { busy: number; total: number } | null {
  try {
    const line = fs.readFileSync("/proc/stat", "utf8").split("\n", 1)[0];
    const fields = line.trim().split(/\s+/).slice(1).map(Number);
    const idle = fields[3] + (fields[4] ?? 0);
    const total = fields.slice(0, 8).reduce((a, b) => a + b, 0);
    return { busy: total - idle, total };
  } catch {
    return null;
  }
}
