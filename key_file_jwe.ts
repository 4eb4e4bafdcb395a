// Copyright 2026 the @x/jose authors. MIT license.
/**
 * Key files encrypted at rest, for the CLI's `--out` and `keyset`: a JWK or a
 * JWK Set as the plaintext of a JWE in compact serialization (RFC 7517
 * section 7), `enc` `A256GCM`, encrypted with a password
 * (`PBES2-HS512+A256KW`, 210,000 rounds) or a key-encryption key (`A128KW`,
 * `A192KW`, `A256KW`), which jose, step and any JOSE library open.
 *
 * jose does the JWE. It is imported only when a file is encrypted or
 * decrypted, through a variable, so that Deno fetches it at start-up only
 * for a run that uses it: `deno task secret HS256` fetches nothing.
 *
 * @example
 * ```ts ignore
 * import { decryptKeyFile, encryptKeyFile } from "./key_file_jwe.ts";
 *
 * const password = { password: new TextEncoder().encode("correct horse") };
 * const jwe = await encryptKeyFile('{"keys":[]}', "jwk-set+json", password);
 * console.log(await decryptKeyFile("keys.jwe", jwe, password));
 * ```
 *
 * @module
 */
import type * as Jose from "npm:jose@6.2.18";
import { decodeBase64Url } from "./format.ts";
import { InputError, quote } from "./input.ts";

/** The key-wrapping identifiers a key-encryption key may have. */
export const KEK_ALGS = ["A128KW", "A192KW", "A256KW"] as const;
/** One of {@linkcode KEK_ALGS}. */
export type KekAlg = typeof KEK_ALGS[number];

/** What a file is written with by a password, and how many rounds. */
export const PASSWORD_ALG = "PBES2-HS512+A256KW";
/** OWASP's PBKDF2-HMAC-SHA512 rounds (2023). */
export const PASSWORD_ROUNDS = 210_000;
/** The rounds a file may ask for: fewer is unsafe, more a denial of service. */
export const MIN_ROUNDS = 1_000;
export const MAX_ROUNDS = 10_000_000;

/** The `alg`s read back: step's PBES2 ones too (it writes HS256+A128KW). */
const PASSWORD_ALGS = [
  "PBES2-HS256+A128KW",
  "PBES2-HS384+A192KW",
  "PBES2-HS512+A256KW",
];

/** A password (as bytes) or a key-encryption key, and its `alg`. */
export type Protection =
  | { password: Uint8Array }
  | { kek: CryptoKey; alg: KekAlg };

/** What a JWE's plaintext is: one JWK (step's form), or a JWK Set. */
export type ContentType = "jwk+json" | "jwk-set+json";

/** A file that cannot be used as it is: exit code 1. */
export class KeyFileError extends Error {}

// Through a variable: a literal import("npm:…") is fetched at start-up.
const JOSE = "npm:jose@6.2.18";
let jose: Promise<typeof Jose> | undefined;
function loadJose(): Promise<typeof Jose> {
  return jose ??= import(JOSE);
}

/** The `alg` a protection writes a new file with. */
export function algOf(protection: Protection): string {
  return "password" in protection ? PASSWORD_ALG : protection.alg;
}

/** Says what a protection is, for messages. */
export function given(protection: Protection): string {
  return "password" in protection ? "--password-file" : "--kek-env";
}

/**
 * The protected header of `text` if it is a JWE in compact serialization,
 * or `undefined` where it is not (a clear file).
 */
export function jweHeader(text: string): Record<string, unknown> | undefined {
  const parts = text.trim().split(".");
  if (parts.length !== 5 || !/^[\w-]+$/.test(parts[0]!)) return undefined;
  const bytes = decodeBase64Url(parts[0]!);
  if (bytes === undefined) return undefined;
  try {
    const header = JSON.parse(new TextDecoder().decode(bytes));
    return typeof header === "object" && header !== null &&
        !Array.isArray(header)
      ? header
      : undefined;
  } catch {
    return undefined;
  }
}

/** The name of a header's `alg`, for messages: `PBES2-HS512+A256KW`. */
export function algName(header: Record<string, unknown>): string {
  return typeof header["alg"] === "string"
    ? quote(header["alg"]).slice(1, -1)
    : quote(String(header["alg"]));
}

/**
 * Encrypts `text`, a JWK or JWK Set's JSON, for a file: one line, without
 * its newline, with `alg` (by default the protection's own: a file read
 * with another PBES2 `alg` keeps it). A password gets a fresh 16-byte salt
 * and 210,000 rounds.
 */
export async function encryptKeyFile(
  text: string,
  cty: ContentType,
  protection: Protection,
  alg: string = algOf(protection),
): Promise<string> {
  const { CompactEncrypt } = await loadJose();
  const jwe = new CompactEncrypt(new TextEncoder().encode(text))
    .setProtectedHeader({ alg, enc: "A256GCM", cty });
  if ("password" in protection) {
    jwe.setKeyManagementParameters({
      p2c: PASSWORD_ROUNDS,
      p2s: crypto.getRandomValues(new Uint8Array(16)),
    });
    return await jwe.encrypt(protection.password);
  }
  return await jwe.encrypt(protection.kek);
}

/**
 * Opens a key file's JWE with a password or key, after checking its header
 * ourselves: `alg` one we take (and one that fits the protection), `enc`
 * `A256GCM`, no `zip` (jose would inflate it) or `crit`, a `p2c` from 1,000
 * to 10,000,000. Returns the plaintext and its `cty`.
 */
