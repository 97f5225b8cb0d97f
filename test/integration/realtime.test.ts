import { io as connect, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAccount } from "~/accounts/accounts.server";
import { WATCH_MESSAGES, type RankingChanged } from "~/realtime/events";
import { MAX_WATCHES_PER_SOCKET, notifyRankingChanged } from "~/realtime/realtime.server";
import { answerKeyInDisplayOrder, startEntryViaHttp } from "../support/entries";
import { nextConnect, recordEvents, roundTrip, WAIT_LIMIT_MS } from "../support/live";
import { DEMO_PASSWORD, startTestApp, type TestApp } from "../support/test-app";

// Real app, real PostgreSQL (with the socket.io PostgreSQL adapter), real socket.io clients. No
// test sleeps: each waits for the event it expects, or shows that one did not come by a round
// trip on the same connection (test/support/live.ts). The timing of the merging of notices is
// tested with a controlled clock in app/realtime/coalesce.test.ts; here only that they arrive,
// merged.

let app: TestApp;
let contestId: number;
let otherContestId: number;
let draftContestId: number;
let rounds: { id: number; number: number }[];
let groupId: number;
let otherGroupId: number;
const unit: Record<string, number> = {};
const cookies: Record<string, string> = {};
const sockets: Socket[] = [];

const PROVINCE_LEADER = "lanhdao.tinh@demo.cchc.vn";

beforeAll(async () => {
  app = await startTestApp();
  const { db } = app;
  const contest = await db.selectFrom("contests").select(["id", "owner_unit_id"]).executeTakeFirstOrThrow();
  contestId = contest.id;
  rounds = await db.selectFrom("rounds").select(["id", "number"]).where("contest_id", "=", contestId).orderBy("number").execute();
  for (const code of ["MH", "MH-P-MHA", "MH-STC", "MH-X-TPH"]) unit[code] = (await db.selectFrom("units").select("id").where("code", "=", code).executeTakeFirstOrThrow()).id;
  groupId = (await db.selectFrom("contest_groups").select("id").where("contest_id", "=", contestId).executeTakeFirstOrThrow()).id;
  const insertContest = async (slug: string, status: "draft" | "published") =>
    (
      await db
        .insertInto("contests")
        .values({ slug, title: `Cuộc thi ${slug}`, rules: "Thể lệ của cuộc thi thử.", owner_unit_id: contest.owner_unit_id, status })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;
  otherContestId = await insertContest("cuoc-thi-khac", "published");
  draftContestId = await insertContest("cuoc-thi-nhap", "draft");
  otherGroupId = (await db.insertInto("contest_groups").values({ contest_id: otherContestId, name: "Bảng khác" }).returning("id").executeTakeFirstOrThrow()).id;
  await createAccount(db, { fullName: "Phạm Văn Tỉnh", login: { kind: "email", email: PROVINCE_LEADER }, password: DEMO_PASSWORD, unitId: unit.MH, role: "leader" });

  for (const [who, login] of [
    ["contestant", "thisinh@demo.cchc.vn"],
    ["leader", "lanhdao@demo.cchc.vn"],
    ["provinceLeader", PROVINCE_LEADER],
    ["organizer", "bantochuc@demo.cchc.vn"],
    ["admin", "quantri@demo.cchc.vn"],
  ] as const) {
    const client = app.client();
    await client.login(login, DEMO_PASSWORD);
    cookies[who] = client.cookieHeader();
  }
});

afterAll(async () => {
  for (const socket of sockets) socket.close();
  await app?.close();
});

type Who = "anonymous" | "contestant" | "leader" | "provinceLeader" | "organizer" | "admin";

async function connected(who: Who): Promise<Socket> {
  const socket = connect(app.baseUrl, {
    transports: ["websocket"],
    forceNew: true,
    reconnectionDelay: 50,
    reconnectionDelayMax: 100,
    // As a page of the site: the handshake must name the site's origin.
    extraHeaders: who === "anonymous" ? { origin: app.baseUrl } : { origin: app.baseUrl, cookie: cookies[who] },
  });
  sockets.push(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", () => resolve());
    socket.once("connect_error", reject);
  });
  return socket;
}

