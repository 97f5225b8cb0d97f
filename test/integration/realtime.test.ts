import { io as connect, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answerKeyInDisplayOrder, demoRound, startEntryViaHttp } from "../support/entries";
import { DEMO_PASSWORD, startTestApp, type TestApp } from "../support/test-app";

let app: TestApp;
let round: { id: number; slug: string };
const sockets: Socket[] = [];

beforeAll(async () => {
  app = await startTestApp();
  round = await demoRound(app.db);
});
afterAll(async () => {
  for (const socket of sockets) socket.close();
  await app.close();
});

async function connected(): Promise<Socket> {
  const socket = connect(app.baseUrl, { transports: ["websocket"], forceNew: true });
  sockets.push(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", () => resolve());
    socket.once("connect_error", reject);
  });
  return socket;
}

describe("live ranking updates over socket.io", () => {
  it("refuses malformed or unknown watch requests with a Vietnamese message", async () => {
    const socket = await connected();
    for (const payload of [null, { roundId: "1" }, { roundId: -4 }, "round:1"]) {
      const reply = await socket.emitWithAck("ranking:watch", payload);
      expect(reply).toEqual({ ok: false, message: "Yêu cầu theo dõi bảng xếp hạng không hợp lệ." });
    }
    expect(await socket.emitWithAck("ranking:watch", { roundId: 987654 })).toEqual({ ok: false, message: "Không tìm thấy đợt thi." });
  });

  it("tells watchers of the round when an entry is submitted", async () => {
    const watcher = await connected();
    expect(await watcher.emitWithAck("ranking:watch", { roundId: round.id })).toEqual({ ok: true });
    const changed = new Promise<{ roundId: number }>((resolve) => watcher.once("ranking:changed", resolve));

    const client = app.client();
    await client.login("thisinh@demo.cchc.vn", DEMO_PASSWORD);
    const entryId = await startEntryViaHttp(client, round.slug, round.id);
    const [q] = await answerKeyInDisplayOrder(app.db, entryId);
    await client.postJson(`/api/entries/${entryId}/answers`, { position: q.position, chosen: q.correctDisplay, revision: 1 });
    await client.postForm(`/bai-thi/${entryId}`, { intent: "submit" });

    const started = Date.now();
    expect(await changed).toEqual({ roundId: round.id });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("coalesces a burst of submissions into one message per round", async () => {
    const watcher = await connected();
    await watcher.emitWithAck("ranking:watch", { roundId: round.id });
    let messages = 0;
    watcher.on("ranking:changed", () => messages++);
    const { notifyRankingChanged } = await import("~/realtime/realtime.server");
    for (let i = 0; i < 50; i++) notifyRankingChanged(app.io, round.id);
    await new Promise((r) => setTimeout(r, 1200));
    expect(messages).toBe(1);
  });
});
