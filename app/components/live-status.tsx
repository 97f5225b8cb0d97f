import type { LiveRanking } from "~/realtime/use-live-rounds";
import { formatTimeOfDay } from "./charts/chart-format";

export const OFFLINE_MESSAGE = "Mất kết nối — bảng có thể chưa cập nhật, đang kết nối lại…";

/**
 * Whether the board on screen is live: a badge and the time of the last update, and a banner
 * nobody can miss while the connection is down (what is shown may be stale).
 */
export function LiveStatus({ live }: { live: LiveRanking }) {
  const stamp = live.updatedAt === null ? null : `Cập nhật lúc ${formatTimeOfDay(live.updatedAt)}`;
  return (
    <div className="live-status" data-testid="live-status" data-state={live.state}>
      {live.state === "offline" && (
        <p
          className="alert"
          role="alert"
          data-testid="live-offline"
          style={{ background: "#fff4e0", color: "#6b4200", border: "1px solid #f0c987" }}
        >
          {OFFLINE_MESSAGE}
        </p>
      )}
      {live.state === "refused" && live.refusal && (
        <p className="alert alert--info" role="status">
          {`Không cập nhật trực tiếp được: ${live.refusal}`}
        </p>
      )}
      <p className="small muted" aria-live="polite">
        <span className={`badge ${live.state === "live" ? "badge--open" : "badge--closed"}`}>
          {live.state === "live" ? "Đang cập nhật trực tiếp" : live.state === "offline" ? "Đang kết nối lại" : live.state === "refused" ? "Không cập nhật trực tiếp" : "Đang kết nối"}
        </span>
        {stamp && <> · <span data-testid="live-updated-at">{stamp}</span></>}
      </p>
    </div>
  );
}
