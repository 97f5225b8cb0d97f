import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { logAccountEvent } from "~/auth/account-log.server";
import { clientInfo } from "~/auth/auth.server";
import { clearSessionCookie, endSession } from "~/auth/sessions.server";

// Logging out changes state, so it is a POST; a GET just goes home.
export async function loader() {
  return redirect("/");
}

/** Ends this login on the server (the cookie stops working everywhere it was copied) and clears the cookie. */
export async function action({ request, context }: ActionFunctionArgs) {
  const userId = await endSession(context.db, request.headers.get("Cookie"));
  if (userId !== null) await logAccountEvent(context.db, { kind: "logout", actorId: userId, subjectId: userId, client: clientInfo(request, context) });
  return redirect("/", { headers: { "Set-Cookie": await clearSessionCookie() } });
}
