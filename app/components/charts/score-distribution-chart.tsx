import { ChartFrame, CHART_COLORS, CHART_FONT, CHART_WIDTH, EmptyChart } from "./chart-frame";
import { formatNumber } from "./chart-format";
import { labelIndices, linearScale, niceTicks, scoreStep } from "./scale";

const WIDTH = CHART_WIDTH;
const HEIGHT = 210;
const MARGIN = { top: 12, right: 12, bottom: 40, left: 44 };

/** How many people have each score (their best entry), on a scale from 0 to the round's maximum. */
export function ScoreDistributionChart({ scores, maxScore, title = "Phân bố điểm" }: { scores: { score: number; people: number }[]; maxScore: number; title?: string }) {
  const rows = scores.filter((s) => s.people > 0).sort((a, b) => a.score - b.score);
  if (rows.length === 0) return <EmptyChart title={title} message="Chưa có ai có kết quả." testId="score-distribution-chart" />;
  const top = Math.max(maxScore, ...rows.map((s) => s.score));
  const step = scoreStep(rows.map((s) => s.score), top);
  const x = linearScale([-step / 2, top + step / 2], [MARGIN.left, WIDTH - MARGIN.right]);
  const barWidth = Math.max(1, (x(step) - x(0)) * 0.8);
  const ticks = niceTicks(Math.max(...rows.map((s) => s.people)), 4);
  const y = linearScale([0, ticks[ticks.length - 1]], [HEIGHT - MARGIN.bottom, MARGIN.top]);
  const people = rows.reduce((sum, s) => sum + s.people, 0);
  const full = rows.find((s) => s.score === top)?.people ?? 0;
  const mostCommon = rows.reduce((best, s) => (s.people > best.people ? s : best), rows[0]);
  const axisScores = niceTicks(top, 5).filter((t) => t <= top);
  const summary = `${formatNumber(people)} người; ${formatNumber(full)} người đạt điểm tối đa ${formatNumber(top)}; nhiều người nhất ở mức ${formatNumber(mostCommon.score)} điểm (${formatNumber(mostCommon.people)} người).`;
  return (
    <ChartFrame
      title={title}
      summary={summary}
      width={WIDTH}
      height={HEIGHT}
      testId="score-distribution-chart"
      table={{ headers: ["Điểm", "Số người"], rows: rows.map((s) => [formatNumber(s.score), formatNumber(s.people)]) }}
    >
      {ticks.map((tick) => (
        <g key={tick}>
          <line x1={MARGIN.left} x2={WIDTH - MARGIN.right} y1={y(tick)} y2={y(tick)} stroke={CHART_COLORS.grid} />
          <text x={MARGIN.left - 6} y={y(tick) + 4} textAnchor="end" fontSize={CHART_FONT} fill={CHART_COLORS.axis}>
            {formatNumber(tick)}
          </text>
        </g>
      ))}
      {rows.map((s) => (
        <rect
          key={s.score}
          className="chart-bar"
          data-score={s.score}
          data-people={s.people}
          x={x(s.score) - barWidth / 2}
          y={y(s.people)}
          width={barWidth}
          height={y(0) - y(s.people)}
          fill={s.score === top ? CHART_COLORS.bar : CHART_COLORS.barMuted}
        >
          <title>{`${formatNumber(s.score)} điểm: ${formatNumber(s.people)} người`}</title>
        </rect>
      ))}
      {labelIndices(axisScores.length, 6).map((i) => (
        <text key={axisScores[i]} x={x(axisScores[i])} y={HEIGHT - MARGIN.bottom + 17} textAnchor="middle" fontSize={CHART_FONT} fill={CHART_COLORS.axis}>
          {formatNumber(axisScores[i])}
        </text>
      ))}
      <text x={WIDTH - MARGIN.right} y={HEIGHT - 3} textAnchor="end" fontSize={CHART_FONT} fill={CHART_COLORS.axis}>
        Điểm
      </text>
    </ChartFrame>
  );
}
