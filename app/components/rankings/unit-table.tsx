import { Link, useSearchParams } from "@remix-run/react";
import type { UnitRankingRow, UnitSort } from "~/rankings/rankings.server";
import { unitSortParam, withParams } from "~/rankings/ranking-query";
import { formatNumber } from "~/text/format";
import { formatAverage, formatRate } from "./format";

const COLUMNS: { sort: UnitSort; label: string; numeric: boolean }[] = [
  { sort: "name", label: "Đơn vị", numeric: false },
  { sort: "participants", label: "Người dự thi", numeric: true },
  { sort: "entries", label: "Lượt thi", numeric: true },
  { sort: "participationRate", label: "Tỷ lệ tham gia", numeric: true },
  { sort: "averageScore", label: "Điểm TB", numeric: true },
  { sort: "fullScores", label: "Bài đạt điểm tối đa", numeric: true },
];
const LABELS = Object.fromEntries(COLUMNS.map((column) => [column.sort, column.label])) as Record<UnitSort, string>;
const HEADCOUNT_LABEL = "Số CBCCVC";

/**
 * What the unit table's figures count, said under it: "Điểm tối đa" alone read as the best score,
 * when the column counts the counted entries (each person's best of each round) with every answer right.
 */
export const UNIT_TABLE_NOTE =
  "Tỷ lệ tham gia = số người đã dự thi ÷ số cán bộ, công chức, viên chức của đơn vị (gồm các đơn vị trực thuộc). " +
  "Bài đạt điểm tối đa = số bài trả lời đúng tất cả các câu, tính bài tốt nhất của mỗi người trong mỗi đợt.";

/**
 * Units rolled up over their subtrees. Each header is a link that sorts by it (again: the other
 * way); a unit with units under it links one level down through `drillParam`. Units where nobody
 * took part stay listed, muted, with zeros.
 */
export function UnitTable({
  rows,
  sort,
  descending,
  drillParam,
  extraDrillParams = {},
  leafParams,
  testId = "unit-ranking",
}: {
  rows: Pick<UnitRankingRow, "unitId" | "name" | "childCount" | "headcount" | "participants" | "entries" | "participationRate" | "averageScore" | "fullScores">[];
  sort: UnitSort;
  descending: boolean;
  drillParam: string;
  extraDrillParams?: Record<string, string | null>;
  /** Where a unit with nothing under it leads (its people, say); no link when absent. */
  leafParams?: (unitId: number) => Record<string, string | number | null>;
  testId?: string;
}) {
  const [params] = useSearchParams();
  return (
    <div className="table-wrap">
      <table className="card-table" data-testid={testId}>
        <thead>
          <tr>
            {COLUMNS.map((column) => {
              const active = column.sort === sort;
              // A fresh column starts from its natural direction; the active one flips.
              const nextDescending = active ? !descending : column.sort !== "name";
              return (
                <th key={column.sort} scope="col" className={column.numeric ? "num" : undefined} style={column.numeric ? undefined : { minWidth: "10rem" }} aria-sort={active ? (descending ? "descending" : "ascending") : undefined}>
                  <Link to={withParams(params, { "sap-xep": unitSortParam(column.sort), chieu: nextDescending ? "giam" : "tang" })} preventScrollReset>
                    {column.label}
                    {active ? (descending ? " ↓" : " ↑") : ""}
                  </Link>
                </th>
              );
            })}
            <th className="num" scope="col">{HEADCOUNT_LABEL}</th>
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 && (
            <tr>
              <td colSpan={COLUMNS.length + 1} className="muted">
                Không có đơn vị trực thuộc.
              </td>
            </tr>
          )}
          {rows.map((row) => (
            <tr key={row.unitId} className={row.participants === 0 ? "muted" : undefined} data-unit-id={row.unitId} data-testid="unit-row">
              <td className="card-table__title" data-label={LABELS.name}>
                {row.childCount > 0 ? (
                  <Link to={withParams(params, { [drillParam]: row.unitId, ...extraDrillParams })}>{row.name}</Link>
                ) : leafParams ? (
                  <Link to={withParams(params, leafParams(row.unitId))}>{row.name}</Link>
                ) : (
                  row.name
                )}
                {row.participants === 0 && <span className="small"> · chưa có ai dự thi</span>}
              </td>
              <td className="num" data-label={LABELS.participants}>{formatNumber(row.participants)}</td>
              <td className="num" data-label={LABELS.entries}>{formatNumber(row.entries)}</td>
              <td className="num" data-label={LABELS.participationRate}>{formatRate(row.participationRate)}</td>
              <td className="num" data-label={LABELS.averageScore}>{formatAverage(row.averageScore)}</td>
              <td className="num" data-label={LABELS.fullScores}>{formatNumber(row.fullScores)}</td>
              <td className="num" data-label={HEADCOUNT_LABEL}>{formatNumber(row.headcount)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
