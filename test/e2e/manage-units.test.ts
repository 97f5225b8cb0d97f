import { expect, it } from "vitest";
import { journeyEnvironment, pickUnit } from "./support";

const environment = journeyEnvironment();

it("an organizer adds a unit, moves it under another department, and merges it into a room there", async () => {
  const context = await environment.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "vi-VN" });
  const page = await context.newPage();
  const base = environment.server.baseUrl;
  await page.goto(`${base}/dang-nhap`);
  await page.getByLabel("Email hoặc số điện thoại").fill("bantochuc@demo.cchc.vn");
  await page.getByLabel("Mật khẩu").fill("Demo@2026");
  await page.getByRole("button", { name: "Đăng nhập" }).click();
  await page.waitForURL(`${base}/`);

  await page.goto(`${base}/quan-ly`);
  await page.getByRole("link", { name: "Đơn vị", exact: true }).click();
  await page.waitForURL(`${base}/quan-ly/don-vi`);
  await page.getByRole("link", { name: "Thêm đơn vị" }).click();
  await page.waitForURL(`${base}/quan-ly/don-vi/moi`);

  // A first try with a negative headcount is refused and keeps what was typed.
  await page.getByLabel("Mã đơn vị").fill("mh-stp-tgpl");
  await page.getByLabel("Tên đơn vị").fill("Trung tâm Trợ giúp pháp lý");
  await page.getByLabel("Loại đơn vị").selectOption({ label: "Đơn vị trực thuộc" });
  await page.getByLabel("Số biên chế riêng").fill("-3");
  await pickUnit(page, "Đơn vị cấp trên", "so tu phap", "Sở Tư pháp");
  await page.getByRole("button", { name: "Thêm đơn vị" }).click();
  await page.getByText("Số biên chế không được là số âm").waitFor();
  await expect.poll(() => page.getByLabel("Tên đơn vị").inputValue()).toBe("Trung tâm Trợ giúp pháp lý");
  await page.getByLabel("Số biên chế riêng").fill("12");
  await page.getByRole("button", { name: "Thêm đơn vị" }).click();
  await page.waitForURL(/\/quan-ly\/don-vi\/\d+\?da=them$/);
  await page.getByRole("heading", { name: "Trung tâm Trợ giúp pháp lý" }).waitFor();
  await page.getByText("Đã thêm đơn vị.").waitFor();
  await expect.poll(() => page.getByText("MH-STP-TGPL", { exact: true }).count()).toBe(1);
  await expect.poll(() => page.getByRole("link", { name: "Sở Tư pháp" }).count()).toBe(1);

  // Move it under Sở Nội vụ.
  const move = page.locator("section", { has: page.getByRole("heading", { name: "Chuyển đơn vị" }) });
  await pickUnit(move, "Đơn vị cấp trên mới", "so noi vu", "Sở Nội vụ");
  await move.getByLabel("Lý do chuyển (không bắt buộc)").fill("Điều chỉnh theo quyết định 15/QĐ-UBND");
  await move.getByRole("button", { name: "Chuyển đơn vị" }).click();
  await page.getByText("Đã chuyển đơn vị (1 đơn vị kể cả các đơn vị trực thuộc).").waitFor();
  await expect.poll(() => page.getByRole("link", { name: "Sở Nội vụ", exact: true }).count()).toBe(1);

  // Merge it into Phòng Cải cách hành chính: a preview first, then the confirmation.
  const merge = page.locator("section", { has: page.getByRole("heading", { name: "Sáp nhập vào đơn vị khác" }) });
  await pickUnit(merge, "Đơn vị nhận sáp nhập", "cai cach hanh chinh", "Phòng Cải cách hành chính — Sở Nội vụ");
  await merge.getByLabel("Lý do sáp nhập").fill("Sáp nhập theo quyết định 20/QĐ-UBND");
  await merge.getByRole("button", { name: "Xem trước sáp nhập" }).click();
  const preview = page.getByTestId("merge-preview");
  await expect.poll(() => preview.textContent()).toContain("0 người dùng sẽ chuyển sang “Phòng Cải cách hành chính”");
  await expect.poll(() => preview.textContent()).toContain("Biên chế riêng 12 được cộng vào đơn vị nhận");
  await page.screenshot({ path: "test-results/50-unit-merge-preview.png", fullPage: true });
  await preview.getByRole("button", { name: "Xác nhận sáp nhập" }).click();
  await page.getByText("Đã sáp nhập: 0 người dùng và 0 đơn vị trực thuộc đã chuyển sang đơn vị nhận.").waitFor();
  await expect.poll(() => page.getByTestId("unit-state").textContent()).toMatch(/^Đã sáp nhập vào Phòng Cải cách hành chính/);
  for (const line of ["Thêm đơn vị", "Chuyển đơn vị", "Sáp nhập vào đơn vị khác", "Sáp nhập theo quyết định 20/QĐ-UBND"]) {
    await expect.poll(() => page.getByTestId("unit-events").textContent()).toContain(line);
  }

  // The tree no longer lists it; the receiving room has its headcount (9 + 12).
  await page.goto(`${base}/quan-ly/don-vi?q=${encodeURIComponent("tro giup phap ly")}`);
  await page.getByText("Không có đơn vị nào khớp với tìm kiếm.").waitFor();
  await page.goto(`${base}/quan-ly/don-vi?q=MH-SNV-CCHC`);
  const row = page.getByTestId("unit-tree").locator("tbody tr").first();
  await expect.poll(() => row.locator("td.num").first().textContent()).toBe("21");
  await page.screenshot({ path: "test-results/51-unit-tree.png", fullPage: true });
  await context.close();
});
