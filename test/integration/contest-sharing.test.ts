import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_CONTEST_SLUG } from "~/demo/seed-demo.server";
import { DEMO_PASSWORD, startTestApp, type TestApp, type TestClient } from "../support/test-app";

// Finding and sharing a contest: the preview a link shows when pasted into a chat (Open Graph),
// the organizer's QR code and printable poster, and the address made from the title.

let app: TestApp;
let organizer: TestClient;
let contestId: number;

beforeAll(async () => {
  app = await startTestApp();
  organizer = app.client();
  await organizer.login("bantochuc@demo.cchc.vn", DEMO_PASSWORD);
  contestId = (await app.db.selectFrom("contests").select("id").where("slug", "=", DEMO_CONTEST_SLUG).executeTakeFirstOrThrow()).id;
});
afterAll(() => app.close());

/** The <meta> tags of a page, by property or name. */
function metaTags(html: string): Map<string, string> {
  const tags = new Map<string, string>();
  for (const [tag] of html.matchAll(/<meta\b[^>]*>/g)) {
    const key = /\b(?:property|name)="([^"]+)"/.exec(tag)?.[1];
    const content = /\bcontent="([^"]*)"/.exec(tag)?.[1];
    if (key && content !== undefined) tags.set(key, content.replace(/&amp;/g, "&").replace(/&quot;/g, '"'));
  }
  return tags;
}

async function pageTags(client: TestClient, path: string, headers: Record<string, string> = {}) {
  const response = await client.request(path, { headers });
  expect(response.status).toBe(200);
  return metaTags(await response.text());
}

/** Fetches an image the way a crawler does: anonymous, from its absolute address. */
async function fetchImage(url: string) {
  const response = await fetch(url);
  return { status: response.status, type: response.headers.get("content-type") ?? "", bytes: (await response.arrayBuffer()).byteLength };
}

describe("share previews of public contest pages", () => {
  it("the landing page carries Open Graph and Twitter tags with absolute, fetchable addresses; X-Forwarded-Host is not believed", async () => {
    const contest = await app.db.selectFrom("contests").select(["title"]).where("id", "=", contestId).executeTakeFirstOrThrow();
    const tags = await pageTags(app.client(), `/cuoc-thi/${DEMO_CONTEST_SLUG}`, { "X-Forwarded-Host": "evil.example" });
    expect(tags.get("og:title")).toBe(contest.title);
    expect(tags.get("og:type")).toBe("website");
    expect(tags.get("og:url")).toBe(`${app.baseUrl}/cuoc-thi/${DEMO_CONTEST_SLUG}`);
    expect(tags.get("og:description")?.length).toBeGreaterThan(20);
    expect(tags.get("og:description")!.length).toBeLessThanOrEqual(200);
    expect(tags.get("description")).toBe(tags.get("og:description"));
    // No banner yet: the site's own picture, small card.
    const image = tags.get("og:image")!;
    expect(image).toBe(`${app.baseUrl}/icons/icon-512.png`);
    expect(tags.get("twitter:card")).toBe("summary");
    const fetched = await fetchImage(image);
    expect(fetched.status).toBe(200);
    expect(fetched.type).toMatch(/^image\//);
    expect(fetched.bytes).toBeGreaterThan(0);
  });

  it("uses the contest's banner once there is one: absolute, fetchable by anyone, shown large", async () => {
    // A 1×1 PNG, as the banner upload would have stored it.
    const png = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64");
    await app.db.updateTable("contests").set({ banner: png, banner_type: "image/png" }).where("id", "=", contestId).execute();
    try {
      const tags = await pageTags(app.client(), `/cuoc-thi/${DEMO_CONTEST_SLUG}`);
      const image = tags.get("og:image")!;
      expect(image).toBe(`${app.baseUrl}/cuoc-thi/${DEMO_CONTEST_SLUG}/anh-bia`);
      expect(tags.get("twitter:card")).toBe("summary_large_image");
      const fetched = await fetchImage(image);
      expect(fetched).toEqual({ status: 200, type: "image/png", bytes: png.byteLength });
    } finally {
      await app.db.updateTable("contests").set({ banner: null, banner_type: null }).where("id", "=", contestId).execute();
    }
  });

  it("the ranking and results pages carry their own address and title", async () => {
    const ranking = await pageTags(app.client(), `/cuoc-thi/${DEMO_CONTEST_SLUG}/xep-hang?dot=1`);
    expect(ranking.get("og:url")).toBe(`${app.baseUrl}/cuoc-thi/${DEMO_CONTEST_SLUG}/xep-hang`);
    expect(ranking.get("og:title")).toMatch(/^Bảng xếp hạng · /);
    expect(ranking.get("og:image")).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
    const results = await pageTags(app.client(), `/cuoc-thi/${DEMO_CONTEST_SLUG}/ket-qua`);
    expect(results.get("og:url")).toBe(`${app.baseUrl}/cuoc-thi/${DEMO_CONTEST_SLUG}/ket-qua`);
    expect(results.get("og:title")).toMatch(/^Kết quả · /);
    expect(results.get("twitter:card")).toBe("summary");
  });
});

describe("the organizer's QR code and poster", () => {
  const address = () => `${app.baseUrl}/cuoc-thi/${DEMO_CONTEST_SLUG}`;

  it("the contest page shows the public address with its QR code and a link to the poster", async () => {
    const response = await organizer.get(`/quan-ly/cuoc-thi/${contestId}`);
    expect(response.status).toBe(200);
    const html = await response.text();
    const section = /<section[^>]*data-testid="contest-share"[\s\S]*?<\/section>/.exec(html)?.[0] ?? "";
    expect(section).toContain(`href="${address()}"`);
    expect(section).toMatch(/<svg[^>]*aria-label="Mã QR dẫn tới [^"]+"[\s\S]*<path d="M\d/);
    expect(section).toContain(`/quan-ly/cuoc-thi/${contestId}/ap-phich`);
  });

  it("the poster is the organizer's: title, rounds' dates, QR code, the address in words and how to take part", async () => {
    const response = await organizer.get(`/quan-ly/cuoc-thi/${contestId}/ap-phich`);
    expect(response.status).toBe(200);
    const html = await response.text();
    const contest = await app.db.selectFrom("contests").select("title").where("id", "=", contestId).executeTakeFirstOrThrow();
    expect(html).toContain(`<h1>${contest.title}</h1>`);
    expect(html).toMatch(new RegExp(`data-testid="poster-url"[^>]*>${address().replace(/[.]/g, "\\.")}<`));
    expect(html).toMatch(/<svg[^>]*class="poster__qr"[\s\S]*?<path d="M\d/);
    expect(html).toMatch(/data-testid="poster-rounds"[\s\S]*?từ \d{2}:\d{2} \d{2}\/\d{2}\/\d{4} đến /);
    for (const step of ["Đăng ký", "Đăng nhập", "Bắt đầu làm bài", "@page { size: A4"]) expect(html).toContain(step);

    const contestant = app.client();
    await contestant.login("thisinh@demo.cchc.vn", DEMO_PASSWORD);
    expect((await contestant.get(`/quan-ly/cuoc-thi/${contestId}/ap-phich`)).status).toBe(403);
    const leader = app.client();
    await leader.login("lanhdao@demo.cchc.vn", DEMO_PASSWORD);
    expect((await leader.get(`/quan-ly/cuoc-thi/${contestId}/ap-phich`)).status).toBe(403);
    const anonymous = await app.client().get(`/quan-ly/cuoc-thi/${contestId}/ap-phich`);
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("location")).toMatch(/^\/dang-nhap/);
  });
});

