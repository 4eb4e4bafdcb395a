// Copyright 2026 the @x/jose authors. MIT license.
/**
 * Prints a fresh symmetric secret for a JWA algorithm identifier, ready to
 * store in an environment variable, a secrets manager or a config file. It
 * needs no permissions and nothing installed but Deno:
 *
 * ```sh
 * deno run jsr:@x/jose/cli HS256
 * # {"kty":"oct","alg":"HS256","k":"…"}
 * deno run jsr:@x/jose/cli A256GCM --format base64url
 * deno run jsr:@x/jose/cli --list
 * ```
 *
 * `--format jwk` (the default) prints a JSON Web Key that jose's `importJWK()`
 * imports; `base64url` and `hex` print the raw key bytes. Bad input prints one
 * line to stderr and exits with code 2.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { encodeBase64Url } from "@std/encoding/base64url";
import { encodeHex } from "@std/encoding/hex";
import { generateSecret, SECRET_ALGS, type SecretAlg } from "./mod.ts";

const USAGE = `Prints a fresh secret for a JWA algorithm identifier.

Usage: deno run jsr:@x/jose/cli <alg> [--format jwk|base64url|hex]
       deno run jsr:@x/jose/cli --list

Options:
  -f, --format <format>  jwk (default): {"kty":"oct","alg":"<alg>","k":"<base64url>"}
                         base64url, hex: the raw key bytes
      --list             print the supported identifiers, one per line
  -h, --help             print this help`;

const FORMATS = {
  jwk: (alg: SecretAlg, bytes: Uint8Array) =>
    JSON.stringify({ kty: "oct", alg, k: encodeBase64Url(bytes) }),
  base64url: (_alg: SecretAlg, bytes: Uint8Array) => encodeBase64Url(bytes),
  hex: (_alg: SecretAlg, bytes: Uint8Array) => encodeHex(bytes),
};
type Format = keyof typeof FORMATS;

/** Bad input from the user: reported in one line, with exit code 2. */
class UsageError extends Error {}

function isSecretAlg(alg: string): alg is SecretAlg {
  return (SECRET_ALGS as readonly string[]).includes(alg);
}

function isFormat(format: string): format is Format {
  return Object.hasOwn(FORMATS, format);
}

function parse(args: string[]) {
  try {
    return parseArgs({
      args,
      options: {
        format: { type: "string", short: "f", default: "jwk" },
        list: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    // node:util's messages are one line; keep the sentence naming the problem.
    throw new UsageError(String((error as Error).message).split(". ")[0]);
  }
}

async function secretBytes(alg: SecretAlg): Promise<Uint8Array> {
  const secret = await generateSecret(alg, { extractable: true });
  if (secret instanceof Uint8Array) return secret;
  return new Uint8Array(await crypto.subtle.exportKey("raw", secret));
}

/** Runs the command; returns the line for stdout. */
async function run(args: string[]): Promise<string> {
  const { values, positionals } = parse(args);
  if (values.help) return USAGE;
  if (values.list) return SECRET_ALGS.join("\n");
  const [alg, ...extra] = positionals;
  if (alg === undefined) {
    throw new UsageError("missing <alg>: run with --list for the identifiers");
  }
  if (extra.length > 0) {
    throw new UsageError(`expected one <alg>, got ${positionals.length}`);
  }
  if (!isSecretAlg(alg)) {
    throw new UsageError(
      `unsupported <alg> ${
        JSON.stringify(alg)
      }: run with --list for the identifiers`,
    );
  }
  if (!isFormat(values.format)) {
    throw new UsageError(
      `unknown format ${
        JSON.stringify(values.format)
      }: use jwk, base64url or hex`,
    );
  }
  return FORMATS[values.format](alg, await secretBytes(alg));
}

if (import.meta.main) {
  try {
    console.log(await run(Deno.args));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`error: ${error.message}`);
    Deno.exit(2);
  }
}
