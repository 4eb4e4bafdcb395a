// Copyright 2026 the @x/jose authors. MIT license.
/**
 * The web API for scripts: `GET /api/secret?alg=HS256&format=jwk&count=1`
 * makes secrets on the server, in the CLI's formats and words. Its responses
 * are never stored (`no-store`) and never compressed.
 *
 * @module
 */
import { type Format, makeSecrets } from "../format.ts";
import type { SecretAlg } from "../generate_secret.ts";
import {
  InputError,
  parseAlg,
  parseCount,
  parseFormat,
  quote,
  WEB_MAX_COUNT,
} from "../input.ts";

const PARAMETERS = ["alg", "format", "count"];

// The registered media types of RFC 7517 where the body is one JSON value.
const JWK_TYPE = "application/jwk+json";
const JWKS_TYPE = "application/jwk-set+json";
const TEXT_TYPE = "text/plain; charset=utf-8";
const ERROR_TYPE = "application/json; charset=utf-8";

/** What a request asks for. */
interface Asked {
  alg: SecretAlg;
  format: Format;
  count: number;
}

/**
 * The documented form of the query, `?alg=…[&format=…][&count=…]` with
 * nothing encoded, as one regular expression: word characters and `-` are
 * what URLSearchParams would read them as, so this reads such a query as it
 * would, without building one. Building one, and `JSON.stringify()` of each
 * JWK, were most of the API's 11-15% gap to the bare platform (CONTRIBUTING,
 * "The web benchmark").
 */
const PLAIN = /^\?alg=([\w-]*)(?:&format=(\w*))?(?:&count=(\w*))?$/;

/**
 * Reads the query; anything unknown, repeated or bad is an InputError. A
 * query in {@linkcode PLAIN} form is read by it; any other by
 * URLSearchParams. Both give their values to the same checks.
 */
function parse(url: URL): Asked {
  const plain = PLAIN.exec(url.search);
  if (plain === null) return parseParams(url.searchParams);
  const [, alg, format = "jwk", count = "1"] = plain;
  return check(alg!, format, count);
}

/** Reads any query, by URLSearchParams. */
function parseParams(query: URLSearchParams): Asked {
  const given: Record<string, string> = {};
  for (const [name, value] of query) {
    if (!PARAMETERS.includes(name)) {
      throw new InputError(
        `unknown parameter ${quote(name)}: use ${PARAMETERS.join(", ")}`,
      );
    }
    if (Object.hasOwn(given, name)) {
      throw new InputError(`${name} is given twice: give it once`);
    }
    given[name] = value;
  }
  const { alg, format = "jwk", count = "1" } = given;
  if (alg === undefined) {
    throw new InputError("missing alg: such as ?alg=HS256");
  }
  return check(alg, format, count);
}

/** The three values read, checked. */
function check(alg: string, format: string, count: string): Asked {
  return {
    alg: parseAlg(alg, "alg"),
    format: parseFormat(format),
    count: parseCount(count, WEB_MAX_COUNT, "count"),
  };
}

/**
 * The handler of `GET /api/secret`, with `base` (the headers every response
 * carries) in each of its answers: the secrets as text ending in a newline,
 * or 400 with `{"error": "…"}` for bad input. Its headers are made here,
 * once.
 */
export function secretApi(
  base: Record<string, string>,
): (request: Request, url: URL) => Response | Promise<Response> {
  const headers = (type: string) => ({
    ...base,
    "content-type": type,
    "cache-control": "no-store",
  });
  const JWK = headers(JWK_TYPE);
  const JWKS = headers(JWKS_TYPE);
  const TEXT = headers(TEXT_TYPE);
  const ERROR = headers(ERROR_TYPE);
  // Not async: a bad request is answered at once, and a good one costs no
  // step beyond the secrets' own.
  return (_request, url) => {
    let input;
    try {
      input = parse(url);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      return new Response(JSON.stringify({ error: error.message }) + "\n", {
        status: 400,
        headers: ERROR,
      });
    }
    const { alg, format, count } = input;
    const headers = format === "jwks"
      ? JWKS
      : format === "jwk" && count === 1
      ? JWK
      : TEXT;
    return makeSecrets(alg, count, format).then((text) =>
      new Response(text + "\n", { headers })
    );
  };
}
