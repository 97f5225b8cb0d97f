import { COLLECTIVE_METRIC_LABELS } from "~/awards/collective";
import type { Proposal } from "~/awards/commendation.server";
import { PRIZE_TIER_LABELS } from "~/awards/places";
import { formatDuration, formatNumber } from "~/text/format";

/** The winners of each scope (individuals, then units): the printable page and the public page. */
export function ResultsList({ proposal, withScores }: { proposal: Proposal; withScores: boolean }) {
  return (
    <>
      {proposal.scopes.map((scope) => (
        <section key={`${scope.scopeKey}-${scope.groupId}`} className="results-scope">
          <h2>{scope.label}</h2>
          {scope.winners.length === 0 ? (
            <p className="muted">Không có cá nhân đạt giải.</p>
          ) : (
            <table>
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
                  <tr key={w.userId}>
                    <td>{i + 1}</td>
                    <td>{w.fullName}</td>
                    {withScores && <td>{w.position ?? ""}</td>}
                    <td>{w.unitLabel}</td>
                    {withScores && <td className="num">{formatNumber(w.score)}</td>}
                    {withScores && <td className="num">{formatDuration(w.durationMs)}</td>}
                    <td>{PRIZE_TIER_LABELS[w.tier]}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {scope.collective && scope.collective.winners.length > 0 && (
            <>
              <h3>{`Giải tập thể (${COLLECTIVE_METRIC_LABELS[scope.collective.metric].toLowerCase()})`}</h3>
              <table>
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
                    <tr key={w.unitId}>
                      <td>{i + 1}</td>
                      <td>{w.unitName}</td>
                      <td className="num">{`${formatNumber(w.participants)}/${formatNumber(w.headcount)}`}</td>
                      <td>{PRIZE_TIER_LABELS[w.tier]}</td>
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
