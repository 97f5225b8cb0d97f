import type { DBOrTransaction } from "~/database/connection.server";
import { buildCertificatesPdf, buildCommendationPdf, type CertificateRecord } from "~/exports/commendation-pdf.server";
import { collectiveCommendationSheet, commendationSheet, type CollectiveCommendationRecord, type CommendationRecord } from "~/exports/result-sheets.server";
import { buildWorkbook, type AnySheet } from "~/exports/xlsx-sheet.server";
import { PRIZE_TIER_LABELS } from "./places";
import type { Proposal, ScopeProposal, WinnerRecord } from "./commendation.server";

// The proposal (or a published version of it) as the files leaders sign: .xlsx, PDF list,
// certificates. Drafts say so in their headings.

const individualRecords = (scope: ScopeProposal): CommendationRecord[] =>
  scope.winners.map((w) => ({ fullName: w.fullName, position: w.position, unitName: w.unitLabel, score: w.score, durationMs: w.durationMs, tier: w.tier }));

const collectiveRecords = (scope: ScopeProposal): CollectiveCommendationRecord[] =>
  (scope.collective?.winners ?? []).map((w) => ({ unitName: w.unitName, headcount: w.headcount, participants: w.participants, tier: w.tier }));

export async function organizerName(db: DBOrTransaction, contestId: number): Promise<string> {
  const row = await db.selectFrom("contests").innerJoin("units", "units.id", "contests.owner_unit_id").select("units.name").where("contests.id", "=", contestId).executeTakeFirst();
  return row?.name ?? "Ban tổ chức";
}

const draftMark = (draft: boolean, label: string) => (draft ? `DỰ THẢO – ${label}` : label);

/** One sheet of individuals per scope (and one of units where the scope has collective prizes). */
export function commendationWorkbook(proposal: Proposal, options: { organizer: string; draft: boolean; versionLabel: string | null }): Promise<Buffer> {
  const sheets: AnySheet[] = [];
  proposal.scopes.forEach((scope, index) => {
    const heading = { organizer: options.organizer, contestTitle: proposal.contestTitle, scope: draftMark(options.draft, [scope.label, options.versionLabel].filter(Boolean).join(" · ")) };
    sheets.push({ ...commendationSheet(heading, individualRecords(scope)), name: `${index + 1}. Cá nhân ${scope.label}` });
    if (scope.collective) sheets.push({ ...collectiveCommendationSheet(heading, collectiveRecords(scope)), name: `${index + 1}. Tập thể ${scope.label}` });
  });
  if (sheets.length === 0) sheets.push(commendationSheet({ organizer: options.organizer, contestTitle: proposal.contestTitle, scope: draftMark(options.draft, "Chưa có cơ cấu giải") }, []));
  return buildWorkbook(sheets);
}

/** The PDF list of one scope (by index; the first when none is given). */
export function commendationPdf(proposal: Proposal, options: { organizer: string; draft: boolean; scopeIndex: number; date: Date; versionLabel: string | null }): Promise<Buffer> {
  const scope = proposal.scopes[options.scopeIndex] ?? proposal.scopes[0];
  return buildCommendationPdf({
    organizer: options.organizer,
    contestTitle: proposal.contestTitle,
    scope: draftMark(options.draft, [scope?.label ?? "Chưa có cơ cấu giải", options.versionLabel].filter(Boolean).join(" · ")),
    date: options.date,
    individuals: scope ? individualRecords(scope) : [],
    collectives: scope ? collectiveRecords(scope) : [],
  });
}

export function certificateRecords(proposal: Proposal, filter: (winner: WinnerRecord) => boolean = () => true): CertificateRecord[] {
  return proposal.scopes.flatMap((scope) =>
    scope.winners.filter(filter).map((w) => ({ fullName: w.fullName, position: w.position, unitName: w.unitLabel, prize: `${PRIZE_TIER_LABELS[w.tier]} – ${scope.label}` })),
  );
}

export function certificatesPdf(proposal: Proposal, certificates: CertificateRecord[], options: { date: Date; draft: boolean }): Promise<Buffer> {
  return buildCertificatesPdf({
    issuer: options.draft ? "BAN TỔ CHỨC CUỘC THI (DỰ THẢO)" : "BAN TỔ CHỨC CUỘC THI",
    contestTitle: proposal.contestTitle,
    date: options.date,
    certificates,
  });
}

export const PDF_HEADERS = (filename: string) => ({ "Content-Type": "application/pdf", "Content-Disposition": `attachment; filename="${filename}"`, "Cache-Control": "no-store" });
