import type { shownPersonRow } from "~/rankings/visibility";
import { formatListDurations } from "~/text/duration";
import { formatNumber } from "~/text/format";

export type PersonRow = ReturnType<typeof shownPersonRow> & {
  /** Chức vụ: only present for people whose details the viewer may read. */
  position?: string | null;
};

/** The individual ranking: rank, name, unit with its parents, score, time; one card per person on a phone. */
export function PersonTable({
  rows,
  showPrediction = false,
  showPosition = false,
  caption,
  empty = "Chưa có ai dự thi.",
  testId = "person-ranking",
}: {
  rows: PersonRow[];
  showPrediction?: boolean;
  showPosition?: boolean;
  caption?: string;
  empty?: string;
  testId?: string;
}) {
  const columns = 5 + (showPrediction ? 1 : 0) + (showPosition ? 1 : 0);
  // Tenths everywhere; more where two neighbours with the same score and prediction are ranked apart by time.
  const times = formatListDurations(rows, { timeDecides: (a, b) => a.score === b.score && a.predictionDistance === b.predictionDistance });
  return (
    <div className="table-wrap">
      <table className="card-table" data-testid={testId}>
        {caption && (
          <caption className="muted small" style={{ textAlign: "left", padding: "0.4rem 0" }}>
            {caption}
          </caption>
        )}
        <thead>
          <tr>
            <th className="num" scope="col">Hạng</th>
            <th scope="col">Họ và tên</th>
            {showPosition && <th scope="col">Chức vụ</th>}
            <th scope="col">Đơn vị</th>
            <th className="num" scope="col">Điểm</th>
            {showPrediction && <th className="num" scope="col">Dự đoán</th>}
            <th className="num" scope="col">Thời gian</th>
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 && (
            <tr>
              <td colSpan={columns} className="muted">
                {empty}
              </td>
            </tr>
          )}
          {rows.map((row, index) => (
            <tr key={row.rank} className={row.isMe ? "is-me" : undefined} data-testid="person-row">
              <td className="num" data-label="Hạng">{row.rank}</td>
              <td data-label="Họ và tên">{row.fullName}</td>
              {showPosition && <td data-label="Chức vụ">{row.position ?? "—"}</td>}
              <td data-label="Đơn vị">{row.unitLabel}</td>
              <td className="num" data-label="Điểm">{formatNumber(row.score)}</td>
              {showPrediction && (
                <td className="num" data-label="Dự đoán">
                  {row.prediction === null ? "—" : `${formatNumber(row.prediction)}${row.predictionDistance === null ? "" : ` (lệch ${formatNumber(row.predictionDistance)})`}`}
                </td>
              )}
              <td className="num" data-label="Thời gian">{times[index]}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
