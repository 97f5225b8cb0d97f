import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireRole } from "~/auth/auth.server";
import { parIndexRuleSchema } from "~/awards/par-index";
import { TextField } from "~/components/field";
import { findContest } from "~/contests/contests.server";
import { exportChoices, parseContestId } from "~/exports/export-page.server";
import { PAR_LINE_LABELS } from "~/exports/export-labels";
import { getParRule, parPointsTable, saveParRule } from "~/exports/par-points.server";
import { handleIntents, intent } from "~/http/form-actions.server";
import { fieldValue, formKey } from "~/http/forms";
import { parseIntId } from "~/http/url-ids";
import type { RankingScope } from "~/rankings/rankings.server";
import { formatNumber } from "~/text/format";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Điểm Chỉ số CCHC · ${data?.contest.title ?? "Cuộc thi"}` }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requireRole(context.db, request, ["organizer"]);
  const contestId = parseContestId(params.id);
  const choices = await exportChoices(context.db, contestId, null);
  if (!choices) throw new Response("Không tìm thấy cuộc thi.", { status: 404 });
  const url = new URL(request.url);
  // Unknown choices in the address fall back to the defaults: the whole contest, every group, the top of the tree.
  const roundId = parseIntId(url.searchParams.get("dot"));
  const round = choices.rounds.find((r) => r.id === roundId) ?? null;
  const groupId = parseIntId(url.searchParams.get("bang"));
  const group = choices.groups.find((g) => g.id === groupId) ?? null;
  const topUnit = choices.units.find((u) => u.depth === 0) ?? null;
  const parentId = parseIntId(url.searchParams.get("donvi"));
  const parent = choices.units.find((u) => u.id === parentId) ?? topUnit;
  const scope: RankingScope = round ? { kind: "round", roundId: round.id } : { kind: "contest", contestId };
  const { rule, saved } = await getParRule(context.db, contestId);
  const table = await parPointsTable(context.db, { scope, groupId: group?.id ?? null, parentUnitId: parent?.id ?? null, rule });
  return {
    ...choices,
    rule,
    saved,
    chosen: { roundId: round?.id ?? null, groupId: group?.id ?? null, parentId: parent?.id ?? null },
    rows: table.map((p) => ({
      unitId: p.unit.unitId,
      name: p.unit.name,
      headcount: p.unit.headcount,
      participants: p.unit.participants,
      rate: p.rate,
      points: p.points,
      line: p.line,
      explanation: p.explanation,
    })),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireRole(context.db, request, ["organizer"]);
  const contestId = parseContestId(params.id);
  const contest = await findContest(context.db, contestId);
  if (!contest) throw new Response("Không tìm thấy cuộc thi.", { status: 404 });
  return handleIntents(
    request,
    {
      rule: intent({
        schema: parIndexRuleSchema,
        run: async (rule) => {
          const { changed } = await saveParRule(context, contestId, rule, user.id);
          return { message: changed ? "Đã lưu quy tắc tính điểm." : "Quy tắc không thay đổi." };
        },
      }),
    },
    { implied: "rule" },
  );
}

const percent = (value: number | null) => (value === null ? "—" : `${new Intl.NumberFormat("vi-VN", { maximumFractionDigits: 2 }).format(value)}%`);
const signed = (value: number) => (value > 0 ? `+${formatNumber(value)}` : value < 0 ? `−${formatNumber(-value)}` : "0");

export default function ParPoints() {
  const { contest, rounds, groups, units, rule, saved, chosen, rows } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const errors = result?.fieldErrors ?? {};
  const field = (name: keyof typeof rule) => ({ name, defaultValue: fieldValue(result, name, rule[name]), error: errors[name] });
  return (
    <>
      <p className="small">
        <Link to={`/quan-ly/cuoc-thi/${contest.id}`}>← {contest.title}</Link>
      </p>
      <h1>Điểm Chỉ số CCHC (PAR INDEX) theo mức độ tham gia</h1>
      <section className="card">
        <h2>Quy tắc tính điểm</h2>
        {!saved && <p className="alert alert--info">Chưa lưu quy tắc cho cuộc thi này; các con số dưới đây là mức gợi ý.</p>}
        {result && (
          <p className={`alert ${result.ok ? "alert--ok" : "alert--error"}`} role={result.ok ? "status" : "alert"}>
            {result.message}
          </p>
        )}
        <Form method="post" key={formKey(result, rule)}>
          <input type="hidden" name="intent" value="rule" />
          <TextField label="Tỷ lệ tham gia từ (%) thì được cộng điểm" inputMode="decimal" {...field("bonusFromRate")} />
          <TextField label="Số điểm cộng" inputMode="decimal" {...field("bonusPoints")} />
          <TextField label="Tỷ lệ tham gia dưới (%) thì bị trừ điểm" inputMode="decimal" {...field("penaltyBelowRate")} />
          <TextField label="Số điểm trừ" inputMode="decimal" {...field("penaltyPoints")} />
          <TextField label="Số điểm trừ khi đơn vị không có ai tham gia" inputMode="decimal" {...field("noneParticipatedPoints")} />
          <button type="submit" className="button" disabled={busy}>
            Lưu quy tắc
          </button>
        </Form>
      </section>

      <section className="card">
        <h2>Điểm của các đơn vị</h2>
        <Form method="get" className="row">
          <select name="dot" defaultValue={chosen.roundId ?? ""} aria-label="Đợt thi">
            <option value="">Toàn cuộc thi</option>
            {rounds.map((r) => (
              <option key={r.id} value={r.id}>{`Đợt ${r.number}: ${r.title}`}</option>
            ))}
          </select>
          {groups.length > 0 && (
            <select name="bang" defaultValue={chosen.groupId ?? ""} aria-label="Bảng thi">
              <option value="">Tất cả các bảng</option>
              {groups.map((g) => (
                <option key={g.id} value={g.id}>
                  {g.name}
                </option>
              ))}
            </select>
          )}
          <select name="donvi" defaultValue={chosen.parentId ?? ""} aria-label="Các đơn vị thuộc">
            {units.map((u) => (
              <option key={u.id} value={u.id}>{`Thuộc: ${"— ".repeat(u.depth)}${u.label}`}</option>
            ))}
          </select>
          <button type="submit" className="button button--secondary">
            Xem
          </button>
        </Form>
        <Form method="post" action={`/quan-ly/cuoc-thi/${contest.id}/xuat`} className="row" style={{ marginTop: "0.5rem" }}>
          <input type="hidden" name="kind" value="par" />
          <input type="hidden" name="round" value={chosen.roundId ?? "all"} />
          <input type="hidden" name="groupId" value={chosen.groupId ?? ""} />
          <input type="hidden" name="unitId" value={chosen.parentId ?? ""} />
          <button type="submit" className="button">
            Xuất bảng điểm ra Excel
          </button>
        </Form>
        <div className="table-wrap">
          <table className="card-table">
            <thead>
              <tr>
                <th scope="col">Đơn vị</th>
                <th className="num" scope="col">Số CB, CC, VC</th>
                <th className="num" scope="col">Người tham gia</th>
                <th className="num" scope="col">Tỷ lệ</th>
                <th className="num" scope="col">Điểm</th>
                <th scope="col">Căn cứ</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.unitId}>
                  <td className="card-table__title" data-label="Đơn vị">{row.name}</td>
                  <td className="num" data-label="Số CB, CC, VC">{formatNumber(row.headcount)}</td>
                  <td className="num" data-label="Người tham gia">{formatNumber(row.participants)}</td>
                  <td className="num" data-label="Tỷ lệ">{percent(row.rate)}</td>
                  <td className="num" data-label="Điểm">{signed(row.points)}</td>
                  <td className="small" data-label="Căn cứ">
                    <strong>{PAR_LINE_LABELS[row.line]}</strong>
                    <span style={{ display: "block" }}>{row.explanation}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {rows.length === 0 && <p className="muted">Không có đơn vị nào ở cấp này.</p>}
      </section>
    </>
  );
}
