import { useCallback, useEffect, useRef, useState } from "react";

/**
 * saved: the server confirmed the latest value. pending: sent (or about to be), not yet confirmed.
 * retrying: the network failed at least once; the save is retried until the server answers.
 * error: the server refused the save; `message` says why (it is not retried).
 */
export type SaveState = "saved" | "pending" | "retrying" | "error";

export interface SaveStatus {
  state: SaveState;
  message?: string;
}

/** A save not yet confirmed. Only the latest per key is kept: a newer choice replaces an older one. */
interface PendingSave {
  key: string;
  url: string;
  body: unknown;
  /** Local stamp telling whether the reply is for the save still waiting. */
  stamp: number;
  /** The answer this save belongs to, or "prediction". */
  target: number | "prediction";
}

type SaveReply = { ok: true; remainingMs: number } | { ok: false; code?: string; message: string };

/** A request that gets no answer in this long is treated as a network failure and retried. */
const REQUEST_TIMEOUT_MS = 15_000;
const FIRST_RETRY_DELAY_MS = 500;
const MAX_RETRY_DELAY_MS = 8_000;

export interface Refusal {
  message: string;
  code?: string;
  status: number;
  target: number | "prediction";
}

/**
 * Sends each answer (and the prediction) to the server as soon as it is chosen and keeps
 * retrying through network drops until the server confirms. Only the latest choice per
 * question is sent; the revision stamp lets the server ignore an older save that arrives late.
 */
export function useAnswerQueue(options: {
  entryId: string;
  initialRevisions: Record<number, number>;
  onServerTime: (remainingMs: number) => void;
  onFinalRefusal: (refusal: Refusal) => void;
}) {
  const { entryId } = options;
  const callbacks = useRef(options);
  callbacks.current = options;
  const pending = useRef(new Map<string, PendingSave>());
  const lastRevision = useRef(Math.max(0, ...Object.values(options.initialRevisions)));
  const stampCounter = useRef(0);
  const inFlight = useRef<Promise<void> | null>(null);
  const stopped = useRef(false);
  /** Cuts the back-off short (coming back online, or a new choice made while waiting). */
  const wake = useRef<(() => void) | null>(null);
  const [states, setStates] = useState<Record<number, SaveStatus>>({});
  const [predictionStatus, setPredictionStatus] = useState<SaveStatus | undefined>(undefined);

  /** The latest status of each target, for synchronous reads. */
  const current = useRef(new Map<number | "prediction", SaveStatus>());
  const setStatus = (target: number | "prediction", status: SaveStatus) => {
    current.current.set(target, status);
    const same = (a: SaveStatus | undefined) => a?.state === status.state && a?.message === status.message;
    if (target === "prediction") setPredictionStatus((s) => (same(s) ? s : status));
    else setStates((s) => (same(s[target]) ? s : { ...s, [target]: status }));
  };

  const isCurrent = (save: PendingSave) => pending.current.get(save.key)?.stamp === save.stamp;

  const sendOne = async (save: PendingSave): Promise<"done" | "retry"> => {
    let response: Response;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), REQUEST_TIMEOUT_MS);
    try {
      response = await fetch(save.url, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(save.body),
        signal: controller.signal,
      });
    } catch {
      return "retry";
    } finally {
      clearTimeout(timer);
    }
    if (response.status >= 500 || response.status === 408 || response.status === 429) return "retry";
    const reply = (await response.json().catch(() => null)) as SaveReply | null;
    if (reply?.ok) {
      if (isCurrent(save)) {
        pending.current.delete(save.key);
        setStatus(save.target, { state: "saved" });
      }
      callbacks.current.onServerTime(reply.remainingMs);
      return "done";
    }
    const message = reply?.message ?? (save.target === "prediction" ? "Không lưu được câu trả lời dự đoán." : "Không lưu được câu trả lời.");
    if (isCurrent(save)) {
      pending.current.delete(save.key);
      setStatus(save.target, { state: "error", message });
    }
    // The entry is final or its time is over: nothing more can be saved.
    if (response.status === 409) stopped.current = true;
    callbacks.current.onFinalRefusal({ message, code: reply?.ok === false ? reply.code : undefined, status: response.status, target: save.target });
    return "done";
  };

  const drain = useCallback((): Promise<void> => {
    if (inFlight.current) return inFlight.current;
    inFlight.current = (async () => {
      let delay = FIRST_RETRY_DELAY_MS;
      while (pending.current.size > 0 && !stopped.current) {
        const saves = [...pending.current.values()];
        const outcomes = await Promise.all(saves.map(sendOne));
        const failed = saves.filter((_, i) => outcomes[i] === "retry");
        if (failed.length > 0) {
          for (const save of failed) if (isCurrent(save)) setStatus(save.target, { state: "retrying" });
          await new Promise<void>((resolve) => {
            const timer = setTimeout(done, delay);
            function done() {
              clearTimeout(timer);
              wake.current = null;
              resolve();
            }
            wake.current = done;
          });
          delay = Math.min(delay * 2, MAX_RETRY_DELAY_MS);
        } else delay = FIRST_RETRY_DELAY_MS;
      }
      inFlight.current = null;
    })();
    return inFlight.current;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [entryId]);

  const enqueue = useCallback(
    (save: Omit<PendingSave, "stamp">) => {
      const retrying = pending.current.has(save.key) && current.current.get(save.target)?.state === "retrying";
      stampCounter.current += 1;
      pending.current.set(save.key, { ...save, stamp: stampCounter.current });
      // While the network is failing, a new choice stays "retrying" until the server answers.
      setStatus(save.target, { state: retrying ? "retrying" : "pending" });
      wake.current?.();
      void drain();
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [drain],
  );

  const save = useCallback(
    (position: number, chosen: number[]) => {
      lastRevision.current = Math.max(lastRevision.current + 1, Date.now());
      enqueue({
        key: `answer:${position}`,
        target: position,
        url: `/api/entries/${entryId}/answers`,
        body: { position, chosen, revision: lastRevision.current },
      });
    },
    [enqueue, entryId],
  );

  const savePrediction = useCallback(
    (prediction: number) => {
      enqueue({ key: "prediction", target: "prediction", url: `/api/entries/${entryId}/prediction`, body: { prediction } });
    },
    [enqueue, entryId],
  );

  // Coming back online: try again at once rather than waiting for the back-off.
  useEffect(() => {
    const retry = () => {
      wake.current?.();
      void drain();
    };
    window.addEventListener("online", retry);
    return () => window.removeEventListener("online", retry);
  }, [drain]);

  /** Waits until every save is confirmed, or `timeoutMs` passes; true when nothing is left unsaved. */
  const flush = useCallback(
    async (timeoutMs: number) => {
      wake.current?.();
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([drain(), new Promise((r) => (timer = setTimeout(r, timeoutMs)))]);
      clearTimeout(timer);
      return pending.current.size === 0;
    },
    [drain],
  );

  const hasPending = useCallback(() => pending.current.size > 0, []);

  return { save, savePrediction, flush, states, predictionStatus, hasPending };
}

/** True while a save is on its way or being retried (not confirmed, not refused). */
export function isUnsaved(status: SaveStatus | undefined): boolean {
  return status?.state === "pending" || status?.state === "retrying";
}
