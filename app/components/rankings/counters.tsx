import { formatNumber } from "~/text/format";
import { formatAverage, formatRate } from "./format";

/** The figures a leader looks at first, each in its own box. */
export function RankingCounters(props: { participants: number; headcount: number | null; participationRate: number | null; entries: number; fullScores: number; averageScore: number | null }) {
  return (
    <div className="stats" data-testid="ranking-counters" style={{ marginBottom: "1rem" }}>
      <div className="stat" data-testid="counter-participants">
        <strong>{formatNumber(props.participants)}</strong>
        người dự thi{props.headcount !== null ? ` / ${formatNumber(props.headcount)} CBCCVC` : ""}
      </div>
      <div className="stat" data-testid="counter-rate">
        <strong>{formatRate(props.participationRate)}</strong>
        tỷ lệ tham gia
      </div>
      <div className="stat" data-testid="counter-entries">
        <strong>{formatNumber(props.entries)}</strong>
        lượt thi
      </div>
      <div className="stat" data-testid="counter-full-scores">
        <strong>{formatNumber(props.fullScores)}</strong>
        bài đạt điểm tối đa
      </div>
      <div className="stat" data-testid="counter-average">
        <strong>{formatAverage(props.averageScore)}</strong>
        điểm trung bình
      </div>
    </div>
  );
}
