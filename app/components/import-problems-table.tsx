export interface ImportProblemRow {
  /** 0: the file as a whole. */
  row: number;
  /** The column header, or "" when the problem is not about one column. */
  column: string;
  message: string;
}

/** The problems of an imported file, one a row (Dòng / Cột / Lỗi); nothing when there are none. */
export function ImportProblemsTable({
  problems,
  formatCount = String,
}: {
  problems: readonly ImportProblemRow[];
  /** How the caption writes the number of problems. */
  formatCount?: (count: number) => string;
}) {
  if (problems.length === 0) return null;
  return (
    <div className="table-wrap">
      <table className="card-table">
        <caption className="small muted" style={{ textAlign: "left" }}>
          {`${formatCount(problems.length)} lỗi cần sửa`}
        </caption>
        <thead>
          <tr>
            <th className="num" scope="col">Dòng</th>
            <th scope="col">Cột</th>
            <th scope="col">Lỗi</th>
          </tr>
        </thead>
        <tbody>
          {problems.map((p, i) => (
            <tr key={i}>
              <td className="num" data-label="Dòng">{p.row || "—"}</td>
              <td data-label="Cột">{p.column || "—"}</td>
              <td data-label="Lỗi">{p.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
