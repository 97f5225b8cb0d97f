import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from "react";
import { foldText } from "~/text/normalize";
import { unitChoiceLabel, type UnitPickerChoice } from "~/units/tree";

export type { UnitPickerChoice } from "~/units/tree";

/** More than this many matches: the list asks for a few more letters instead of growing without end. */
const MAX_SHOWN = 300;
const NO_MATCH = "Không tìm thấy đơn vị nào khớp";

/**
 * Every word typed must be found in the unit's name or its parents' names, diacritics and case
 * ignored. Closest first: names that begin with what was typed, then names that hold it as typed,
 * then names that hold every word, then units found through their parents; the tree's order within each.
 */
export function matchUnits<T extends UnitPickerChoice>(units: readonly T[], query: string): T[] {
  const phrase = foldText(query);
  const words = phrase.split(" ").filter(Boolean);
  if (words.length === 0) return [...units];
  const ranked: { unit: T; rank: number; at: number }[] = [];
  units.forEach((unit, at) => {
    const name = foldText(unit.name);
    const haystack = `${name} ${foldText(unit.parents)}`;
    if (!words.every((word) => haystack.includes(word))) return;
    const rank = name.startsWith(phrase) ? 0 : name.includes(phrase) ? 1 : words.every((word) => name.includes(word)) ? 2 : 3;
    ranked.push({ unit, rank, at });
  });
  return ranked.sort((a, b) => a.rank - b.rank || a.at - b.at).map((r) => r.unit);
}