/** The rooms the server put this socket in, besides its own. */
function roomsOf(socket: Socket): string[] {
  const server = app.io.of("/").sockets.get(socket.id!);
  return [...(server?.rooms ?? [])].filter((room) => room !== socket.id);
}

async function setRankingPublic(id: number, rankingPublic: boolean) {
  await app.db.updateTable("contests").set({ ranking_public: rankingPublic }).where("id", "=", id).execute();
}

const notices = (socket: Socket) => recordEvents<RankingChanged>(socket, "ranking:changed");

/** Resolves when the server puts `socket` in `room`; rejects after a bound. */
function serverJoins(socket: Socket, room: string): Promise<void> {
  const adapter = app.io.of("/").adapter;
  return new Promise((resolve, reject) => {
    const joined = (joinedRoom: string, id: string) => {
      if (joinedRoom !== room || id !== socket.id) return;
      adapter.off("join-room", joined);
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      adapter.off("join-room", joined);
      reject(new Error(`the server did not put the socket in ${room}`));
    }, WAIT_LIMIT_MS);
    adapter.on("join-room", joined);
  });
}

describe("watch requests are checked", () => {
  it("refuses malformed requests with a Vietnamese message and joins nothing", async () => {
    const socket = await connected("organizer");
    for (const payload of [null, undefined, 42, "ranking/1/*/*/*/people", {}, { roundId: "1" }, { roundId: -4 }, { contestId: 1.5 }, { contestId, view: "everything" }, { contestId, unitId: 0 }, { contestId, admin: true }, [contestId]]) {
      expect(await socket.emitWithAck("ranking:watch", payload)).toEqual({ ok: false, message: WATCH_MESSAGES.invalid });
    }
    expect(roomsOf(socket)).toEqual([]);
    // Still connected and served afterwards: nothing crashed.
    expect((await socket.emitWithAck("ranking:watch", { contestId })).ok).toBe(true);
  });

  it("a request without an acknowledgement callback is ignored quietly", async () => {
    await setRankingPublic(contestId, true);
    const socket = await connected("anonymous");
    const room = `ranking/${contestId}/*/*/*/units`;
    const joined = serverJoins(socket, room);
    socket.emit("ranking:watch", { contestId: "x" });
    socket.emit("ranking:unwatch", "nonsense");
    socket.emit("ranking:watch", { contestId, view: "units" });
    // The last one, valid, is served: the two before it were handled without breaking anything.
    await joined;
    expect(socket.connected).toBe(true);
    expect(roomsOf(socket)).toEqual([room]);
  });

  it("refuses what does not exist or does not belong to the contest", async () => {
    const socket = await connected("organizer");
    const refusals: [unknown, string][] = [
      [{ contestId: 987654 }, WATCH_MESSAGES.contestNotFound],
      [{ roundId: 987654 }, WATCH_MESSAGES.roundNotFound],
      [{ contestId: otherContestId, roundId: rounds[0].id }, WATCH_MESSAGES.roundNotFound],
      [{ contestId, groupId: otherGroupId }, WATCH_MESSAGES.groupNotFound],
      [{ contestId, unitId: 987654 }, WATCH_MESSAGES.unitNotFound],
    ];
    for (const [payload, message] of refusals) expect(await socket.emitWithAck("ranking:watch", payload)).toEqual({ ok: false, message });
    expect(roomsOf(socket)).toEqual([]);
  });

  it("names the room after the scope; a round implies its contest", async () => {
    const socket = await connected("organizer");
    expect(await socket.emitWithAck("ranking:watch", { roundId: rounds[0].id })).toEqual({ ok: true, room: `ranking/${contestId}/${rounds[0].id}/*/*/people` });
    expect(await socket.emitWithAck("ranking:watch", { contestId, roundId: rounds[0].id, groupId, unitId: unit["MH-STC"], view: "units" })).toEqual({
      ok: true,
      room: `ranking/${contestId}/${rounds[0].id}/${groupId}/${unit["MH-STC"]}/units`,
    });
    expect(roomsOf(socket).sort()).toEqual([`ranking/${contestId}/${rounds[0].id}/${groupId}/${unit["MH-STC"]}/units`, `ranking/${contestId}/${rounds[0].id}/*/*/people`].sort());
    expect(await socket.emitWithAck("ranking:unwatch", { room: `ranking/${contestId}/${rounds[0].id}/*/*/people` })).toEqual({ ok: true });
    expect(await socket.emitWithAck("ranking:unwatch", { room: socket.id })).toEqual({ ok: false });
    expect(roomsOf(socket)).toEqual([`ranking/${contestId}/${rounds[0].id}/${groupId}/${unit["MH-STC"]}/units`]);
  });

  it(`lets one connection watch at most ${MAX_WATCHES_PER_SOCKET} boards`, async () => {
    const socket = await connected("organizer");
    const units = await app.db.selectFrom("units").select("id").orderBy("id").limit(MAX_WATCHES_PER_SOCKET + 1).execute();
    for (const u of units.slice(0, MAX_WATCHES_PER_SOCKET)) expect((await socket.emitWithAck("ranking:watch", { contestId, unitId: u.id })).ok).toBe(true);
    // Watching one already watched again is fine; a new one is not.
    expect((await socket.emitWithAck("ranking:watch", { contestId, unitId: units[0].id })).ok).toBe(true);
    const refused = await socket.emitWithAck("ranking:watch", { contestId, unitId: units[MAX_WATCHES_PER_SOCKET].id });
    expect(refused.ok).toBe(false);
    expect(roomsOf(socket)).toHaveLength(MAX_WATCHES_PER_SOCKET);
  });
});

