import type { LoaderFunctionArgs } from "@remix-run/node";
import { publishedContestBanner } from "~/contests/contests.server";
import { notFound } from "~/http/responses.server";

/** The contest's banner image (public once the contest is published). */
export async function loader({ params, context }: LoaderFunctionArgs) {
  const banner = await publishedContestBanner(context.db, params.slug ?? "");
  if (!banner) notFound("Không tìm thấy ảnh.");
  return new Response(new Uint8Array(banner.data), {
    headers: { "Content-Type": banner.type, "Cache-Control": "public, max-age=300", "X-Content-Type-Options": "nosniff" },
  });
}