export async function decryptKeyFile(
  path: string,
  jwe: string,
  protection: Protection,
): Promise<{ text: string; cty: ContentType }> {
  const header = jweHeader(jwe);
  const file = quote(path);
  if (header === undefined) {
    throw new KeyFileError(`${file} is not a JWE in compact serialization`);
  }
  const { alg, enc, zip, crit, cty, p2c } = header;
  const passwordAlg = PASSWORD_ALGS.includes(alg as string);
  const kekAlg = (KEK_ALGS as readonly unknown[]).includes(alg);
  if (!passwordAlg && !kekAlg) {
    throw new KeyFileError(
      `${file} is encrypted with ${
        algName(header)
      }, which keyset does not take: only ${
        [...PASSWORD_ALGS, ...KEK_ALGS].join(", ")
      }`,
    );
  }
  if (enc !== "A256GCM") {
    throw new KeyFileError(
      `${file} is encrypted with enc ${quote(String(enc))}: only A256GCM`,
    );
  }
  if (zip !== undefined) {
    throw new KeyFileError(
      `${file} has a "zip" header: compressed key files are refused`,
    );
  }
  if (crit !== undefined) {
    throw new KeyFileError(`${file} has a "crit" header: refused`);
  }
  if (cty !== "jwk+json" && cty !== "jwk-set+json") {
    throw new KeyFileError(
      `${file} encrypts ${
        quote(String(cty))
      }, not a JWK (jwk+json) or JWK Set (jwk-set+json)`,
    );
  }
  if (passwordAlg) {
    if (!Number.isSafeInteger(p2c)) {
      throw new KeyFileError(
        `${file} has a p2c that is not a number of PBES2 rounds`,
      );
    }
    if ((p2c as number) < MIN_ROUNDS) {
      throw new KeyFileError(
        `${file} asks for ${String(p2c)} PBES2 rounds: fewer than ${
          MIN_ROUNDS.toLocaleString("en")
        } is unsafe`,
      );
    }
    if ((p2c as number) > MAX_ROUNDS) {
      throw new KeyFileError(
        `${file} asks for ${String(p2c)} PBES2 rounds: more than ${
          MAX_ROUNDS.toLocaleString("en")
        } is refused`,
      );
    }
  }
  if (passwordAlg !== ("password" in protection)) {
    throw new KeyFileError(
      `${file} is encrypted with ${passwordAlg ? "a password" : "a key"} (${
        algName(header)
      }), not what ${given(protection)} gives: give ${
        passwordAlg ? "--password-file" : "--kek-env"
      }`,
    );
  }
  const { compactDecrypt } = await loadJose();
  let plaintext: Uint8Array;
  try {
    ({ plaintext } = await compactDecrypt(
      jwe.trim(),
      "password" in protection ? protection.password : protection.kek,
      {
        keyManagementAlgorithms: [alg as string],
        contentEncryptionAlgorithms: ["A256GCM"],
        maxPBES2Count: MAX_ROUNDS,
      },
    ));
  } catch {
    throw new KeyFileError(`${file}: the password or key does not open it`);
  }
  try {
    return {
      text: new TextDecoder("utf-8", { fatal: true }).decode(plaintext),
      cty,
    };
  } catch {
    throw new KeyFileError(`${file}: what it encrypts is not text`);
  }
}

/**
 * Reads a password from the first line of `file` (`-`: stdin), without its
 * line end. An empty one is bad input.
 */
export async function readPassword(file: string): Promise<Uint8Array> {
  let bytes: Uint8Array;
  try {
    bytes = file === "-"
      ? new Uint8Array(await new Response(Deno.stdin.readable).arrayBuffer())
      : await Deno.readFile(file);
  } catch (error) {
    if (error instanceof Deno.errors.NotCapable) {
      throw new KeyFileError(
        `reading ${quote(file)} needs permission: run deno with -R=${file}`,
      );
    }
    if (error instanceof Deno.errors.NotFound) {
      throw new KeyFileError(`--password-file ${quote(file)} does not exist`);
    }
    throw new KeyFileError(
      `could not read --password-file ${quote(file)}: ${
        (error as Error).message
      }`,
    );
  }
  const text = new TextDecoder().decode(bytes);
  const line = text.split(/\r?\n/, 1)[0]!;
  if (line === "") {
    throw new InputError(
      `--password-file ${quote(file)}: its first line, the password, is empty`,
    );
  }
  return new TextEncoder().encode(line);
}

/**
 * Reads a key-encryption key from the environment variable `name`: the JWK
 * that `deno task secret A256KW` (or A128KW, A192KW) prints, as a key for
 * `algs`. A missing variable or another kind of key is bad input.
 */
export async function readKek(
  name: string,
  algs: readonly KekAlg[] = KEK_ALGS,
): Promise<{ kek: CryptoKey; alg: KekAlg }> {
  const text = Deno.env.get(name);
  if (text === undefined || text === "") {
    throw new InputError(`--kek-env ${quote(name)}: the variable is not set`);
  }
  const wanted = algs.join(", ").replace(/, (?=[^,]+$)/, " or ");
  const notKek = new InputError(
    `--kek-env ${quote(name)}: not an ${wanted} JWK (deno task secret ${
      algs.at(-1)
    } prints one)`,
  );
  let jwk: JsonWebKey;
  try {
    jwk = JSON.parse(text);
  } catch {
    throw notKek;
  }
  const bytes = typeof jwk?.k === "string" ? decodeBase64Url(jwk.k) : undefined;
  const alg = jwk?.alg ?? (bytes ? `A${bytes.length * 8}KW` : undefined);
  if (jwk?.kty !== "oct" || !(algs as readonly unknown[]).includes(alg)) {
    throw notKek;
  }
  try {
    const kek = await crypto.subtle.importKey("jwk", jwk, "AES-KW", false, [
      "wrapKey",
      "unwrapKey",
    ]);
    return { kek, alg: alg as KekAlg };
  } catch {
    throw notKek;
  }
}
