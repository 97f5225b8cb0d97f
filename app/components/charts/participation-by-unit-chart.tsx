import { ChartFrame, CHART_COLORS, CHART_FONT, CHART_WIDTH, EmptyChart } from "./chart-frame";
import { formatNumber, formatPercent } from "./chart-format";
import { linearScale, niceTicks, sortByParticipation, truncateLabel } from "./scale";

export interface UnitParticipation {
  name: string;
  /** Participants ÷ headcount as a fraction (0.42 is 42%); null when the unit has no headcount. */
  participationRate: number | null;
  participants: number;
  headcount: number;
}

const WIDTH = CHART_WIDTH;
const ROW = 42;
const TOP = 8;
const LEFT = 4;
const RIGHT = 56;
/** Characters of a unit's name that fit on one line at the chart's width. */
const NAME_CHARS = 42;

/** Units by participation rate, highest first: the name above each bar, so it reads on a phone. */
export function ParticipationByUnitChart({ units, title = "Tỷ lệ tham gia theo đơn vị" }: { units: UnitParticipation[]; title?: string }) {
  if (units.length === 0) return <EmptyChart title={title} message="Chưa có đơn vị nào." testId="participation-by-unit-chart" />;
  const sorted = sortByParticipation(units);
  const maxRate = Math.max(1, ...sorted.map((u) => u.participationRate ?? 0));
  const top = niceTicks(maxRate, 4, false).at(-1)!;
  const x = linearScale([0, top], [LEFT, WIDTH - RIGHT]);
  const height = TOP + sorted.length * ROW + 4;
  const rated = sorted.filter((u) => u.participationRate !== null);
  const summary = rated.length
    ? `${formatNumber(sorted.length)} đơn vị; cao nhất ${rated[0].name} ${formatPercent(rated[0].participationRate!)}, thấp nhất ${rated[rated.length - 1].name} ${formatPercent(rated[rated.length - 1].participationRate!)}.`
    : `${formatNumber(sorted.length)} đơn vị, chưa có số cán bộ để tính tỷ lệ.`;
  return (
    <ChartFrame
      title={title}
      summary={summary}
      width={WIDTH}
      height={height}
      testId="participation-by-unit-chart"
      table={{
        headers: ["Đơn vị", "Người dự thi", "Số CBCCVC", "Tỷ lệ"],
        rows: sorted.map((u) => [u.name, formatNumber(u.participants), formatNumber(u.headcount), u.participationRate === null ? "—" : formatPercent(u.participationRate)]),
      }}
    >
      {sorted.map((unit, index) => {
        const rowTop = TOP + index * ROW;
        const barY = rowTop + 19;
        const label = truncateLabel(unit.name, NAME_CHARS);
        const rate = unit.participationRate;
        return (
          <g key={`${unit.name}-${index}`} data-unit={unit.name} data-rate={rate ?? ""}>
            <title>{`${unit.name}: ${rate === null ? "chưa có số cán bộ" : formatPercent(rate)} (${formatNumber(unit.participants)}/${formatNumber(unit.headcount)} người)`}</title>
            <text x={LEFT} y={rowTop + 13} fontSize={CHART_FONT} fill={CHART_COLORS.text}>
              {label}
            </text>
            <rect x={LEFT} y={barY} width={x(top) - LEFT} height={14} rx={3} fill={CHART_COLORS.grid} />
            {rate !== null && <rect className="chart-bar" x={LEFT} y={barY} width={Math.max(0, x(Math.min(rate, top)) - LEFT)} height={14} rx={3} fill={CHART_COLORS.bar} />}
            <text x={WIDTH - RIGHT + 6} y={barY + 11} fontSize={CHART_FONT} fill={CHART_COLORS.text}>
              {rate === null ? "—" : formatPercent(rate)}
            </text>
          </g>
        );
      })}
    </ChartFrame>
  );
}
