import type { DBOrTransaction } from "~/database/connection.server";
import { buildCertificatesPdf, buildCommendationPdf, type CertificateRecord } from "~/exports/commendation-pdf.server";
import { collectiveCommendationSheet, commendationSheet, type CollectiveCommendationRecord, type CommendationRecord } from "~/exports/result-sheets.server";
import { buildWorkbook, type AnySheet } from "~/exports/xlsx-sheet.server";
import { attachment, downloadFileName } from "~/http/download-name";
import { PRIZE_TIER_LABELS } from "./places";
import type { Proposal, WinnerRecord } from "./commendation.server";
import type { ProposalView, ScopeView } from "./proposal-view";

// The proposal (or a published version of it) as the files leaders sign: .xlsx, PDF list,
// certificates. Drafts say so in their headings; a list held to a reader's subtree says which.
// The lists are built from what the reader may see (proposal-view.ts); a detail the reader may
// not read is an empty cell.

const individualRecords = (scope: ScopeView): CommendationRecord[] =>
  scope.winners.map((w) => ({ fullName: w.fullName, position: w.details?.position ?? null, unitName: w.unitLabel, score: w.details?.score ?? null, durationMs: w.details?.durationMs ?? null, tier: w.tier }));

const collectiveRecords = (scope: ScopeView): CollectiveCommendationRecord[] =>
  (scope.collective?.winners ?? []).map((w) => ({ unitName: w.unitName, headcount: w.headcount, participants: w.participants, tier: w.tier }));

export async function organizerName(db: DBOrTransaction, contestId: number): Promise<string> {
  const row = await db.selectFrom("contests").innerJoin("units", "units.id", "contests.owner_unit_id").select("units.name").where("contests.id", "=", contestId).executeTakeFirst();
  return row?.name ?? "Ban tổ chức";
}

const draftMark = (draft: boolean, label: string) => (draft ? `DỰ THẢO – ${label}` : label);

/** "Phạm vi: Sở Nội vụ và các đơn vị trực thuộc" on a list held to the reader's subtree. */
export const heldToLabel = (heldTo: string | null) => (heldTo ? `Phạm vi: ${heldTo} và các đơn vị trực thuộc` : null);

type ListOptions = { organizer: string; draft: boolean; versionLabel: string | null; heldTo: string | null };

/** One sheet of individuals per scope (and one of units where the scope has collective prizes). */
export function commendationWorkbook(proposal: ProposalView, options: ListOptions): Promise<Buffer> {
  const sheets: AnySheet[] = [];
  proposal.scopes.forEach((scope, index) => {
    const heading = { organizer: options.organizer, contestTitle: proposal.contestTitle, scope: draftMark(options.draft, [scope.label, options.versionLabel, heldToLabel(options.heldTo)].filter(Boolean).join(" · ")) };
    sheets.push({ ...commendationSheet(heading, individualRecords(scope)), name: `${index + 1}. Cá nhân ${scope.label}` });
    if (scope.collective) sheets.push({ ...collectiveCommendationSheet(heading, collectiveRecords(scope)), name: `${index + 1}. Tập thể ${scope.label}` });
  });
  if (sheets.length === 0) sheets.push(commendationSheet({ organizer: options.organizer, contestTitle: proposal.contestTitle, scope: draftMark(options.draft, "Chưa có cơ cấu giải") }, []));
  return buildWorkbook(sheets);
}

/** The PDF list of one scope (by index; the first when none is given). */
export function commendationPdf(proposal: ProposalView, options: ListOptions & { scopeIndex: number; date: Date }): Promise<Buffer> {
  const scope = proposal.scopes[options.scopeIndex] ?? proposal.scopes[0];
  return buildCommendationPdf({
    organizer: options.organizer,
    contestTitle: proposal.contestTitle,
    scope: draftMark(options.draft, [scope?.label ?? "Chưa có cơ cấu giải", options.versionLabel, heldToLabel(options.heldTo)].filter(Boolean).join(" · ")),
    date: options.date,
    individuals: scope ? individualRecords(scope) : [],
    collectives: scope ? collectiveRecords(scope) : [],
    draft: options.draft,
  });
}

export function certificateRecords(proposal: Proposal, filter: (winner: WinnerRecord) => boolean = () => true): CertificateRecord[] {
  return proposal.scopes.flatMap((scope) =>
    scope.winners.filter(filter).map((w) => ({ fullName: w.fullName, position: w.position, unitName: w.unitLabel, prize: `${PRIZE_TIER_LABELS[w.tier]} – ${scope.label}` })),
  );
}

export function certificatesPdf(proposal: Proposal, certificates: CertificateRecord[], options: { date: Date; draft: boolean }): Promise<Buffer> {
  return buildCertificatesPdf({
    issuer: "BAN TỔ CHỨC CUỘC THI",
    contestTitle: proposal.contestTitle,
    date: options.date,
    certificates,
    draft: options.draft,
  });
}

export const PDF_HEADERS = (fileName: string) => ({ "Content-Type": "application/pdf", "Content-Disposition": attachment(fileName), "Cache-Control": "no-store" });

/** Which publication a file holds: the draft, or a published version. */
const publicationLabel = (publication: { draft: boolean; version: number | null }) =>
  publication.draft || publication.version === null ? "Dự thảo" : `Công bố lần ${publication.version}`;

/** "Đề nghị khen thưởng - Cuộc thi tìm hiểu CCHC 2026 - Dự thảo.pdf" */
export const proposalFileName = (contestTitle: string, publication: { draft: boolean; version: number | null }, extension: "pdf" | "xlsx") =>
  downloadFileName(["Đề nghị khen thưởng", contestTitle, publicationLabel(publication)], extension);

/** "Giấy chứng nhận - Cuộc thi tìm hiểu CCHC 2026 - Công bố lần 2.pdf"; a winner's own: without the publication. */
export const certificatesFileName = (contestTitle: string, publication?: { draft: boolean; version: number | null }) =>
  downloadFileName(["Giấy chứng nhận", contestTitle, publication ? publicationLabel(publication) : null], "pdf");
