// Prize places over an ordered list, shared by individual and collective prizes. Pure.
//
// Places are numbered 1..N over the prize tiers in order (Nhất, Nhì, Ba, Khuyến khích): with
// 1 Nhất, 2 Nhì and 3 Ba, place 1 is Nhất, places 2–3 Nhì, places 4–6 Ba. The k-th eligible row
// of the published order takes place k. Rows whose keys are all equal (a tie the last published
// rule cannot break) take the places of their run together:
// - if those places all belong to one tier (and none falls past the last prize), every one of
//   them gets that tier: the tie does not change anyone's prize;
// - otherwise the tie is not decided here. The places of the run are left open and reported as
//   an open tie naming the places, their tiers and the people (or units) involved, for the
//   organizer to decide. The places after the run are filled as usual (the k-th row still takes
//   place k), so one open tie never shifts anybody else's prize.
// An organizer's decision (an order for the tied ids) settles a tie when it names every member
// of the run; it is then applied in that order and recorded as decided by the organizer.

export const PRIZE_TIERS = ["first", "second", "third", "consolation"] as const;
export type PrizeTier = (typeof PRIZE_TIERS)[number];

export const PRIZE_TIER_LABELS: Record<PrizeTier, string> = {
  first: "Giải Nhất",
  second: "Giải Nhì",
  third: "Giải Ba",
  consolation: "Giải Khuyến khích",
};

export type PrizeCounts = Record<PrizeTier, number>;

export const NO_PRIZES: PrizeCounts = { first: 0, second: 0, third: 0, consolation: 0 };

export const totalPlaces = (counts: PrizeCounts): number => PRIZE_TIERS.reduce((sum, tier) => sum + counts[tier], 0);

/** The tier of place `place` (1-based); null past the last prize. */
export function tierOfPlace(counts: PrizeCounts, place: number): PrizeTier | null {
  let last = 0;
  for (const tier of PRIZE_TIERS) {
    last += counts[tier];
    if (place <= last) return tier;
  }
  return null;
}

/** The organizer's order for tied rows (best first), by id: a drawing of lots, a deciding question… */
export interface TieDecision {
  order: readonly number[];
  /** Why: recorded with the decision, shown with the result. */
  note?: string;
}

export interface PlacedRow<R> {
  row: R;
  tier: PrizeTier;
  /** 1..N, distinct. */
  place: number;
  /** Competition rank among eligible rows (1, 2, 2, 4): rows tied on every key share it. */
  rank: number;
  decidedBy: "ranking" | "organizer";
  decisionNote?: string;
}

export interface OpenTie<R> {
  /** The open places, in order, with their tier. */
  places: { place: number; tier: PrizeTier }[];
  /** How many places of each tier are open (tiers with none are left out). */
  tiers: { tier: PrizeTier; count: number }[];
  /** Everyone tied, in the order given; more than the open places when the tie runs past the last prize. */
  candidates: R[];
  /** Their shared competition rank. */
  rank: number;
}

export interface PlaceResult<R> {
  placed: PlacedRow<R>[];
  openTies: OpenTie<R>[];
  /** Places nobody could take because there were fewer eligible rows than prizes. */
  unfilled: { tier: PrizeTier; count: number }[];
}

function countTiers(tiers: readonly PrizeTier[]): { tier: PrizeTier; count: number }[] {
  return PRIZE_TIERS.map((tier) => ({ tier, count: tiers.filter((t) => t === tier).length })).filter((t) => t.count > 0);
}

/**
 * Places `ordered` (best first, already without ineligible rows) into the prize tiers.
 * `compare` is the published order: negative when a ranks above b, 0 when tied on every key.
 * Throws if `ordered` is not in that order (a programming error, never the organizer's).
 */
export function allocatePlaces<R>(
  ordered: readonly R[],
  counts: PrizeCounts,
  compare: (a: R, b: R) => number,
  idOf: (row: R) => number,
  decisions: readonly TieDecision[] = [],
): PlaceResult<R> {
  for (const tier of PRIZE_TIERS) {
    if (!Number.isInteger(counts[tier]) || counts[tier] < 0) throw new RangeError(`Invalid prize count for ${tier}: ${counts[tier]}`);
  }
  for (let i = 1; i < ordered.length; i++) {
    if (compare(ordered[i - 1], ordered[i]) > 0) throw new Error(`Rows are not in the published order at index ${i}`);
  }

  const total = totalPlaces(counts);
  const placed: PlacedRow<R>[] = [];
  const openTies: OpenTie<R>[] = [];
  let start = 0; // 0-based position of the current run
  while (start < ordered.length && start < total) {
    let end = start + 1;
    while (end < ordered.length && compare(ordered[start], ordered[end]) === 0) end++;
    const run = ordered.slice(start, end);
    const rank = start + 1;
    const tiers: (PrizeTier | null)[] = run.map((_, i) => tierOfPlace(counts, start + i + 1));
    const oneTier = tiers.every((tier) => tier !== null && tier === tiers[0]);

    if (oneTier) {
      run.forEach((row, i) => placed.push({ row, tier: tiers[i]!, place: start + i + 1, rank, decidedBy: "ranking" }));
    } else {
      const ids = run.map(idOf);
      const decision = decisions.find((d) => ids.every((id) => d.order.includes(id)));
      if (decision) {
        const decided = run.slice().sort((a, b) => decision.order.indexOf(idOf(a)) - decision.order.indexOf(idOf(b)));
        decided.forEach((row, i) => {
          const tier = tiers[i];
          if (tier) placed.push({ row, tier, place: start + i + 1, rank, decidedBy: "organizer", ...(decision.note ? { decisionNote: decision.note } : {}) });
        });
      } else {
        const open = tiers.flatMap((tier, i) => (tier ? [{ place: start + i + 1, tier }] : []));
        openTies.push({ places: open, tiers: countTiers(open.map((p) => p.tier)), candidates: run, rank });
      }
    }
    start = end;
  }

  const unfilledTiers: PrizeTier[] = [];
  for (let place = ordered.length + 1; place <= total; place++) unfilledTiers.push(tierOfPlace(counts, place)!);
  return { placed, openTies, unfilled: countTiers(unfilledTiers) };
}
