import { useId, useState } from "react";
import type { PersonalData } from "~/accounts/password-policy";
import { strengthHint } from "~/accounts/password-strength";

/**
 * A new password's input with a hint that follows the typing (too short, too common, weak, fair,
 * strong), announced politely to screen readers. Advice only: the server decides. The input stays
 * uncontrolled, so what was typed survives a refused submit like any other field.
 */
export function PasswordField({
  label,
  name,
  error,
  hint,
  personal,
  personalFields,
  ...input
}: {
  label: string;
  name: string;
  error?: string;
  hint?: string;
  /** What is known about the person already (their name on the change form). */
  personal?: PersonalData;
  /** Names of inputs of the same form that hold the person's login and name (the registration form). */
  personalFields?: { login?: string; fullName?: string };
} & Omit<React.InputHTMLAttributes<HTMLInputElement>, "type" | "name">) {
  const id = useId();
  const [strength, setStrength] = useState<ReturnType<typeof strengthHint>>(null);
  const describedBy = [hint && `${id}-hint`, `${id}-strength`, error && `${id}-error`].filter(Boolean).join(" ");

  const update = (field: HTMLInputElement) => {
    const sibling = (fieldName?: string) => {
      const element = fieldName ? field.form?.elements.namedItem(fieldName) : null;
      return element instanceof HTMLInputElement ? element.value : undefined;
    };
    setStrength(
      strengthHint(field.value, {
        login: sibling(personalFields?.login) ?? personal?.login,
        fullName: sibling(personalFields?.fullName) ?? personal?.fullName,
      }),
    );
  };

  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        name={name}
        type="password"
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        {...input}
        onChange={(event) => {
          update(event.currentTarget);
          input.onChange?.(event);
        }}
      />
      {hint && (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {/* Always in the page, so that screen readers hear its changes. */}
      <p className={`password-strength${strength ? ` password-strength--${strength.level}` : ""}`} id={`${id}-strength`} aria-live="polite">
        {strength?.text}
      </p>
      {error && (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}
