// Copyright 2026 the @x/jose authors. MIT license.
/**
 * Reads what a person typed for an identifier, a format and a count, and says
 * what is wrong in one set of words, for the CLI and the web API alike.
 *
 * @example Suggest the identifier a person likely meant
 * ```ts
 * import { InputError, parseAlg } from "./input.ts";
 * import { assertThrows } from "@std/assert";
 *
 * assertThrows(
 *   () => parseAlg("hs256", "<alg>"),
 *   InputError,
 *   'unsupported <alg> "hs256": did you mean "HS256"?',
 * );
 * ```
 *
 * @module
 */
import { type Format, FORMATS, isFormat } from "./format.ts";
import { SECRET_ALGS, type SecretAlg } from "./generate_secret.ts";

/** Bad input: its message says what is wrong, in words a person reads. */
export class InputError extends Error {}

/** How many characters of a person's input a message quotes at most. */
const QUOTED = 64;

// What could make two different inputs look alike once quoted: controls,
// format and bidirectional marks, separators other than the space, unassigned
// and private-use code points, invisible fillers; and the quote and escape
// characters themselves.
const UNSAFE = /[\p{C}\p{Z}\p{Default_Ignorable_Code_Point}"\\]/u;
const ESCAPES: Record<string, string> = {
  '"': '\\"',
  "\\": "\\\\",
  "\n": "\\n",
  "\r": "\\r",
  "\t": "\\t",
};

/**
 * Quotes a person's input for a message: in double quotes, at most `max`
 * characters (cut with `…`), every character that could pass for another or
 * for none escaped (`\u200d`), so that two inputs that differ never look
 * alike.
 */
export function quote(text: string, max: number = QUOTED): string {
  const chars = [...text];
  const shown = chars.length > max ? chars.slice(0, max - 1) : chars;
  const escaped = shown.map((char) =>
    char !== " " && UNSAFE.test(char)
      ? ESCAPES[char] ??
        `\\u${
          char.length > 1
            ? `{${char.codePointAt(0)!.toString(16)}}`
            : char.charCodeAt(0).toString(16).padStart(4, "0")
        }`
      : char
  );
  return `"${escaped.join("")}${shown.length < chars.length ? "…" : ""}"`;
}

// JWA's asymmetric identifiers (RFC 7518, RFC 8037, RFC 8812): no guess at a
// symmetric one that happens to be a letter away, such as HS256 for RS256.
const ASYMMETRIC = /^(RS|PS|ES)\d{3}K?$|^(EdDSA|Ed25519|Ed448)$|^RSA|^ECDH-ES/;

/**
 * The number of edits that turn `a` into `b`: a letter added, removed,
 * changed, or two neighbours swapped (the optimal string alignment
 * distance), so that `HS265` is one edit from `HS256`.
 */
function distance(a: string, b: string): number {
  let before: number[] = [];
  let row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) {
      next[j] = Math.min(
        row[j]! + 1,
        next[j - 1]! + 1,
        row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        next[j] = Math.min(next[j]!, before[j - 2]! + 1);
      }
    }
    [before, row] = [row, next];
  }
  return row[b.length]!;
}

/**
 * The identifier `alg` was likely meant to be: the same but for letter case,
 * width (`ＨＳ２５６`) or spaces around it, or else the nearest within one
 * edit, or two for an input of six characters or more (the first in
 * {@linkcode SECRET_ALGS} order where two are as near). A near miss, not any
 * identifier that starts alike: `HS1` is two edits from `HS512`, and three
 * characters leave too little to tell what was meant.
 */
function suggestion(alg: string): SecretAlg | undefined {
  const upper = alg.normalize("NFKC").trim().toUpperCase();
  const most = upper.length >= 6 ? 2 : 1;
  let best: [SecretAlg, number] | undefined;
  for (const known of SECRET_ALGS) {
    if (Math.abs(upper.length - known.length) > most) continue;
    const d = known === upper ? 0 : distance(upper, known);
    if (d <= most && (best === undefined || d < best[1])) best = [known, d];
  }
  return best?.[0];
}

/**
 * Reads an identifier. `name` is what the caller calls it (`<alg>`, `alg`).
 * Anything but one of the 15, exactly, is an {@linkcode InputError}, with a
 * suggestion for a near miss.
 */
export function parseAlg(text: string, name: string): SecretAlg {
  if ((SECRET_ALGS as readonly string[]).includes(text)) {
    return text as SecretAlg;
  }
  const what = `unsupported ${name} ${quote(text)}`;
  if (ASYMMETRIC.test(text)) {
    throw new InputError(
      `${what}: it is asymmetric, and this makes symmetric secrets only`,
    );
  }
  const near = suggestion(text);
  throw new InputError(
    near ? `${what}: did you mean ${JSON.stringify(near)}?` : what,
  );
}

/** Reads a format; anything but one of {@linkcode FORMATS} is bad input. */
export function parseFormat(text: string): Format {
  if (isFormat(text)) return text;
  throw new InputError(
    `unknown format ${quote(text)}: use ${FORMATS.join(", ")}`,
  );
}

/** The most secrets the CLI makes in one run. */
export const CLI_MAX_COUNT = 1000;

/** The most secrets the web API and the page make at once. */
export const WEB_MAX_COUNT = 100;

/**
 * Reads a count from 1 to `max`, written plainly (no sign, no leading zero,
 * no fraction). `name` is what the caller calls it (`--count`, `count`,
 * `How many:`).
 */
export function parseCount(text: string, max: number, name: string): number {
  const count = Number(text);
  if (!/^[1-9][0-9]*$/.test(text) || count > max) {
    throw new InputError(
      `${name} ${quote(text)} is not a number from 1 to ${max}`,
    );
  }
  return count;
}
