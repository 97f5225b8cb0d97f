import { createCookieSessionStorage, redirect } from "@remix-run/node";
import { env } from "~/config/env.server";

type SessionData = { userId: number };
type SessionFlash = { notice: string };

let storage: ReturnType<typeof createStorage> | undefined;

function createStorage() {
  return createCookieSessionStorage<SessionData, SessionFlash>({
    cookie: {
      name: "__session",
      httpOnly: true,
      sameSite: "lax",
      path: "/",
      secure: env().COOKIE_SECURE === "true",
      secrets: [env().SESSION_SECRET],
      // Long sessions: logging in is the spike when a round opens, so people stay logged in.
      maxAge: 60 * 60 * 24 * 30,
    },
  });
}

export function sessionStorage() {
  storage ??= createStorage();
  return storage;
}

export async function getSession(request: Request) {
  return sessionStorage().getSession(request.headers.get("Cookie"));
}

export async function createUserSession(userId: number, redirectTo: string) {
  const session = await sessionStorage().getSession();
  session.set("userId", userId);
  return redirect(redirectTo, { headers: { "Set-Cookie": await sessionStorage().commitSession(session) } });
}

export async function destroySession(request: Request, redirectTo = "/") {
  const session = await getSession(request);
  return redirect(redirectTo, { headers: { "Set-Cookie": await sessionStorage().destroySession(session) } });
}
