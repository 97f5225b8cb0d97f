import type { DB } from "~/database/connection.server";
import type { Role } from "~/database/schema";
import { createAccount } from "~/accounts/accounts.server";
import { insertUnitTree } from "~/units/units.server";
import { DEMO_PROVINCE } from "./demo-units";

export const DEMO_CONTEST_SLUG = "thi-thu-cchc-chuyen-doi-so";

export interface DemoAccount {
  role: Role;
  email: string;
  fullName: string;
  unitCode: string;
}

export const DEMO_ACCOUNTS: DemoAccount[] = [
  { role: "admin", email: "quantri@demo.cchc.vn", fullName: "Quản Trị Hệ Thống", unitCode: "MH-VP" },
  { role: "organizer", email: "bantochuc@demo.cchc.vn", fullName: "Nguyễn Thị Tổ Chức", unitCode: "MH-SNV-CCHC" },
  { role: "leader", email: "lanhdao@demo.cchc.vn", fullName: "Trần Văn Lãnh Đạo", unitCode: "MH-P-MHA" },
  { role: "contestant", email: "thisinh@demo.cchc.vn", fullName: "Lê Thị Thí Sinh", unitCode: "MH-X-TPH" },
];

const DEMO_RULES = `1. Đối tượng: cán bộ, công chức, viên chức, người lao động đang công tác tại các cơ quan, đơn vị trên địa bàn tỉnh.
2. Mỗi lượt thi gồm 20 câu hỏi trắc nghiệm được rút ngẫu nhiên từ ngân hàng câu hỏi về cải cách hành chính và chuyển đổi số; mỗi câu đúng được 5 điểm, tối đa 100 điểm.
3. Thời gian làm mỗi lượt thi là 15 phút, tính theo đồng hồ của máy chủ. Hết giờ, bài thi được tự động nộp với các câu trả lời đã lưu.
4. Mỗi người được dự thi tối đa 3 lượt trong một đợt; lượt có điểm cao nhất được tính (bằng điểm thì tính lượt nộp sớm hơn).
5. Mỗi lượt thi có một câu hỏi dự đoán: số lượt dự thi của đợt. Xếp hạng theo thứ tự: điểm cao hơn; nếu bằng điểm, dự đoán gần đúng hơn; nếu vẫn bằng, thời gian làm bài ngắn hơn; nếu vẫn bằng, nộp bài sớm hơn.
6. Mỗi câu trả lời được lưu ngay khi chọn; có thể tải lại trang hoặc chuyển sang thiết bị khác mà không mất bài.`;

/**
 * Loads the demo (unit tree, accounts, an open contest) on first start. Idempotent: what
 * exists is left alone, so restarting never duplicates or resets anything.
 */
export async function seedDemo(db: DB, options: { password: string; bankKey: string }): Promise<{ created: boolean }> {
  return db.transaction().execute(async (trx) => {
    const province = await insertUnitTree(trx, DEMO_PROVINCE);
    for (const account of DEMO_ACCOUNTS) {
      const exists = await trx.selectFrom("users").select("id").where("email", "=", account.email).executeTakeFirst();
      if (exists) continue;
      const unit = await trx.selectFrom("units").select("id").where("code", "=", account.unitCode).executeTakeFirstOrThrow();
      await createAccount(trx, {
        fullName: account.fullName,
        login: { kind: "email", email: account.email },
        password: options.password,
        unitId: unit.id,
        role: account.role,
      });
    }
    const contest = await trx.selectFrom("contests").select("id").where("slug", "=", DEMO_CONTEST_SLUG).executeTakeFirst();
    if (contest) return { created: false };
    const bank = await trx.selectFrom("question_banks").select("id").where("key", "=", options.bankKey).executeTakeFirstOrThrow();
    const { id: contestId } = await trx
      .insertInto("contests")
      .values({
        slug: DEMO_CONTEST_SLUG,
        title: "Cuộc thi trực tuyến tìm hiểu cải cách hành chính và chuyển đổi số (thi thử)",
        rules: DEMO_RULES,
        owner_unit_id: province.id,
        status: "published",
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const { id: groupId } = await trx.insertInto("contest_groups").values({ contest_id: contestId, name: "Bảng chung" }).returning("id").executeTakeFirstOrThrow();
    await trx.insertInto("contest_group_units").values({ group_id: groupId, unit_id: province.id }).execute();
    const now = Date.now();
    const day = 24 * 60 * 60 * 1000;
    const blueprint = JSON.stringify([{ bankId: bank.id, count: 20 }]);
    await trx
      .insertInto("rounds")
      .values([
        {
          contest_id: contestId,
          number: 1,
          title: "Đợt thi thử",
          opens_at: new Date(now - 60 * 60 * 1000),
          closes_at: new Date(now + 365 * day),
          time_limit_seconds: 15 * 60,
          bank_id: bank.id,
          question_count: 20,
          blueprint,
          points_per_question: 5,
          max_entries: 3,
          review_policy: "after_submit",
          prediction_rule: "entries",
          prediction_prompt: "Theo bạn, đợt thi này sẽ có bao nhiêu lượt dự thi?",
        },
        {
          contest_id: contestId,
          number: 2,
          title: "Đợt thi chính thức",
          opens_at: new Date(now + 30 * day),
          closes_at: new Date(now + 37 * day),
          time_limit_seconds: 20 * 60,
          bank_id: bank.id,
          question_count: 20,
          blueprint,
          points_per_question: 5,
          max_entries: 2,
          review_policy: "after_close",
          prediction_rule: "participants",
          prediction_prompt: "Theo bạn, đợt thi này sẽ có bao nhiêu người dự thi?",
        },
      ])
      .execute();
    await trx
      .insertInto("contest_log")
      .values({ contest_id: contestId, action: "contest.created", details: JSON.stringify({ source: "demo" }) })
      .execute();
    return { created: true };
  });
}
