import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { LiveRanking } from "~/realtime/use-live-rounds";
import { LiveStatus, OFFLINE_MESSAGE } from "./live-status";

const render = (live: LiveRanking) => renderToStaticMarkup(createElement(LiveStatus, { live }));
// 07:05:09 UTC is 14:05:09 in Vietnam.
const at = Date.parse("2026-11-24T07:05:09Z");

describe("LiveStatus", () => {
  it("while live: a badge and the time of the last update, in Vietnam time, no banner", () => {
    const html = render({ state: "live", updatedAt: at, refusal: null });
    expect(html).toContain("Đang cập nhật trực tiếp");
    expect(html).toContain("Cập nhật lúc 14:05:09");
    expect(html).not.toContain(OFFLINE_MESSAGE);
  });

  it("when the connection drops: a banner nobody can miss, and the stamp of what is on screen", () => {
    const html = render({ state: "offline", updatedAt: at, refusal: null });
    expect(html).toContain(`role="alert"`);
    expect(html).toContain("Mất kết nối — bảng có thể chưa cập nhật, đang kết nối lại…");
    expect(html).toContain("Cập nhật lúc 14:05:09");
    expect(html).toContain("Đang kết nối lại");
  });

  it("when refused: the server's reason; before hydration: no stamp", () => {
    expect(render({ state: "refused", updatedAt: at, refusal: "Bảng xếp hạng của cuộc thi này không công khai." })).toContain(
      "Không cập nhật trực tiếp được: Bảng xếp hạng của cuộc thi này không công khai.",
    );
    const first = render({ state: "connecting", updatedAt: null, refusal: null });
    expect(first).toContain("Đang kết nối");
    expect(first).not.toContain("Cập nhật lúc");
  });
});
