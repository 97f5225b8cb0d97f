import { json } from "@remix-run/node";
import { UserFacingError } from "./user-facing-error";

/** Turns a refusal into its JSON response; anything else is a real bug and is rethrown. */
export function refusalToJson(error: unknown) {
  if (error instanceof UserFacingError) {
    return json({ ok: false as const, code: error.code, message: error.message }, { status: error.status });
  }
  throw error;
}

/** Turns a refusal into the Response a page's ErrorBoundary shows. */
export function refusalToResponse(error: unknown): never {
  if (error instanceof UserFacingError) throw new Response(error.message, { status: error.status });
  throw error;
}

export function notFound(message = "Không tìm thấy nội dung bạn yêu cầu."): never {
  throw new Response(message, { status: 404 });
}
