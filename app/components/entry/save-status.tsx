import type { SaveStatus } from "~/entries/use-answer-queue";

/** What a contestant reads under a question: whether the server holds the latest choice. */
export function saveStatusText(status: SaveStatus): string {
  switch (status.state) {
    case "saved":
      return "Đã lưu";
    case "pending":
      return "Chưa lưu · đang gửi…";
    case "retrying":
      return "Chưa lưu · mất kết nối, đang thử lại…";
    case "error":
      return status.message ?? "Không lưu được câu trả lời.";
  }
}

export function SaveStatusLine({ status, id }: { status: SaveStatus | undefined; id?: string }) {
  // The live region stays in the page so that each change is announced.
  return (
    <p id={id} className={`save-state${status ? ` save-state--${status.state}` : ""}`} role="status" data-testid="save-state">
      {status && (
        <>
          <span aria-hidden="true" className="save-state__icon">
            {status.state === "saved" ? "✓" : status.state === "error" ? "!" : "…"}
          </span>{" "}
          {saveStatusText(status)}
        </>
      )}
    </p>
  );
}