describe("the address made from the title", () => {
  const province = () => app.db.selectFrom("units").select("id").where("code", "=", "MH").executeTakeFirstOrThrow();
  async function create(title: string, slug: string) {
    return organizer.postForm("/quan-ly/cuoc-thi", { title, slug, rules: "Thể lệ của cuộc thi.", prizes: "", ownerUnitId: (await province()).id });
  }
  const slugOf = async (response: Response) => {
    const id = Number(/\/quan-ly\/cuoc-thi\/(\d+)$/.exec(response.headers.get("location") ?? "")?.[1]);
    return (await app.db.selectFrom("contests").select("slug").where("id", "=", id).executeTakeFirstOrThrow()).slug;
  };

  it("a blank address is made from the title, with -2, -3 when taken; the title's own address as filled in is made unique too", async () => {
    const first = await create("Cuộc thi Đổi mới sáng tạo năm 2027", "");
    expect(first.status).toBe(302);
    expect(await slugOf(first)).toBe("cuoc-thi-doi-moi-sang-tao-nam-2027");
    expect(await slugOf(await create("Cuộc thi đổi mới sáng tạo, năm 2027!", ""))).toBe("cuoc-thi-doi-moi-sang-tao-nam-2027-2");
    // What the form fills in as the title is typed, sent as it is.
    expect(await slugOf(await create("Cuộc thi Đổi mới sáng tạo năm 2027", "cuoc-thi-doi-moi-sang-tao-nam-2027"))).toBe("cuoc-thi-doi-moi-sang-tao-nam-2027-3");
  });

  it("an address the organizer chose is refused when another contest has it", async () => {
    const refused = await create("Một cuộc thi khác hẳn", DEMO_CONTEST_SLUG);
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain("Đường dẫn này đã được cuộc thi khác dùng.");
  });
});

describe("a leader's links to exports and awards", () => {
  it("the leader's home and dashboard link to the export and awards pages, which open for the leader and lead back to the dashboard", async () => {
    const leader = app.client();
    await leader.login("lanhdao@demo.cchc.vn", DEMO_PASSWORD);
    for (const page of ["/lanh-dao", `/lanh-dao/cuoc-thi/${contestId}`]) {
      const html = await (await leader.get(page)).text();
      const nav = /<nav[^>]*data-testid="leader-links"[\s\S]*?<\/nav>/.exec(html)?.[0] ?? "";
      const links = [...nav.matchAll(/href="([^"]+)"/g)].map((m) => m[1]);
      expect(links, page).toEqual([`/quan-ly/cuoc-thi/${contestId}/xuat`, `/quan-ly/cuoc-thi/${contestId}/khen-thuong`]);
      for (const link of links) {
        const opened = await leader.get(link);
        expect(opened.status, link).toBe(200);
        // Not the organizer's contest page, which refuses a leader.
        expect(await opened.text(), link).toContain(`href="/lanh-dao/cuoc-thi/${contestId}"`);
      }
    }
  });
});
