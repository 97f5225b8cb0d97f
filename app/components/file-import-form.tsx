import { Form } from "@remix-run/react";
import type { ReactNode } from "react";

/**
 * The check-then-apply form of every file import: one file, "Kiểm tra tệp" (nothing changes),
 * and the button that applies it all or nothing. `children` go between the file and the buttons
 * (options); `footer` below them (a progress note).
 */
export function FileImportForm(props: {
  id: string;
  label: string;
  accept: string;
  applyIntent: string;
  applyLabel: string;
  busy: boolean;
  children?: ReactNode;
  footer?: ReactNode;
}) {
  return (
    <Form method="post" encType="multipart/form-data" className="card">
      <div className="field">
        <label htmlFor={props.id}>{props.label}</label>
        <input id={props.id} type="file" name="file" accept={props.accept} required />
      </div>
      {props.children}
      <div className="row">
        <button type="submit" name="intent" value="check" className="button button--secondary" disabled={props.busy}>
          Kiểm tra tệp
        </button>
        <button type="submit" name="intent" value={props.applyIntent} className="button" disabled={props.busy}>
          {props.applyLabel}
        </button>
      </div>
      {props.footer}
    </Form>
  );
}
