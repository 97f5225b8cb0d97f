import type { ServerBuild } from "@remix-run/node";
import { DATABASE_UNAVAILABLE_MESSAGE, isDatabaseUnavailable, RETRY_AFTER_SECONDS } from "~/database/unavailable";

type RouteFunction = (args: unknown) => unknown;

/**
 * The build with every route's loader and action answering a database outage (a lost connection,
 * a restart, a time limit) as 503 "try again in a few seconds" with Retry-After, rather than as an
 * unexplained server error. Other failures pass through unchanged.
 */
export function answerDatabaseOutages(build: ServerBuild): ServerBuild {
  const routes: ServerBuild["routes"] = {};
  for (const [id, route] of Object.entries(build.routes)) {
    const module = { ...route.module } as Record<string, unknown>;
    for (const name of ["loader", "action"] as const) {
      const original = module[name] as RouteFunction | undefined;
      if (typeof original === "function") module[name] = (args: unknown) => guarded(original, args);
    }
    routes[id] = { ...route, module: module as unknown as (typeof route)["module"] };
  }
  return { ...build, routes };
}

async function guarded(run: RouteFunction, args: unknown) {
  try {
    return await run(args);
  } catch (error) {
    if (!isDatabaseUnavailable(error)) throw error;
    const url = (args as { request?: Request }).request?.url ?? "";
    console.warn(`[cơ sở dữ liệu] ${new URL(url, "http://x").pathname}: không kết nối được cơ sở dữ liệu, đã trả lời "thử lại sau" (chi tiết: ${(error as Error).message})`);
    throw new Response(DATABASE_UNAVAILABLE_MESSAGE, {
      status: 503,
      headers: { "Content-Type": "text/plain; charset=utf-8", "Retry-After": String(RETRY_AFTER_SECONDS) },
    });
  }
}
