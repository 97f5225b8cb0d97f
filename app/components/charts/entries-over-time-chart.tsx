import { ChartFrame, CHART_COLORS, CHART_FONT, CHART_WIDTH, EmptyChart } from "./chart-frame";
import { formatDayMonth, formatHour, formatNumber, hourLabel } from "./chart-format";
import { fillHourGaps, labelIndices, linearScale, niceTicks } from "./scale";

const WIDTH = CHART_WIDTH;
const HEIGHT = 200;
const MARGIN = { top: 12, right: 12, bottom: 30, left: 44 };
/** "24/11 14:00" is about 80 units wide: three fit under the plot. */
const MAX_TIME_LABELS = 3;

/** Entries per hour (Vietnam time on the axis), the hours nobody entered drawn as zero. */
export function EntriesOverTimeChart({ points, title = "Lượt thi theo giờ" }: { points: { hourStart: string; entries: number }[]; title?: string }) {
  const filled = fillHourGaps(points);
  if (filled.length === 0) return <EmptyChart title={title} message="Chưa có lượt thi nào." testId="entries-over-time-chart" />;
  const max = Math.max(...filled.map((p) => p.entries));
  const ticks = niceTicks(max, 4);
  const x = linearScale([0, Math.max(1, filled.length - 1)], [MARGIN.left + 6, WIDTH - MARGIN.right - 6]);
  const y = linearScale([0, ticks[ticks.length - 1]], [HEIGHT - MARGIN.bottom, MARGIN.top]);
  const line = filled.map((p, i) => `${x(i).toFixed(1)},${y(p.entries).toFixed(1)}`).join(" ");
  const area = `${x(0).toFixed(1)},${y(0)} ${line} ${x(filled.length - 1).toFixed(1)},${y(0)}`;
  const labels = labelIndices(filled.length, MAX_TIME_LABELS);
  const total = filled.reduce((sum, p) => sum + p.entries, 0);
  const busiest = filled.reduce((best, p) => (p.entries > best.entries ? p : best), filled[0]);
  const summary = `${formatNumber(total)} lượt thi từ ${hourLabel(filled[0].hourStart, null)} đến ${hourLabel(filled[filled.length - 1].hourStart, null)}; nhiều nhất ${formatNumber(busiest.entries)} lượt lúc ${hourLabel(busiest.hourStart, null)} (giờ Việt Nam).`;
  return (
    <ChartFrame
      title={title}
      summary={summary}
      width={WIDTH}
      height={HEIGHT}
      testId="entries-over-time-chart"
      table={{ headers: ["Giờ (giờ Việt Nam)", "Lượt thi"], rows: filled.map((p) => [`${formatDayMonth(p.hourStart)} ${formatHour(p.hourStart)}`, formatNumber(p.entries)]) }}
    >
      {ticks.map((tick) => (
        <g key={tick}>
          <line x1={MARGIN.left} x2={WIDTH - MARGIN.right} y1={y(tick)} y2={y(tick)} stroke={CHART_COLORS.grid} />
          <text x={MARGIN.left - 6} y={y(tick) + 4} textAnchor="end" fontSize={CHART_FONT} fill={CHART_COLORS.axis}>
            {formatNumber(tick)}
          </text>
        </g>
      ))}
      <polygon points={area} fill={CHART_COLORS.area} />
      <polyline points={line} fill="none" stroke={CHART_COLORS.line} strokeWidth={2} strokeLinejoin="round" />
      {filled.map((p, i) => (
        <circle key={p.hourStart} data-hour={p.hourStart} data-entries={p.entries} cx={x(i)} cy={y(p.entries)} r={filled.length > 48 ? 1.5 : 3} fill={CHART_COLORS.line}>
          <title>{`${hourLabel(p.hourStart, null)}: ${formatNumber(p.entries)} lượt thi`}</title>
        </circle>
      ))}
      {labels.map((index, n) => (
        <text
          key={index}
          x={x(index)}
          y={HEIGHT - MARGIN.bottom + 17}
          // The first and the last label lean inwards, so that neither is cut at the chart's edge.
          textAnchor={n === 0 ? "start" : index === filled.length - 1 ? "end" : "middle"}
          fontSize={CHART_FONT}
          fill={CHART_COLORS.axis}
        >
          {hourLabel(filled[index].hourStart, n === 0 ? null : filled[labels[n - 1]].hourStart)}
        </text>
      ))}
    </ChartFrame>
  );
}
