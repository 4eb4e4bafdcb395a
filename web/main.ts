// Copyright 2026 the @x/jose authors. MIT license.
/**
 * The @x/jose secret generator, a Deno Deploy app: a page that makes secrets
 * in the visitor's own browser with this package's code, and a small API for
 * scripts. The default export is `{ fetch }`, so `deno serve web/main.ts`
 * runs it, and so does Deno Deploy.
 *
 * Everything constant is made once, at start-up: the one-file page with its
 * policy, its compressed forms and tags, and every response's headers.
 *
 * @module
 */
import { secretApi } from "./api.ts";
import { onePage } from "./page.ts";
import { staticFile } from "./static.ts";
// Imported as text, not read at run time: the app needs no permission but to
// listen, and Deno Deploy ships these files with the code.
import template from "./index.html" with { type: "text" };
import script from "./static/app.js" with { type: "text" };
import style from "./static/app.css" with { type: "text" };

const page = await onePage(template, script, style);

/**
 * The headers every response carries. The policy lets the page run its own
 * inline script and style and nothing else, and talk to no one once loaded
 * (`connect-src 'none'`): the secrets it makes stay in the browser.
 */
const SECURITY_HEADERS: Record<string, string> = {
  "content-security-policy": page.policy,
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "cross-origin-opener-policy": "same-origin",
  "cross-origin-resource-policy": "same-origin",
};

type Handler = (request: Request, url: URL) => Response | Promise<Response>;

/**
 * Every route: its path and what answers a GET (or HEAD) of it. A Map, so
 * that no path such as `/constructor` finds something inherited.
 */
const ROUTES = new Map<string, Handler>([
  [
    "/",
    await staticFile(page.html, {
      ...SECURITY_HEADERS,
      "content-type": "text/html; charset=utf-8",
    }),
  ],
  ["/api/secret", secretApi(SECURITY_HEADERS)],
]);

const TEXT = {
  ...SECURITY_HEADERS,
  "content-type": "text/plain; charset=utf-8",
};
const NOT_ALLOWED = { ...TEXT, allow: "GET, HEAD" };
// Under /api/, errors speak JSON, as the API's own 400 does.
const API_ERROR = {
  ...SECURITY_HEADERS,
  "content-type": "application/json; charset=utf-8",
  "cache-control": "no-store",
};
const API_NOT_ALLOWED = { ...API_ERROR, allow: "GET, HEAD" };
const API_NOT_FOUND_BODY =
  '{"error":"not found: the API is GET /api/secret"}\n';
const API_NOT_ALLOWED_BODY =
  '{"error":"method not allowed: use GET or HEAD"}\n';

/** The answer to a HEAD request: the GET's, without its body. */
function withoutBody(response: Response): Response {
  return response.body === null ? response : new Response(null, response);
}

/**
 * Answers a request; every answer carries {@linkcode SECURITY_HEADERS}. Not
 * async: the handler's own promise is the answer, with no step added.
 */
function fetch(request: Request): Response | Promise<Response> {
  const url = new URL(request.url);
  const handler = ROUTES.get(url.pathname);
  if (handler === undefined) {
    return url.pathname.startsWith("/api/")
      ? new Response(API_NOT_FOUND_BODY, { status: 404, headers: API_ERROR })
      : new Response("not found\n", { status: 404, headers: TEXT });
  }
  if (request.method === "GET") return handler(request, url);
  if (request.method === "HEAD") {
    return Promise.resolve(handler(request, url)).then(withoutBody);
  }
  return url.pathname.startsWith("/api/")
    ? new Response(API_NOT_ALLOWED_BODY, {
      status: 405,
      headers: API_NOT_ALLOWED,
    })
    : new Response("method not allowed\n", {
      status: 405,
      headers: NOT_ALLOWED,
    });
}

export default { fetch } satisfies Deno.ServeDefaultExport;
