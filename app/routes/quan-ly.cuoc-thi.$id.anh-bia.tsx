import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireRole } from "~/auth/auth.server";
import { bannerType, MAX_BANNER_BYTES } from "~/contests/banner";
import { setContestBanner } from "~/contests/contest-admin.server";
import { handleIntents, intent } from "~/http/form-actions.server";
import { formLevel, uploadedFile } from "~/http/forms";
import { findContest } from "~/contests/contests.server";
import { notFound } from "~/http/responses.server";
import { UserFacingError } from "~/http/user-facing-error";
import { intIdParam, NOT_FOUND } from "~/http/url-ids";
import { z } from "~/validation/z";

export const meta: MetaFunction = () => [{ title: "Ảnh bìa cuộc thi · Quản lý" }];

async function contestOr404(db: Parameters<typeof requireRole>[0], raw: string | undefined) {
  const id = intIdParam(raw, NOT_FOUND.contest);
  const contest = await findContest(db, id);
  if (!contest) notFound("Không tìm thấy cuộc thi.");
  return contest;
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requireRole(context.db, request, ["organizer"]);
  return { contest: await contestOr404(context.db, params.id) };
}

const bannerSchema = formLevel(z.object({ banner: uploadedFile("Vui lòng chọn một ảnh PNG, JPEG hoặc WebP.") }));

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireRole(context.db, request, ["organizer"]);
  const contest = await contestOr404(context.db, params.id);
  return handleIntents(
    request,
    {
      upload: intent({
        schema: bannerSchema,
        run: async ({ banner }) => {
          const data = new Uint8Array(await banner.arrayBuffer());
          const type = bannerType(data);
          if (!type) throw new UserFacingError(400, "Tệp không phải ảnh PNG, JPEG hoặc WebP.");
          await setContestBanner(context, contest.id, { data: Buffer.from(data), type }, user.id);
          return redirect(`/quan-ly/cuoc-thi/${contest.id}`);
        },
      }),
      remove: intent({
        schema: z.object({}),
        run: async () => {
          await setContestBanner(context, contest.id, null, user.id);
          return redirect(`/quan-ly/cuoc-thi/${contest.id}`);
        },
      }),
    },
    { implied: "upload", upload: { maxBytes: MAX_BANNER_BYTES } },
  );
}

export default function BannerUpload() {
  const { contest } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  return (
    <>
      <p className="small">
        <Link to={`/quan-ly/cuoc-thi/${contest.id}`}>← {contest.title}</Link>
      </p>
      <h1>Ảnh bìa</h1>
      {result && !result.ok && (
        <p className="alert alert--error" role="alert">
          {result.message}
        </p>
      )}
      <Form method="post" encType="multipart/form-data" className="card">
        <div className="field">
          <label htmlFor="banner">Ảnh (PNG, JPEG hoặc WebP, tối đa 1 MB; nên rộng 1200 px, cao 400 px)</label>
          <input id="banner" type="file" name="banner" accept="image/png,image/jpeg,image/webp" />
        </div>
        <div className="row">
          <button type="submit" className="button" disabled={busy}>
            Tải lên
          </button>
          <button type="submit" name="intent" value="remove" className="button button--secondary" disabled={busy}>
            Bỏ ảnh bìa
          </button>
        </div>
      </Form>
    </>
  );
}