/**
 * The one way people pick a unit (registration, organizers' forms). Each unit shows its parents
 * ("Trung tâm Phục vụ hành chính công" under "UBND xã Tân Phú"), so same-named units differ. With
 * JavaScript: a search box over a list (typing "xa tan phu" finds "Xã Tân Phú"; arrows and Enter
 * choose). Without it: a plain list of "unit — parents" lines. Nothing is chosen until the person
 * chooses: a preselected unit would file whoever skips the field under it.
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
  const [enhanced, setEnhanced] = useState(false);
  useEffect(() => setEnhanced(true), []);
  const initial = multiple ? defaultValues : defaultValue !== undefined ? [defaultValue] : [];
  const [selected, setSelected] = useState<number[]>(() => initial.filter((v) => units.some((u) => u.id === v)));
  const describedBy = [error ? `${id}-error` : null, `${id}-hint`].filter(Boolean).join(" ");

  if (!enhanced) {
    // Before the script runs (or without it): the browser's own list, which needs nothing else.
    return (
      <div className="field unit-picker">
        <label htmlFor={`${id}-input`}>{label}</label>
        <select
          id={`${id}-input`}
          name={name}
          multiple={multiple}
          size={multiple ? 10 : undefined}
          defaultValue={multiple ? initial.map(String) : String(initial[0] ?? "")}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
        >
          {!multiple && <option value="">— Chọn đơn vị —</option>}
          {units.map((unit) => (
            <option key={unit.id} value={unit.id}>
              {unitChoiceLabel(unit)}
            </option>
          ))}
        </select>
        <PickerNotes id={id} hint={multiple ? `${hint} Giữ Ctrl (hoặc ⌘) để chọn nhiều đơn vị.` : hint} error={error} />
      </div>
    );
  }
  return (
    <UnitCombobox
      id={id}
      units={units}
      name={name}
      label={label}
      hint={multiple ? `${hint} Chạm vào một đơn vị để chọn hoặc bỏ chọn.` : hint}
      error={error}
      multiple={multiple}
      selected={selected}
      setSelected={setSelected}
      describedBy={describedBy}
    />
  );
}

function PickerNotes({ id, hint, error }: { id: string; hint: string; error?: string }) {
  return (
    <>
      <p className="hint" id={`${id}-hint`}>
        {hint}
      </p>
      {error && (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </>
  );
}

function UnitCombobox(props: {
  id: string;
  units: UnitPickerChoice[];
  name: string;
  label: string;
  hint: string;
  error?: string;
  multiple: boolean;
  selected: number[];
  setSelected: (ids: number[]) => void;
  describedBy: string;
}) {
  const { id, units, multiple, selected, setSelected } = props;
  const [query, setQuery] = useState("");
  const [active, setActive] = useState<number | null>(null);
  // The server's word on the earlier choice no longer applies once the person chooses again.
  const [changed, setChanged] = useState(false);
  const error = changed ? undefined : props.error;
  const listRef = useRef<HTMLUListElement>(null);
  const byId = useMemo(() => new Map(units.map((u) => [u.id, u])), [units]);
  const matches = useMemo(() => matchUnits(units, query), [units, query]);
  const shown = matches.slice(0, MAX_SHOWN);
  const optionId = (unitId: number) => `${id}-option-${unitId}`;
  const chosen = selected.map((v) => byId.get(v)).filter((u): u is UnitPickerChoice => Boolean(u));

  useEffect(() => {
    if (active === null) return;
    listRef.current?.querySelector(`[id="${CSS.escape(optionId(active))}"]`)?.scrollIntoView({ block: "nearest" });
    // optionId depends only on id, which never changes.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [active]);

  const choose = (unitId: number) => {
    setActive(unitId);
    setChanged(true);
    if (!multiple) setSelected([unitId]);
    else setSelected(selected.includes(unitId) ? selected.filter((v) => v !== unitId) : [...selected, unitId]);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (shown.length === 0) return;
    const at = active === null ? -1 : shown.findIndex((u) => u.id === active);
    const move = (to: number) => {
      event.preventDefault();
      setActive(shown[Math.max(0, Math.min(shown.length - 1, to))].id);
    };
    if (event.key === "ArrowDown") move(at + 1);
    else if (event.key === "ArrowUp") move(at <= 0 ? 0 : at - 1);
    else if (event.key === "PageDown") move(at + 8);
    else if (event.key === "PageUp") move(at - 8);
    else if (event.key === "Enter" && at >= 0) {
      // Enter picks the highlighted unit instead of sending the form.
      event.preventDefault();
      choose(shown[at].id);
    } else if (event.key === "Escape" && query) {
      event.preventDefault();
      setQuery("");
    }
  };

  return (
    <div className="field unit-picker">
      <label htmlFor={`${id}-input`}>{props.label}</label>
      {chosen.length > 0 && (
        <div className="unit-picker__chosen" aria-live="polite">
          <span className="muted small">{multiple ? `Đã chọn ${chosen.length} đơn vị:` : "Đã chọn:"}</span>
          <ul>
            {chosen.map((unit) => (
              <li key={unit.id}>
                <strong>{unit.name}</strong>
                {unit.parents && <span className="unit-picker__parents">{unit.parents}</span>}
                {multiple && (
                  <button type="button" className="link-button small" onClick={() => choose(unit.id)} aria-label={`Bỏ chọn ${unitChoiceLabel(unit)}`}>
                    Bỏ chọn
                  </button>
                )}
              </li>
            ))}
          </ul>
        </div>
      )}
      <input
        id={`${id}-input`}
        type="search"
        role="combobox"
        aria-autocomplete="list"
        aria-expanded="true"
        aria-controls={`${id}-list`}
        aria-activedescendant={active !== null && shown.some((u) => u.id === active) ? optionId(active) : undefined}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? props.describedBy : `${id}-hint`}
        autoComplete="off"
        placeholder="Gõ tên đơn vị để tìm, ví dụ: xa tan phu"
        value={query}
        onChange={(event) => {
          setQuery(event.target.value);
          setActive(null);
        }}
        onKeyDown={onKeyDown}
      />
      <ul id={`${id}-list`} ref={listRef} role="listbox" aria-label={props.label} aria-multiselectable={multiple || undefined} className="unit-picker__list">
        {shown.map((unit) => {
          const isSelected = selected.includes(unit.id);
          return (
            <li
              key={unit.id}
              id={optionId(unit.id)}
              role="option"
              aria-selected={isSelected}
              aria-label={unitChoiceLabel(unit)}
              className={`unit-picker__option${isSelected ? " is-selected" : ""}${unit.id === active ? " is-active" : ""}`}
              // Keeps the focus in the search box, so the keyboard goes on working after a tap.
              onMouseDown={(event) => event.preventDefault()}
              onClick={() => choose(unit.id)}
            >
              <span className="unit-picker__name">{unit.name}</span>
              {unit.parents && <span className="unit-picker__parents">{unit.parents}</span>}
            </li>
          );
        })}
      </ul>
      <p className="unit-picker__status small" role="status">
        {matches.length === 0
          ? `${NO_MATCH} “${query.trim()}”. Hãy thử gõ ít chữ hơn hoặc tên đơn vị cấp trên.`
          : matches.length > shown.length
            ? `Đang hiện ${shown.length} trên ${matches.length} đơn vị; gõ thêm để thu hẹp.`
            : ""}
      </p>
      {selected.map((value) => (
        <input key={value} type="hidden" name={props.name} value={value} />
      ))}
      <PickerNotes id={id} hint={props.hint} error={error} />
    </div>
  );
}
