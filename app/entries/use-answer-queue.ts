import { useCallback, useEffect, useRef, useState } from "react";

export type SaveState = "saved" | "pending" | "error";

interface PendingSave {
  position: number;
  chosen: number[];
  revision: number;
}

type SaveReply = { ok: true; remainingMs: number } | { ok: false; code?: string; message: string };

/**
 * Sends each answer to the server as soon as it is chosen and keeps retrying through
 * network drops until the server confirms. Only the latest choice per question is sent;
 * the revision stamp lets the server ignore an older save that arrives late.
 */
export function useAnswerQueue(options: {
  entryId: string;
  initialRevisions: Record<number, number>;
  onServerTime: (remainingMs: number) => void;
  onFinalRefusal: (message: string, code?: string) => void;
}) {
  const { entryId } = options;
  const callbacks = useRef(options);
  callbacks.current = options;
  const pending = useRef(new Map<number, PendingSave>());
  const lastRevision = useRef(Math.max(0, ...Object.values(options.initialRevisions)));
  const inFlight = useRef<Promise<void> | null>(null);
  const stopped = useRef(false);
  const [states, setStates] = useState<Record<number, SaveState>>({});

  const setState = (position: number, state: SaveState) => setStates((s) => (s[position] === state ? s : { ...s, [position]: state }));

  const sendOne = async (save: PendingSave): Promise<"done" | "retry"> => {
    let response: Response;
    try {
      response = await fetch(`/api/entries/${entryId}/answers`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(save),
      });
    } catch {
      return "retry";
    }
    if (response.status >= 500) return "retry";
    const reply = (await response.json().catch(() => null)) as SaveReply | null;
    if (reply?.ok) {
      if (pending.current.get(save.position)?.revision === save.revision) {
        pending.current.delete(save.position);
        setState(save.position, "saved");
      }
      callbacks.current.onServerTime(reply.remainingMs);
      return "done";
    }
    pending.current.delete(save.position);
    setState(save.position, "error");
    stopped.current = response.status === 409;
    callbacks.current.onFinalRefusal(reply?.message ?? "Không lưu được câu trả lời.", reply?.code);
    return "done";
  };

  const drain = useCallback((): Promise<void> => {
    if (inFlight.current) return inFlight.current;
    inFlight.current = (async () => {
      let delay = 500;
      while (pending.current.size > 0 && !stopped.current) {
        const saves = [...pending.current.values()];
        const outcomes = await Promise.all(saves.map(sendOne));
        if (outcomes.includes("retry")) {
          await new Promise((r) => setTimeout(r, delay));
          delay = Math.min(delay * 2, 8000);
        } else delay = 500;
      }
      inFlight.current = null;
    })();
    return inFlight.current;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [entryId]);

  const save = useCallback(
    (position: number, chosen: number[]) => {
      lastRevision.current = Math.max(lastRevision.current + 1, Date.now());
      pending.current.set(position, { position, chosen, revision: lastRevision.current });
      setState(position, "pending");
      void drain();
    },
    [drain],
  );

  // Coming back online: try again at once rather than waiting for the back-off.
  useEffect(() => {
    const retry = () => void drain();
    window.addEventListener("online", retry);
    return () => window.removeEventListener("online", retry);
  }, [drain]);

  /** Waits until every answer is confirmed, or `timeoutMs` passes; true when nothing is left unsaved. */
  const flush = useCallback(
    async (timeoutMs: number) => {
      await Promise.race([drain(), new Promise((r) => setTimeout(r, timeoutMs))]);
      return pending.current.size === 0;
    },
    [drain],
  );

  return { save, flush, states, hasPending: () => pending.current.size > 0 };
}
