/** How long the supervisor waits before replacing a worker that died, after `crashes` deaths in a row: 1 s, 2 s, 4 s … at most 30 s. */
export function restartDelayMs(crashes: number): number {
  return Math.min(30_000, 1000 * 2 ** Math.max(0, crashes - 1));
}
