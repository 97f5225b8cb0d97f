import { COLLECTIVE_METRIC_LABELS } from "~/awards/collective";
import type { CollectiveMetric } from "~/awards/collective";
import { PRIZE_TIER_LABELS, type PrizeTier } from "~/awards/places";
import { formatListDurations } from "~/text/duration";
import { formatNumber } from "~/text/format";

/** A scope's winners as the reader may see them: details only where the read rule gives them. */
export interface ListedScope {
  label: string;
  winners: { fullName: string; unitLabel: string; tier: PrizeTier; details?: { position: string | null; score: number; durationMs: number } | null }[];
  collective: { metric: CollectiveMetric; winners: { unitName: string; headcount: number; participants: number; tier: PrizeTier }[] } | null;
}

/**
 * The time of each winner, in list order ("" where the reader may not see it): tenths, more where two
 * neighbours with the same score would otherwise read the same.
 */
export function winnerTimes(winners: readonly { details?: { score: number; durationMs: number } | null }[]): string[] {
  const rows = winners.map((w) => ({ durationMs: w.details?.durationMs ?? 0, score: w.details?.score ?? null }));
  const times = formatListDurations(rows, { timeDecides: (a, b) => a.score !== null && a.score === b.score });
  return winners.map((w, i) => (w.details ? times[i] : ""));
}

/** The winners of each scope (individuals, then units): the printable page and the public page. */
export function ResultsList({ scopes, withScores }: { scopes: ListedScope[]; withScores: boolean }) {
  const times = scopes.map((scope) => winnerTimes(scope.winners));
  return (
    <>
      {scopes.map((scope, index) => (
        <section key={index} className="results-scope">
          <h2>{scope.label}</h2>
          {scope.winners.length === 0 ? (
            <p className="muted">Không có cá nhân đạt giải.</p>
          ) : (
            <table className="card-table">
              <thead>
                <tr>
                  <th scope="col">STT</th>
                  <th scope="col">Họ và tên</th>
                  {withScores && <th scope="col">Chức vụ</th>}
                  <th scope="col">Đơn vị</th>
                  {withScores && <th className="num" scope="col">Điểm</th>}
                  {withScores && <th className="num" scope="col">Thời gian</th>}
                  <th scope="col">Giải</th>
                </tr>
              </thead>
              <tbody>
                {scope.winners.map((w, i) => (
                  <tr key={i}>
                    <td data-label="STT">{i + 1}</td>
                    <td data-label="Họ và tên">{w.fullName}</td>
                    {withScores && <td data-label="Chức vụ">{w.details?.position ?? ""}</td>}
                    <td data-label="Đơn vị">{w.unitLabel}</td>
                    {withScores && <td className="num" data-label="Điểm">{w.details ? formatNumber(w.details.score) : ""}</td>}
                    {withScores && <td className="num" data-label="Thời gian">{times[index][i]}</td>}
                    <td data-label="Giải">{PRIZE_TIER_LABELS[w.tier]}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {scope.collective && scope.collective.winners.length > 0 && (
            <>
              <h3>{`Giải tập thể (${COLLECTIVE_METRIC_LABELS[scope.collective.metric].toLowerCase()})`}</h3>
              <table className="card-table">
                <thead>
                  <tr>
                    <th scope="col">STT</th>
                    <th scope="col">Đơn vị</th>
                    <th className="num" scope="col">Số người tham gia</th>
                    <th scope="col">Giải</th>
                  </tr>
                </thead>
                <tbody>
                  {scope.collective.winners.map((w, i) => (
                    <tr key={i}>
                      <td data-label="STT">{i + 1}</td>
                      <td data-label="Đơn vị">{w.unitName}</td>
                      <td className="num" data-label="Số người tham gia">{`${formatNumber(w.participants)}/${formatNumber(w.headcount)}`}</td>
                      <td data-label="Giải">{PRIZE_TIER_LABELS[w.tier]}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
        </section>
      ))}
    </>
  );
}
