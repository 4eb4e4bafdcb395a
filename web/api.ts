// Copyright 2026 the @x/jose authors. MIT license.
/**
 * The web API for scripts: `GET /api/secret?alg=HS256&format=jwk&count=1`
 * makes secrets on the server, in the CLI's formats and words.
 *
 * @module
 */
import { formatSecrets, generateSecrets } from "../format.ts";
import { InputError, parseAlg, parseCount, parseFormat } from "../input.ts";

/** The most secrets one request may ask for. */
export const MAX_COUNT = 100;

const PARAMETERS = ["alg", "format", "count"];

// The registered media types of RFC 7517 where the body is one JSON value.
const TYPES: Record<string, string> = {
  jwk: "application/jwk+json",
  jwks: "application/jwk-set+json",
};

/** Reads the query; anything unknown, repeated or bad is an InputError. */
function parse(query: URLSearchParams) {
  for (const name of new Set(query.keys())) {
    if (!PARAMETERS.includes(name)) {
      throw new InputError(
        `unknown parameter ${JSON.stringify(name)}: use ${
          PARAMETERS.join(", ")
        }`,
      );
    }
    if (query.getAll(name).length > 1) {
      throw new InputError(`${name} is given twice: give it once`);
    }
  }
  const alg = query.get("alg");
  if (alg === null) {
    throw new InputError("missing alg: such as ?alg=HS256");
  }
  return {
    alg: parseAlg(alg, "alg"),
    format: parseFormat(query.get("format") ?? "jwk"),
    count: parseCount(query.get("count") ?? "1", MAX_COUNT, "count"),
  };
}

/**
 * Answers `GET /api/secret`: the secrets as text ending in a newline, or 400
 * with `{"error": "…"}` for bad input. Never cached.
 */
export async function secretApi(request: Request): Promise<Response> {
  const headers = new Headers({ "cache-control": "no-store" });
  let input;
  try {
    input = parse(new URL(request.url).searchParams);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    headers.set("content-type", "application/json; charset=utf-8");
    return new Response(JSON.stringify({ error: error.message }) + "\n", {
      status: 400,
      headers,
    });
  }
  const { alg, format, count } = input;
  const text = await formatSecrets(await generateSecrets(alg, count), format);
  const oneJson = format === "jwks" || (format === "jwk" && count === 1);
  headers.set(
    "content-type",
    oneJson ? TYPES[format]! : "text/plain; charset=utf-8",
  );
  return new Response(text + "\n", { headers });
}
