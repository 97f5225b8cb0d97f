import { useEffect, useId, useRef, useState } from "react";

export interface NavigatorItem {
  /** What the button shows: "1"…"N", or a short word for the prediction question. */
  label: string;
  /** Spoken name without the state, e.g. "Câu 3". */
  name: string;
  /** The element to scroll to and focus. */
  targetId: string;
  answered: boolean;
  /** The latest choice is not yet confirmed by the server (on its way, retrying or refused). */
  unsaved: boolean;
  /** Marked "Đánh dấu để xem lại" by the contestant (kept in this browser only). */
  flagged?: boolean;
  wide?: boolean;
}

export function navigatorItemName(item: NavigatorItem): string {
  return `${item.name}, ${item.answered ? "đã trả lời" : "chưa trả lời"}${item.unsaved ? ", chưa lưu" : ""}${item.flagged ? ", đánh dấu xem lại" : ""}`;
}

/** Scrolls to a question below the sticky bar and moves the keyboard focus there. */
export function jumpTo(targetId: string) {
  const target = document.getElementById(targetId);
  if (!target) return;
  // An instant jump: smooth scrolling across a long page is slow on low-end phones.
  target.scrollIntoView({ block: "start" });
  target.focus({ preventScroll: true });
}

/**
 * The toggle (in the sticky top bar) and the grid of numbered buttons it opens. Choosing a
 * number closes the grid, scrolls to that question and focuses it.
 */
export function QuestionNavigator({ items, answeredCount, questionCount }: { items: NavigatorItem[]; answeredCount: number; questionCount: number }) {
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const toggleRef = useRef<HTMLButtonElement>(null);
  const unsavedCount = items.filter((i) => i.unsaved).length;
  const flaggedCount = items.filter((i) => i.flagged).length;

  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") {
        setOpen(false);
        toggleRef.current?.focus();
      }
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [open]);

  const choose = (targetId: string) => {
    setOpen(false);
    // Once the grid has closed, the bar is short again and the question lands just below it.
    requestAnimationFrame(() => jumpTo(targetId));
  };

  return (
    <>
      <button
        ref={toggleRef}
        type="button"
        className="qnav-toggle"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((o) => !o)}
        data-testid="navigator-toggle"
      >
        Câu hỏi{" "}
        <span className="qnav-toggle__count">
          {answeredCount}/{questionCount}
        </span>
        <span className="visually-hidden">
          {" "}
          đã trả lời{unsavedCount > 0 ? `, ${unsavedCount} chưa lưu` : ""}
          {flaggedCount > 0 ? `, ${flaggedCount} đánh dấu xem lại` : ""}
        </span>
        {flaggedCount > 0 && (
          <span className="qnav-toggle__flags" aria-hidden="true" data-testid="navigator-flag-count">
            ⚑{flaggedCount}
          </span>
        )}
        <span aria-hidden="true" className="qnav-toggle__caret" />
      </button>
      {unsavedCount > 0 && (
        <span className="qnav-unsaved" aria-hidden="true">
          {unsavedCount} chưa lưu
        </span>
      )}
      <nav id={panelId} className="qnav" aria-label="Danh sách câu hỏi" hidden={!open}>
        <ol className="qnav__grid">
          {items.map((item) => (
            <li key={item.targetId} className={item.wide ? "qnav__wide" : undefined}>
              <button
                type="button"
                className={`qnav__item${item.answered ? " qnav__item--answered" : ""}${item.unsaved ? " qnav__item--unsaved" : ""}${item.flagged ? " qnav__item--flagged" : ""}`}
                aria-label={navigatorItemName(item)}
                onClick={() => choose(item.targetId)}
              >
                {item.label}
                {item.flagged && (
                  <span className="qnav__flag" aria-hidden="true">
                    ⚑
                  </span>
                )}
              </button>
            </li>
          ))}
        </ol>
        <p className="qnav__legend small" aria-hidden="true">
          <span>
            <i className="qnav__swatch qnav__swatch--answered" /> Đã trả lời
          </span>
          <span>
            <i className="qnav__swatch" /> Chưa trả lời
          </span>
          <span>
            <i className="qnav__swatch qnav__swatch--unsaved" /> Chưa lưu
          </span>
          <span>
            <span className="qnav__flag-sample">⚑</span> Đánh dấu xem lại
          </span>
        </p>
      </nav>
    </>
  );
}
