// Copyright 2026 the @x/jose authors. MIT license.
/**
 * A file served as the best servers serve one: every form of it made once at
 * start-up (plain, gzip and Brotli, each with its strong `ETag`), the form the
 * request's `Accept-Encoding` prefers sent with `Vary: Accept-Encoding`, and
 * `304 Not Modified`, with no body, for a request whose `If-None-Match` names
 * the form it would get.
 *
 * @example
 * ```ts
 * import { staticFile } from "./static.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const serve = await staticFile("<!doctype html>", {
 *   "content-type": "text/html",
 * });
 * const response = serve(new Request("http://localhost/"));
 * assertEquals(response.headers.get("vary"), "Accept-Encoding");
 * assertEquals(await response.text(), "<!doctype html>");
 * ```
 *
 * @module
 */
import { encodeBase64Url } from "../format.ts";

/** The content codings served, best first, by their CompressionStream name. */
const CODINGS = { br: "brotli", gzip: "gzip" } as const;
type Coding = keyof typeof CODINGS | "identity";

/** `bytes` compressed with `format`, by the platform's CompressionStream. */
async function compress(
  bytes: Uint8Array<ArrayBuffer>,
  format: string,
): Promise<Uint8Array<ArrayBuffer>> {
  const stream = new Blob([bytes]).stream().pipeThrough(
    new CompressionStream(format as CompressionFormat),
  );
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/**
 * The coding to send for an `Accept-Encoding` header (RFC 9110 section
 * 12.5.3): the best of br and gzip that the client accepts with a q-value
 * above 0 (`*` stands for any not named), or else the file as it is.
 */
export function chooseCoding(accept: string | null): Coding {
  if (!accept) return "identity";
  const weights = new Map<string, number>();
  for (const part of accept.split(",")) {
    const [name = "", ...params] = part.split(";");
    const q = params.map((p) => p.trim().match(/^q=([0-9.]+)$/i)?.[1])
      .find((value) => value !== undefined);
    weights.set(name.trim().toLowerCase(), q === undefined ? 1 : Number(q));
  }
  const any = weights.get("*") ?? 0;
  let best: Coding = "identity";
  let bestWeight = 0;
  for (const coding of Object.keys(CODINGS) as (keyof typeof CODINGS)[]) {
    const weight = weights.get(coding) ?? any;
    if (weight > bestWeight) [best, bestWeight] = [coding, weight];
  }
  return best;
}

/**
 * Tells whether an `If-None-Match` header names `etag` (weak comparison, as
 * RFC 9110 section 13.1.2 asks), or is `*`.
 */
function matches(ifNoneMatch: string | null, etag: string): boolean {
  if (ifNoneMatch === null) return false;
  if (ifNoneMatch.trim() === "*") return true;
  return ifNoneMatch.split(",").some((tag) =>
    tag.trim().replace(/^W\//, "") === etag
  );
}

interface Form {
  etag: string;
  body: Uint8Array<ArrayBuffer>;
  headers: Record<string, string>;
  notModified: Record<string, string>;
}

/**
 * Serves `text` with `headers` (its type, and whatever every response
 * carries): a GET or HEAD handler, its forms made now, once.
 */
export async function staticFile(
  text: string,
  headers: Record<string, string>,
): Promise<(request: Request) => Response> {
  const plain = new TextEncoder().encode(text);
  const digest = await crypto.subtle.digest("SHA-256", plain);
  const tag = encodeBase64Url(new Uint8Array(digest)).slice(0, 27);
  const forms = {} as Record<Coding, Form>;
  for (const coding of ["identity", ...Object.keys(CODINGS)] as Coding[]) {
    const body = coding === "identity"
      ? plain
      : await compress(plain, CODINGS[coding]);
    // A strong tag names one form, bytes and coding both.
    const etag = coding === "identity" ? `"${tag}"` : `"${tag}-${coding}"`;
    // A 304 carries what a 200 would, but for the body's own metadata.
    const notModified: Record<string, string> = {
      ...headers,
      "cache-control": "no-cache",
      etag,
      vary: "Accept-Encoding",
    };
    delete notModified["content-type"];
    forms[coding] = {
      etag,
      body,
      headers: coding === "identity"
        ? { ...headers, ...notModified }
        : { ...headers, ...notModified, "content-encoding": coding },
      notModified,
    };
  }
  return (request) => {
    const form = forms[chooseCoding(request.headers.get("accept-encoding"))];
    if (matches(request.headers.get("if-none-match"), form.etag)) {
      return new Response(null, { status: 304, headers: form.notModified });
    }
    return new Response(form.body, { headers: form.headers });
  };
}
