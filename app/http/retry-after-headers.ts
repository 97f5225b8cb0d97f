import type { HeadersFunction } from "@remix-run/node";

/**
 * A route's `headers` export for forms that can be refused with a wait (too many attempts, a busy
 * server): the action's Retry-After reaches the browser on a document request too, which Remix
 * does not do by itself.
 */
export const retryAfterHeaders: HeadersFunction = ({ actionHeaders }) => {
  const headers = new Headers();
  const retryAfter = actionHeaders.get("Retry-After");
  if (retryAfter) headers.set("Retry-After", retryAfter);
  return headers;
};
