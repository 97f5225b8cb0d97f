import { json } from "@remix-run/node";

// POST is served by app/entries/entry-endpoints.server.ts, ahead of Remix (the hot path of a contest).
export async function loader() {
  return json({ ok: false, message: "Phương thức không được hỗ trợ. Dùng POST." }, { status: 405 });
}
