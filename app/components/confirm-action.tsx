import { Form, Link } from "@remix-run/react";
import { useEffect, useId, useRef } from "react";
import { ReasonField } from "./reason-field";

/**
 * The confirmation step of an action that ends, reopens or hides something contestants see
 * (closing a round now, unpublishing a contest, reopening an entry or published results). It says
 * what will happen, with the numbers the server read just now, asks for the written reason when the
 * action logs one, and posts the action again with `confirm=1`. A plain form and a link: it works
 * without JavaScript. "Huỷ" goes back to the page as it was.
 */
export function ConfirmAction({
  heading,
  lines,
  intent,
  hidden = {},
  confirmLabel,
  cancelTo,
  reason,
  message,
  busy = false,
}: {
  heading: string;
  lines: string[];
  intent: string;
  /** The fields that name what is acted on (a round, an entry), written by the page. */
  hidden?: Record<string, string | number>;
  /** "Xác nhận đóng đợt", "Xác nhận chuyển về bản nháp"… */
  confirmLabel: string;
  cancelTo: string;
  /** The reason the action needs, when it needs one: its label, what was typed, its error. */
  reason?: {
    label: string;
    defaultValue?: string;
    error?: string;
    hint?: string;
  };
  /** A refusal of the confirmed post (the action no longer allowed, a reason too short). */
  message?: string;
  busy?: boolean;
}) {
  const id = useId();
  const panel = useRef<HTMLElement>(null);
  // The panel may open below the fold on a phone: bring it into view once.
  useEffect(() => {
    panel.current?.scrollIntoView({ block: "nearest" });
  }, []);
  return (
    <section ref={panel} className="card confirm-action" aria-labelledby={`${id}-heading`} data-testid="confirm-action">
      <h2 id={`${id}-heading`}>{heading}</h2>
      <ul className="confirm-list">
        {lines.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
      {message && (
        <p className="alert alert--error" role="alert">
          {message}
        </p>
      )}
      <Form method="post" className="stack">
        <input type="hidden" name="intent" value={intent} />
        <input type="hidden" name="confirm" value="1" />
        {Object.entries(hidden).map(([name, value]) => (
          <input key={name} type="hidden" name={name} value={value} />
        ))}
        {reason && <ReasonField label={reason.label} defaultValue={reason.defaultValue} error={reason.error} hint={reason.hint ?? "Lý do được ghi vào nhật ký cuộc thi."} />}
        <div className="row">
          <button type="submit" className="button" disabled={busy}>
            {confirmLabel}
          </button>
          <Link to={cancelTo}>Huỷ</Link>
        </div>
      </Form>
    </section>
  );
}
