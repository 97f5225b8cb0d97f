import type { LoaderFunctionArgs } from "@remix-run/node";
import { notFound } from "~/http/responses.server";

/** The contest's banner image (public once the contest is published). */
export async function loader({ params, context }: LoaderFunctionArgs) {
  const slug = params.slug ?? "";
  if (!/^[a-z0-9-]{1,100}$/.test(slug)) notFound("Không tìm thấy ảnh.");
  const contest = await context.db
    .selectFrom("contests")
    .select(["banner", "banner_type", "updated_at"])
    .where("slug", "=", slug)
    .where("status", "=", "published")
    .executeTakeFirst();
  if (!contest?.banner || !contest.banner_type) notFound("Không tìm thấy ảnh.");
  return new Response(new Uint8Array(contest.banner), {
    headers: { "Content-Type": contest.banner_type, "Cache-Control": "public, max-age=300", "X-Content-Type-Options": "nosniff" },
  });
}
