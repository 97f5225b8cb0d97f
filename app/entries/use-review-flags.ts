import { useCallback, useEffect, useState } from "react";

// "Đánh dấu để xem lại": the contestant's own reminders, kept in this browser only (per entry, in
// localStorage). They never reach the server, so they cannot touch scoring, and they hold nothing
// but question positions. A browser without storage (private mode, full) simply forgets them.

const storageKey = (entryId: string) => `cchc:xem-lai:${entryId}`;

function read(entryId: string): number[] {
  try {
    const parsed: unknown = JSON.parse(window.localStorage.getItem(storageKey(entryId)) ?? "[]");
    return Array.isArray(parsed) ? parsed.filter((p): p is number => Number.isInteger(p)) : [];
  } catch {
    return [];
  }
}

function write(entryId: string, positions: number[]) {
  try {
    if (positions.length === 0) window.localStorage.removeItem(storageKey(entryId));
    else window.localStorage.setItem(storageKey(entryId), JSON.stringify(positions));
  } catch {
    // Storage refused: the flags last until the page is left.
  }
}

/** Forgets an entry's flags: called once the entry is final, when they have no use left. */
export function forgetReviewFlags(entryId: string) {
  write(entryId, []);
}

/** The flagged positions of an entry. Read after the first render, so the server's HTML and the browser's agree. */
export function useReviewFlags(entryId: string) {
  const [flagged, setFlagged] = useState<ReadonlySet<number>>(() => new Set());
  useEffect(() => {
    setFlagged(new Set(read(entryId)));
  }, [entryId]);
  const toggle = useCallback(
    (position: number) => {
      setFlagged((current) => {
        const next = new Set(current);
        if (next.has(position)) next.delete(position);
        else next.add(position);
        write(entryId, [...next].sort((a, b) => a - b));
        return next;
      });
    },
    [entryId],
  );
  return { flagged, toggle };
}
