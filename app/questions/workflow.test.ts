import { describe, expect, it } from "vitest";
import type { QuestionStatus } from "~/database/schema";
import { availableActions, reviewTransition, statusAfterEdit, type ReviewAction } from "./workflow";

const STATUSES: QuestionStatus[] = ["draft", "in_review", "approved", "retired"];
const ACTIONS: ReviewAction[] = ["submit", "approve", "return", "retire", "restore"];
const ALLOWED: Record<string, QuestionStatus> = {
  "draft/submit": "in_review",
  "in_review/approve": "approved",
  "in_review/return": "draft",
  "draft/retire": "retired",
  "in_review/retire": "retired",
  "approved/retire": "retired",
  "retired/restore": "draft",
};
const context = { actorId: 2, authorId: 1, reviewerMustDiffer: true, comment: "Cần sửa" };

describe("reviewTransition", () => {
  it.each(STATUSES.flatMap((s) => ACTIONS.map((a) => [s, a] as const)))("%s + %s follows the workflow table", (status, action) => {
    const result = reviewTransition(status, action, context);
    const expected = ALLOWED[`${status}/${action}`];
    if (expected) expect(result).toEqual({ ok: true, status: expected });
    else {
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.message).toMatch(/^Không thể ".+" một câu hỏi đang ở trạng thái ".+"\.$/);
    }
  });

  it("refuses self-approval when the bank requires a different reviewer", () => {
    const result = reviewTransition("in_review", "approve", { ...context, actorId: 1 });
    expect(result).toEqual({ ok: false, message: expect.stringContaining("không thể tự duyệt") });
  });

  it("allows self-approval when the bank does not require a different reviewer", () => {
    expect(reviewTransition("in_review", "approve", { ...context, actorId: 1, reviewerMustDiffer: false })).toEqual({ ok: true, status: "approved" });
  });

  it("lets anyone approve a question from a shipped bank (no author)", () => {
    expect(reviewTransition("in_review", "approve", { ...context, authorId: null, actorId: 1 })).toEqual({ ok: true, status: "approved" });
  });

  it("requires a non-blank comment to send a question back", () => {
    for (const comment of [undefined, null, "", "   "]) {
      expect(reviewTransition("in_review", "return", { ...context, comment }).ok).toBe(false);
    }
  });

  it("offers exactly the allowed actions for each status", () => {
    for (const status of STATUSES) {
      expect(availableActions(status).sort()).toEqual(ACTIONS.filter((a) => ALLOWED[`${status}/${a}`]).sort());
    }
  });

  it("offers an action to a person exactly when the transition would accept it from them (comments aside)", () => {
    for (const status of STATUSES) {
      for (const reviewerMustDiffer of [true, false]) {
        for (const authorId of [null, 1, 2]) {
          const person = { actorId: 1, authorId, reviewerMustDiffer };
          const accepted = ACTIONS.filter((a) => reviewTransition(status, a, { ...person, comment: "Nhận xét" }).ok);
          expect(availableActions(status, person).sort()).toEqual(accepted.sort());
        }
      }
    }
    // The author of a version under review, in a bank that wants another reviewer, is not offered "Duyệt".
    expect(availableActions("in_review", { actorId: 1, authorId: 1, reviewerMustDiffer: true })).not.toContain("approve");
    expect(availableActions("in_review", { actorId: 2, authorId: 1, reviewerMustDiffer: true })).toContain("approve");
  });
});

describe("statusAfterEdit", () => {
  it("sends any edited question back to draft, and refuses to edit a retired one", () => {
    expect(statusAfterEdit("draft")).toEqual({ ok: true, status: "draft" });
    expect(statusAfterEdit("in_review")).toEqual({ ok: true, status: "draft" });
    expect(statusAfterEdit("approved")).toEqual({ ok: true, status: "draft" });
    expect(statusAfterEdit("retired").ok).toBe(false);
  });
});