describe("socket rooms follow the ranking read rule", () => {
  const watch = async (who: Who, payload: Record<string, unknown>) => {
    const socket = await connected(who);
    const reply = await socket.emitWithAck("ranking:watch", payload);
    const rooms = roomsOf(socket);
    socket.close();
    // A refusal joins nothing; an acceptance joins exactly the room it names.
    expect(rooms).toEqual(reply.ok ? [reply.room] : []);
    return reply.ok ? "ok" : reply.message;
  };

  it("contestants and anonymous viewers: the public ranking of a public contest only", async () => {
    await setRankingPublic(contestId, true);
    for (const who of ["anonymous", "contestant"] as const) {
      expect(await watch(who, { contestId })).toBe("ok");
      expect(await watch(who, { roundId: rounds[0].id, view: "units" })).toBe("ok");
      expect(await watch(who, { contestId, unitId: unit["MH-STC"] })).toBe("ok");
      expect(await watch(who, { contestId, view: "dashboard" })).toBe(WATCH_MESSAGES.dashboardOnly);
    }
    await setRankingPublic(contestId, false);
    for (const who of ["anonymous", "contestant"] as const) {
      expect(await watch(who, { contestId })).toBe(WATCH_MESSAGES.notPublic);
      expect(await watch(who, { roundId: rounds[0].id, view: "units" })).toBe(WATCH_MESSAGES.notPublic);
      expect(await watch(who, { contestId, unitId: unit["MH-X-TPH"] })).toBe(WATCH_MESSAGES.notPublic);
    }
    await setRankingPublic(contestId, true);
  });

  it("a department leader: the own subtree always; elsewhere only a public board, never another unit's dashboard", async () => {
    await setRankingPublic(contestId, false);
    for (const view of ["people", "units", "dashboard"]) {
      expect(await watch("leader", { contestId, unitId: unit["MH-P-MHA"], view })).toBe("ok");
      expect(await watch("leader", { roundId: rounds[1].id, unitId: unit["MH-P-MHA"], view })).toBe("ok");
      expect(await watch("leader", { contestId, unitId: unit["MH-STC"], view })).toBe(WATCH_MESSAGES.outsideSubtree);
      expect(await watch("leader", { contestId, unitId: unit.MH, view })).toBe(WATCH_MESSAGES.outsideSubtree);
      expect(await watch("leader", { contestId, view })).toBe(WATCH_MESSAGES.outsideSubtree);
    }
    await setRankingPublic(contestId, true);
    expect(await watch("leader", { contestId, unitId: unit["MH-STC"] })).toBe("ok");
    expect(await watch("leader", { contestId, view: "units" })).toBe("ok");
    expect(await watch("leader", { contestId, unitId: unit["MH-STC"], view: "dashboard" })).toBe(WATCH_MESSAGES.outsideSubtree);
    expect(await watch("leader", { contestId, unitId: unit["MH-P-MHA"], view: "dashboard" })).toBe("ok");
  });

  it("a province leader, organizers and admins: everything, public or not", async () => {
    for (const rankingPublic of [false, true]) {
      await setRankingPublic(contestId, rankingPublic);
      for (const who of ["provinceLeader", "organizer", "admin"] as const) {
        for (const view of ["people", "units", "dashboard"]) {
          expect(await watch(who, { contestId, view })).toBe("ok");
          expect(await watch(who, { roundId: rounds[0].id, groupId, unitId: unit["MH-STC"], view })).toBe("ok");
        }
      }
    }
  });

  it("a draft contest exists for its organizers only", async () => {
    expect(await watch("organizer", { contestId: draftContestId, view: "dashboard" })).toBe("ok");
    for (const who of ["anonymous", "contestant", "leader", "provinceLeader"] as const) expect(await watch(who, { contestId: draftContestId })).toBe(WATCH_MESSAGES.contestNotFound);
  });

  it("the role and unit are read at each watch, so a change takes effect at once", async () => {
    await setRankingPublic(contestId, false);
    const socket = await connected("contestant");
    expect((await socket.emitWithAck("ranking:watch", { contestId, view: "dashboard" })).ok).toBe(false);
    await app.db.updateTable("users").set({ role: "organizer" }).where("email", "=", "thisinh@demo.cchc.vn").execute();
    try {
      expect((await socket.emitWithAck("ranking:watch", { contestId, view: "dashboard" })).ok).toBe(true);
    } finally {
      await app.db.updateTable("users").set({ role: "contestant" }).where("email", "=", "thisinh@demo.cchc.vn").execute();
      await setRankingPublic(contestId, true);
    }
  });

  it("a forged or foreign session cookie reads as not logged in", async () => {
    await setRankingPublic(contestId, false);
    const forged = cookies.organizer.replace(/__session=([^;]+)/, (_, value: string) => `__session=${value.slice(0, -3)}abc`);
    const socket = connect(app.baseUrl, { transports: ["websocket"], forceNew: true, extraHeaders: { origin: app.baseUrl, cookie: forged } });
    sockets.push(socket);
    await new Promise((resolve) => socket.once("connect", () => resolve(undefined)));
    expect(await socket.emitWithAck("ranking:watch", { contestId })).toEqual({ ok: false, message: WATCH_MESSAGES.notPublic });
    await setRankingPublic(contestId, true);
  });
});

