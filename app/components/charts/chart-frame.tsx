import type { ReactNode } from "react";

/**
 * Charts are drawn for a phone: the viewBox is about as wide as the content of a 360 px screen, so
 * a label of CHART_FONT units shows at about that many pixels there. A chart grows with its
 * container only up to CHART_MAX_WIDTH, so on a desktop its labels stay near 16 px.
 */
export const CHART_WIDTH = 320;
export const CHART_FONT = 13;
const CHART_MAX_WIDTH = "26rem";

/** Colours readable on white and by people who cannot tell red from green. */
export const CHART_COLORS = { bar: "#1f6fb2", barMuted: "#9db8d3", line: "#1f6fb2", area: "#d7e6f4", grid: "#e3e8ee", axis: "#5b6573", text: "#1d2733" };

/**
 * A chart's frame: a figure with the SVG (scaled to the container's width through its viewBox,
 * announced as one image with a summary) and the same numbers as a table for screen readers and
 * for anyone who prefers to read them.
 */
export function ChartFrame(props: {
  title: string;
  summary: string;
  width: number;
  height: number;
  testId: string;
  table: { headers: string[]; rows: (string | number)[][] };
  children: ReactNode;
}) {
  return (
    <figure className="chart" data-testid={props.testId} style={{ margin: "0 0 1rem" }}>
      <figcaption style={{ fontWeight: 600, marginBottom: "0.25rem" }}>{props.title}</figcaption>
      <svg
        role="img"
        aria-label={`${props.title}. ${props.summary}`}
        viewBox={`0 0 ${props.width} ${props.height}`}
        width="100%"
        preserveAspectRatio="xMidYMid meet"
        style={{ display: "block", maxWidth: `min(100%, ${CHART_MAX_WIDTH})`, height: "auto", fontFamily: "inherit" }}
      >
        {props.children}
      </svg>
      <details className="small">
        <summary>Xem số liệu dạng bảng</summary>
        <div className="table-wrap">
          <table className="card-table">
            <thead>
              <tr>
                {props.table.headers.map((header, index) => (
                  <th key={header} scope="col" className={index > 0 ? "num" : undefined}>
                    {header}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {props.table.rows.map((row, rowIndex) => (
                <tr key={rowIndex}>
                  {row.map((cell, cellIndex) => (
                    <td key={cellIndex} className={cellIndex > 0 ? "num" : undefined} data-label={props.table.headers[cellIndex]}>
                      {cell}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}

/** What every chart shows when there is nothing to draw yet. */
export function EmptyChart({ title, message, testId }: { title: string; message: string; testId: string }) {
  return (
    <figure className="chart" data-testid={testId} style={{ margin: "0 0 1rem" }}>
      <figcaption style={{ fontWeight: 600 }}>{title}</figcaption>
      <p className="muted small">{message}</p>
    </figure>
  );
}
