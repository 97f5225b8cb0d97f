import { DIFFICULTY_LABELS, TOPICS } from "~/banks/topics";

export interface BlueprintRow {
  bankId: string;
  topic: string;
  difficulty: string;
  count: string;
}

/**
 * The round form's blueprint: one card per line with a visible label on each control (on a phone
 * the four controls stack; on a wide screen they sit in a row). The lines in use and one empty
 * line show; the other empty lines wait folded under "Thêm dòng" (still sent, in order).
 */
export function BlueprintLines(props: {
  rows: BlueprintRow[];
  banks: { id: number; title: string; approved: number }[];
  locked: boolean;
  lineErrors: (string | undefined)[];
}) {
  const { rows, banks, locked, lineErrors } = props;
  const lastUsed = rows.reduce((last, row, i) => (row.count.trim() !== "" || lineErrors[i] ? i : last), -1);
  const shown = locked ? Math.max(lastUsed + 1, 1) : Math.min(rows.length, Math.max(lastUsed + 2, 2));
  const line = (row: BlueprintRow, i: number) => (
    <div key={i} className="blueprint-line" role="group" aria-labelledby={`blueprint-line-${i}`}>
      <p className="blueprint-line__title" id={`blueprint-line-${i}`}>
        Dòng {i + 1}
      </p>
      <LineField line={i} label="Ngân hàng">
        <select name="lineBankId" defaultValue={row.bankId || banks[0]?.id} disabled={locked}>
          {banks.map((b) => (
            <option key={b.id} value={b.id}>
              {`${b.title} (${b.approved} câu đã duyệt)`}
            </option>
          ))}
        </select>
      </LineField>
      <LineField line={i} label="Chủ đề">
        <select name="lineTopic" defaultValue={row.topic} disabled={locked}>
          <option value="">Mọi chủ đề</option>
          {Object.entries(TOPICS).map(([key, label]) => (
            <option key={key} value={key}>
              {label}
            </option>
          ))}
        </select>
      </LineField>
      <LineField line={i} label="Độ khó">
        <select name="lineDifficulty" defaultValue={row.difficulty} disabled={locked}>
          <option value="">Mọi mức độ</option>
          {Object.entries(DIFFICULTY_LABELS).map(([key, label]) => (
            <option key={key} value={key}>
              {label}
            </option>
          ))}
        </select>
      </LineField>
      <LineField line={i} label="Số câu">
        <input name="lineCount" inputMode="numeric" placeholder="để trống nếu không dùng" defaultValue={row.count} disabled={locked} aria-invalid={lineErrors[i] ? true : undefined} />
      </LineField>
      {lineErrors[i] && <p className="field-error">{lineErrors[i]}</p>}
    </div>
  );
  const folded = rows.slice(shown);
  return (
    <>
      {rows.slice(0, shown).map(line)}
      {!locked && folded.length > 0 && (
        <details className="blueprint-more">
          <summary>{`Thêm dòng (còn ${folded.length} dòng trống)`}</summary>
          {folded.map((row, k) => line(row, shown + k))}
        </details>
      )}
    </>
  );
}

/** One control of a line, its visible label read with the line's number ("Dòng 2: Chủ đề"). */
function LineField({ line, label, children }: { line: number; label: string; children: React.ReactNode }) {
  return (
    <label className="blueprint-line__field">
      <span className="blueprint-line__label">
        <span className="visually-hidden">{`Dòng ${line + 1}: `}</span>
        {label}
      </span>
      {children}
    </label>
  );
}