describe("notices", () => {
  it("reach the watchers of the round and of the whole contest, not of another round nor refused viewers; ids and time only", async () => {
    await setRankingPublic(contestId, false);
    const roundWatcher = await connected("organizer");
    const contestWatcher = await connected("leader");
    const otherRound = await connected("provinceLeader");
    const refused = await connected("contestant");
    expect((await roundWatcher.emitWithAck("ranking:watch", { roundId: rounds[0].id })).ok).toBe(true);
    expect((await contestWatcher.emitWithAck("ranking:watch", { contestId, unitId: unit["MH-P-MHA"], view: "dashboard" })).ok).toBe(true);
    expect((await otherRound.emitWithAck("ranking:watch", { roundId: rounds[1].id, view: "units" })).ok).toBe(true);
    expect((await refused.emitWithAck("ranking:watch", { contestId })).ok).toBe(false);
    const [a, b, c, d] = [roundWatcher, contestWatcher, otherRound, refused].map(notices);

    const before = Date.now();
    notifyRankingChanged(app.io, { contestId, roundId: rounds[0].id });
    await Promise.all([a.until((seen) => seen.length === 1, "the round watcher's notice"), b.until((seen) => seen.length === 1, "the contest watcher's notice")]);
    const after = Date.now();
    // Sent to every room at once: anything for the others would have arrived before these replies.
    await Promise.all([roundWatcher, contestWatcher, otherRound, refused].map(roundTrip));
    expect([a.seen.length, b.seen.length]).toEqual([1, 1]);
    expect(c.seen).toEqual([]);
    expect(d.seen).toEqual([]);
    expect(Object.keys(a.seen[0]).sort()).toEqual(["at", "room", "roundId", "scope", "version"]);
    expect(a.seen[0]).toMatchObject({ room: `ranking/${contestId}/${rounds[0].id}/*/*/people`, roundId: rounds[0].id, scope: { contestId, roundId: rounds[0].id, groupId: null, unitId: null, view: "people" } });
    expect(b.seen[0]).toMatchObject({ room: `ranking/${contestId}/*/*/${unit["MH-P-MHA"]}/dashboard`, roundId: rounds[0].id });
    // The server's clock when it sent the notice (the server runs in this process).
    expect(Date.parse(a.seen[0].at)).toBeGreaterThanOrEqual(before);
    expect(Date.parse(a.seen[0].at)).toBeLessThanOrEqual(after);

    // Versions increase from one notice of the round to the next.
    notifyRankingChanged(app.io, { contestId, roundId: rounds[0].id });
    const second = await a.next();
    expect(second.version).toBeGreaterThan(a.seen[0].version);
    await setRankingPublic(contestId, true);
  });

  it("tells watchers of the round when an entry is submitted over HTTP", async () => {
    const watcher = await connected("anonymous");
    expect((await watcher.emitWithAck("ranking:watch", { roundId: rounds[0].id })).ok).toBe(true);
    const received = notices(watcher);
    const client = app.client();
    await client.login("thisinh@demo.cchc.vn", DEMO_PASSWORD);
    const slug = (await app.db.selectFrom("contests").select("slug").where("id", "=", contestId).executeTakeFirstOrThrow()).slug;
    const entryId = await startEntryViaHttp(client, slug, rounds[0].id);
    // Starting an entry changes the counters: one notice. Saving an answer sends none, so the next
    // notice can only come from the submit.
    await received.until((seen) => seen.length === 1, "the start's notice");
    const [q] = await answerKeyInDisplayOrder(app.db, entryId);
    expect((await client.postJson(`/api/entries/${entryId}/answers`, { position: q.position, chosen: q.correctDisplay, revision: 1 })).status).toBe(200);
    const submitNotice = received.next(undefined, "the submit's notice");
    expect((await client.postForm(`/bai-thi/${entryId}`, { intent: "submit" })).status).toBe(302);
    expect(await submitNotice).toMatchObject({ roundId: rounds[0].id, room: `ranking/${contestId}/${rounds[0].id}/*/*/people` });
  });

  it("merge a burst into one message per scope, and deliver a change made while one is cooling down", async () => {
    const watcher = await connected("organizer");
    const rooms = [`ranking/${contestId}/${rounds[1].id}/*/*/people`, `ranking/${contestId}/*/*/*/dashboard`];
    expect((await watcher.emitWithAck("ranking:watch", { roundId: rounds[1].id })).ok).toBe(true);
    expect((await watcher.emitWithAck("ranking:watch", { contestId, view: "dashboard" })).ok).toBe(true);
    const received = notices(watcher);
    const perRoom = () => rooms.map((room) => received.seen.filter((n) => n.room === room && n.roundId === rounds[1].id).length);

    for (let i = 0; i < 1000; i++) notifyRankingChanged(app.io, { contestId, roundId: rounds[1].id });
    await received.until(() => perRoom().every((n) => n >= 1), "a notice in each watched room");
    // Unmerged, the other 999 would have been sent with the first: they would be here by now.
    await roundTrip(watcher);
    expect(perRoom()).toEqual([1, 1]);

    // A change while the scope cools down is not dropped: it comes once the interval ends.
    notifyRankingChanged(app.io, { contestId, roundId: rounds[1].id });
    await received.until(() => perRoom().every((n) => n >= 2), "the cooled-down notice in each watched room");
    await roundTrip(watcher);
    expect(perRoom()).toEqual([2, 2]);
    const people = received.seen.filter((n) => n.room === rooms[0]);
    expect(people[1].version).toBeGreaterThan(people[0].version);
  });

  it("a dropped connection loses its rooms; watching again on reconnect resumes the notices", async () => {
    const socket = await connected("organizer");
    const payload = { roundId: rounds[0].id };
    expect((await socket.emitWithAck("ranking:watch", payload)).ok).toBe(true);
    const received = notices(socket);
    // Another screen of the same round: its notice says when the one above would have been sent.
    const observer = await connected("organizer");
    expect((await observer.emitWithAck("ranking:watch", payload)).ok).toBe(true);
    const observed = notices(observer);

    // Drop the transport under the client, as a network loss does; it reconnects by itself.
    let reconnected = nextConnect(socket);
    socket.io.engine.close();
    await reconnected;
    expect(roomsOf(socket)).toEqual([]);
    const notifiedAt = Date.now();
    notifyRankingChanged(app.io, { contestId, roundId: rounds[0].id });
    await observed.next((n) => Date.parse(n.at) >= notifiedAt, "the observer's notice");
    await roundTrip(socket);
    expect(received.seen).toEqual([]);

    // As a page does on every connect: watch again.
    reconnected = nextConnect(socket);
    socket.io.engine.close();
    await reconnected;
    expect((await socket.emitWithAck("ranking:watch", payload)).ok).toBe(true);
    notifyRankingChanged(app.io, { contestId, roundId: rounds[0].id });
    expect(await received.next(undefined, "the notice after watching again")).toMatchObject({ roundId: rounds[0].id });
  });

  it("making a ranking private drops its watchers, who must watch again and are then refused", async () => {
    await setRankingPublic(contestId, true);
    const contestant = await connected("contestant");
    const organizer = await connected("organizer");
    expect((await contestant.emitWithAck("ranking:watch", { contestId })).ok).toBe(true);
    expect((await organizer.emitWithAck("ranking:watch", { contestId })).ok).toBe(true);
    const resyncs = recordEvents<{ contestId: number }>(contestant, "ranking:resync");

    const form = app.client();
    await form.login("bantochuc@demo.cchc.vn", DEMO_PASSWORD);
    const before = await app.db.selectFrom("contests").selectAll().where("id", "=", contestId).executeTakeFirstOrThrow();
    const response = await form.postForm(`/quan-ly/cuoc-thi/${contestId}`, {
      intent: "update",
      title: before.title,
      slug: before.slug,
      rules: before.rules,
      prizes: before.prizes,
      ownerUnitId: before.owner_unit_id,
      // rankingPublic unchecked: the browser sends nothing.
    });
    expect(response.status).toBe(200);
    await resyncs.until((seen) => seen.length === 1, "the resync request");
    expect(resyncs.seen).toEqual([{ contestId }]);
    expect(roomsOf(contestant)).toEqual([]);
    expect(await contestant.emitWithAck("ranking:watch", { contestId })).toEqual({ ok: false, message: WATCH_MESSAGES.notPublic });
    expect((await organizer.emitWithAck("ranking:watch", { contestId })).ok).toBe(true);
    await setRankingPublic(contestId, true);
  });
});
