import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { readBoundedUpload } from "~/http/bounded-upload.server";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireRole } from "~/auth/auth.server";
import { bannerType, MAX_BANNER_BYTES } from "~/contests/banner";
import { setContestBanner } from "~/contests/contest-admin.server";
import { findContest } from "~/contests/contests.server";
import { notFound } from "~/http/responses.server";
import { intIdParam, NOT_FOUND } from "~/http/url-ids";

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

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireRole(context.db, request, ["organizer"]);
  const contest = await contestOr404(context.db, params.id);
  const upload = await readBoundedUpload(request, MAX_BANNER_BYTES);
  if (!upload.ok) {
    return upload.reason === "too-large" ? json({ error: "Ảnh quá lớn: tối đa 1 MB." }, { status: 413 }) : json({ error: "Không đọc được tệp gửi lên." }, { status: 400 });
  }
  const form = upload.form;
  if (form.get("intent") === "remove") {
    await setContestBanner(context, contest.id, null, user.id);
    return redirect(`/quan-ly/cuoc-thi/${contest.id}`);
  }
  const file = form.get("banner");
  if (!file || typeof file === "string" || file.size === 0) return json({ error: "Vui lòng chọn một ảnh PNG, JPEG hoặc WebP." }, { status: 400 });
  const data = new Uint8Array(await file.arrayBuffer());
  const type = bannerType(data);
  if (!type) return json({ error: "Tệp không phải ảnh PNG, JPEG hoặc WebP." }, { status: 400 });
  await setContestBanner(context, contest.id, { data: Buffer.from(data), type }, user.id);
  return redirect(`/quan-ly/cuoc-thi/${contest.id}`);
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
      {result?.error && (
        <p className="alert alert--error" role="alert">
          {result.error}
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
