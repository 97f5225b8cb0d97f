import { useId, useMemo, useState } from "react";
import { foldText } from "~/text/normalize";

export interface UnitPickerChoice {
  id: number;
  label: string;
  depth: number;
}

/**
 * A searchable unit list. Without JavaScript it is a plain list box; with it, typing
 * "xa tan phu" narrows the list to "Xã Tân Phú" (diacritics and case ignored).
 */
export function UnitPicker({
  units,
  name,
  defaultValue,
  error,
  label = "Đơn vị công tác",
  hint = "Chọn đơn vị nơi anh/chị đang công tác; kết quả được tính cho đơn vị này.",
  multiple = false,
  defaultValues = [],
}: {
  units: UnitPickerChoice[];
  name: string;
  defaultValue?: number;
  error?: string;
  label?: string;
  hint?: string;
  multiple?: boolean;
  defaultValues?: number[];
}) {
  const id = useId();
  const [query, setQuery] = useState("");
  const [selected, setSelected] = useState<string[]>(multiple ? defaultValues.map(String) : defaultValue ? [String(defaultValue)] : []);
  const folded = useMemo(() => units.map((u) => ({ ...u, folded: foldText(u.label) })), [units]);
  const needle = foldText(query);
  const visible = needle ? folded.filter((u) => u.folded.includes(needle) || selected.includes(String(u.id))) : folded;
  return (
    <div className="field">
      <label htmlFor={`${id}-list`}>{label}</label>
      <input
        type="search"
        aria-label="Tìm đơn vị"
        placeholder="Gõ để tìm, ví dụ: xa tan phu"
        value={query}
        onChange={(event) => setQuery(event.target.value)}
        aria-controls={`${id}-list`}
        style={{ marginBottom: "0.4rem" }}
      />
      <select
        id={`${id}-list`}
        name={name}
        size={8}
        required={!multiple}
        multiple={multiple}
        value={multiple ? selected : (selected[0] ?? "")}
        onChange={(event) => setSelected(Array.from(event.target.selectedOptions, (o) => o.value))}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : `${id}-hint`}
      >
        {visible.map((unit) => (
          <option key={unit.id} value={unit.id}>
            {needle ? unit.label : `${"\u00a0\u00a0".repeat(unit.depth)}${unit.label.split(" › ").pop()}`}
          </option>
        ))}
      </select>
      {visible.length === 0 && <p className="hint">Không tìm thấy đơn vị phù hợp.</p>}
      <p className="hint" id={`${id}-hint`}>
        {hint}
      </p>
      {error && (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}
