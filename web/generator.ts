// Copyright 2026 the @x/jose authors. MIT license.
/**
 * What the page does, without the page: reads the person's choice, makes the
 * secrets with this package's own code, and says what to show, copy and
 * download, or which field is wrong and why. `web/app.ts` only wires this to
 * the document, so `deno test` checks the page's logic without a browser.
 *
 * @example
 * ```ts
 * import { generate } from "./generator.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const made = await generate({ alg: "HS256", format: "jwk", count: "0" });
 * assertEquals(made, {
 *   ok: false,
 *   field: "count",
 *   message: 'How many: "0" is not a number from 1 to 100',
 * });
 * ```
 *
 * @module
 */
import { type Format, makeSecrets } from "../format.ts";
import { SECRET_ALGS, type SecretAlg } from "../generate_secret.ts";
import {
  InputError,
  parseCount,
  parseFormat,
  WEB_MAX_COUNT,
} from "../input.ts";

/** What the person chose, as the controls hold it. */
export interface Choice {
  alg: string;
  format: string;
  count: string;
}

/** Secrets made: the text to show, and what a download of it is. */
export interface Made {
  ok: true;
  /** The text shown, copied and downloaded. */
  text: string;
  /** The download's file name, such as `HS256.jwk.json`. */
  fileName: string;
  /** The download's media type. */
  type: "application/json" | "text/plain";
  /** One line for the status. */
  status: string;
}

/** Nothing made: the field at fault, if one is, and the message. */
export interface Failed {
  ok: false;
  field?: "count";
  message: string;
}

/** Reads the choice and makes the secrets, one JWK Set key a line. */
export async function generate(choice: Choice): Promise<Made | Failed> {
  let format: Format, count: number;
  try {
    count = parseCount(choice.count, WEB_MAX_COUNT, "How many:");
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    return { ok: false, field: "count", message: error.message };
  }
  try {
    // The choice comes from a list of the 15: generateSecret() itself
    // rejects anything else, so the CLI's suggestions need not ride along.
    const alg = choice.alg as SecretAlg;
    format = parseFormat(choice.format);
    const text = await makeSecrets(alg, count, format, undefined, {
      keyPerLine: true,
    });
    const json = format === "jwk" || format === "jwks";
    return {
      ok: true,
      text,
      fileName: `${alg}.${format}${json ? ".json" : ".txt"}`,
      type: json ? "application/json" : "text/plain",
      status: `${
        count === 1 ? "1 secret" : `${count} secrets`
      } made in this browser`,
    };
  } catch (error) {
    const message = error instanceof InputError
      ? error.message
      : `${(error as Error).name}: ${(error as Error).message}`;
    return { ok: false, message: `error: ${message}` };
  }
}

/** Checks a count as it is typed: its message, or undefined when it is fine. */
export function countError(count: string): string | undefined {
  try {
    parseCount(count, WEB_MAX_COUNT, "How many:");
    return undefined;
  } catch (error) {
    if (error instanceof InputError) return error.message;
    throw error;
  }
}

/**
 * A result's text cut into runs, each marked long where it may wrap: a
 * JWK's `k` and `kid` values, and a raw secret's whole line. Member names
 * and short values never wrap.
 */
export function segments(text: string): { text: string; long: boolean }[] {
  const runs: { text: string; long: boolean }[] = [];
  let at = 0;
  const long = /"(?:k|kid)":"([^"]*)"|^([^{}\n"]+)$/gm;
  for (const match of text.matchAll(long)) {
    const value = match[1] ?? match[2]!;
    const start = match.index! +
      (match[1] === undefined ? 0 : match[0].indexOf(":") + 2);
    if (start > at) runs.push({ text: text.slice(at, start), long: false });
    runs.push({ text: value, long: true });
    at = start + value.length;
  }
  if (at < text.length) runs.push({ text: text.slice(at), long: false });
  return runs;
}

/**
 * Which choices a page without a secure context cannot make (no
 * `crypto.subtle`): every CryptoKey identifier, and JWK Sets, whose key ids
 * are hashes. The CBC-HS bytes still work.
 */
export function insecureChoices(): { algs: SecretAlg[]; formats: Format[] } {
  return {
    algs: SECRET_ALGS.filter((alg) => !alg.includes("CBC-HS")),
    formats: ["jwks"],
  };
}
