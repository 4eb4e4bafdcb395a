// Copyright 2026 the @x/jose authors. MIT license.
/**
 * The @x/jose secret generator, a Deno Deploy app: a page that makes secrets
 * in the visitor's own browser with this package's code, and a small API for
 * scripts. The default export is `{ fetch }`, so `deno serve web/main.ts`
 * runs it, and so does Deno Deploy.
 *
 * @module
 */
import { secretApi } from "./api.ts";
// Imported as text, not read at run time: the app needs no permission but to
// listen, and Deno Deploy ships these files with the code.
import page from "./static/index.html" with { type: "text" };
import script from "./static/app.js" with { type: "text" };
import style from "./static/style.css" with { type: "text" };

/** Answers with one of the files of `web/static/`. */
function file(body: string, type: string): () => Response {
  return () =>
    new Response(body, {
      // `no-cache`: revalidate, so a new deployment is seen at once.
      headers: { "content-type": type, "cache-control": "no-cache" },
    });
}

type Handler = (request: Request) => Response | Promise<Response>;

/** Every route: its path and what answers a GET (or HEAD) of it. */
const ROUTES: Record<string, Handler> = {
  "/": file(page, "text/html; charset=utf-8"),
  "/app.js": file(script, "text/javascript; charset=utf-8"),
  "/style.css": file(style, "text/css; charset=utf-8"),
  "/api/secret": secretApi,
};

const METHODS = ["GET", "HEAD"];

/**
 * The headers every response carries. The policy lets the page load its own
 * script and style and nothing else, and talk to no one once loaded
 * (`connect-src 'none'`): the secrets it makes stay in the browser.
 */
const SECURITY_HEADERS: Record<string, string> = {
  "content-security-policy": [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src data:",
    "connect-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join("; "),
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "cross-origin-opener-policy": "same-origin",
  "cross-origin-resource-policy": "same-origin",
};

function text(status: number, body: string, headers = {}): Response {
  return new Response(body + "\n", {
    status,
    headers: { "content-type": "text/plain; charset=utf-8", ...headers },
  });
}

async function route(request: Request): Promise<Response> {
  const handler = ROUTES[new URL(request.url).pathname];
  if (handler === undefined) return text(404, "not found");
  if (!METHODS.includes(request.method)) {
    return text(405, "method not allowed", { allow: METHODS.join(", ") });
  }
  const response = await handler(request);
  return request.method === "HEAD" ? new Response(null, response) : response;
}

/** Answers a request, with {@linkcode SECURITY_HEADERS} on every response. */
async function fetch(request: Request): Promise<Response> {
  const response = await route(request);
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) {
    response.headers.set(name, value);
  }
  return response;
}

export default { fetch } satisfies Deno.ServeDefaultExport;
