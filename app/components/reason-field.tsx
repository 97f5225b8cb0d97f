import { useId } from "react";
import { REASON_MAX, REASON_MIN } from "~/commands/reason";

/**
 * The written reason an organizer's command asks for, with the one rule's limits
 * (~/commands/reason.ts) as the browser's own constraints; the server decides. It keeps what was
 * typed when the form comes back refused (`defaultValue` from the form's reply).
 */
export function ReasonField({
  label,
  defaultValue,
  error,
  hint,
  rows = 2,
  required = true,
}: {
  label: string;
  defaultValue?: string;
  error?: string;
  hint?: string;
  rows?: number;
  required?: boolean;
}) {
  const id = useId();
  const describedBy = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(" ") || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <textarea
        id={id}
        name="reason"
        rows={rows}
        required={required}
        minLength={required ? REASON_MIN : undefined}
        maxLength={REASON_MAX}
        defaultValue={defaultValue}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
      />
      {hint && (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}
