// Copyright 2026 the @x/jose authors. MIT license.
/**
 * Generates a fresh symmetric secret for a JWA algorithm identifier, the way
 * jose's `generateSecret()` does: a WebCrypto `CryptoKey` for the HMAC, AES-KW
 * and AES-GCM identifiers, a `Uint8Array` for the AES_CBC_HMAC_SHA2 ones.
 *
 * This file imports nothing and needs no permissions: it uses only the
 * WebCrypto globals that Deno, Node.js, Bun, Cloudflare Workers and browsers
 * share.
 *
 * @example Generate an HMAC key for HS256
 * ```ts
 * import { generateSecret } from "@x/jose/generate/secret";
 * import { assertEquals } from "@std/assert";
 *
 * const key = await generateSecret("HS256");
 * assertEquals(key.algorithm.name, "HMAC");
 * assertEquals(key.extractable, false);
 * ```
 *
 * @module
 */

/** The JWA identifiers whose secret is a WebCrypto `CryptoKey`. */
export type CryptoKeyAlg =
  | "HS256"
  | "HS384"
  | "HS512"
  | "A128KW"
  | "A192KW"
  | "A256KW"
  | "A128GCMKW"
  | "A192GCMKW"
  | "A256GCMKW"
  | "A128GCM"
  | "A192GCM"
  | "A256GCM";

/**
 * The AES_CBC_HMAC_SHA2 identifiers (RFC 7518, section 5.2). Their secret is
 * an AES key and an HMAC key joined together, which WebCrypto cannot hold in
 * one `CryptoKey`, so it is returned as bytes.
 */
export type CbcHsAlg = "A128CBC-HS256" | "A192CBC-HS384" | "A256CBC-HS512";

/** Every JWA identifier that {@linkcode generateSecret} supports. */
export type SecretAlg = CryptoKeyAlg | CbcHsAlg;

/**
 * What {@linkcode generateSecret} resolves to for `Alg`: a `CryptoKey` for a
 * {@linkcode CryptoKeyAlg}, a `Uint8Array` for a {@linkcode CbcHsAlg}, and
 * either one for any other `string`.
 *
 * @typeParam Alg The identifier passed to {@linkcode generateSecret}.
 */
export type GeneratedSecret<Alg extends string> = Alg extends CbcHsAlg
  ? Uint8Array<ArrayBuffer>
  : Alg extends CryptoKeyAlg ? CryptoKey
  : CryptoKey | Uint8Array<ArrayBuffer>;

/** Options for {@linkcode generateSecret}. */
export interface GenerateSecretOptions {
  /**
   * Whether the generated `CryptoKey` may be exported with
   * `crypto.subtle.exportKey()`. Only `true` or `false` is accepted; anything
   * else rejects with a `TypeError` rather than being coerced. It has no
   * effect on the AES_CBC_HMAC_SHA2 identifiers, whose secret is bytes.
   *
   * @default {false}
   */
  extractable?: boolean | undefined;
}

/**
 * The error for an identifier that is not supported, or for a runtime that
 * lacks the WebCrypto API a secret needs. Its `name` and `code` are jose's, so
 * code that branches on jose's errors works unchanged.
 *
 * @example Branch on the error code
 * ```ts
 * import { generateSecret, JOSENotSupported } from "@x/jose";
 * import { assertEquals, assertRejects } from "@std/assert";
 *
 * const error = await assertRejects(() => generateSecret("none"), JOSENotSupported);
 * assertEquals(error.code, "ERR_JOSE_NOT_SUPPORTED");
 * ```
 */
export class JOSENotSupported extends Error {
  /** The error code, for callers that compare codes rather than classes. */
  static readonly code: "ERR_JOSE_NOT_SUPPORTED" = "ERR_JOSE_NOT_SUPPORTED";
  /** The error code: always `"ERR_JOSE_NOT_SUPPORTED"`. */
  readonly code: "ERR_JOSE_NOT_SUPPORTED" = "ERR_JOSE_NOT_SUPPORTED";
  /**
   * The error name: always `"JOSENotSupported"`. Written out rather than taken
   * from `constructor.name`, so that minified code keeps it.
   */
  override readonly name: "JOSENotSupported" = "JOSENotSupported";
}

interface KeySpec {
  readonly algorithm: HmacKeyGenParams | AesKeyGenParams;
  readonly usages: KeyUsage[];
}

// Shared by every call: WebCrypto copies both arguments when it reads them.
const SIGN: KeyUsage[] = ["sign", "verify"];
const WRAP: KeyUsage[] = ["wrapKey", "unwrapKey"];
const ENCRYPT: KeyUsage[] = ["encrypt", "decrypt"];

const hmac = (bits: number): KeySpec => ({
  algorithm: { name: "HMAC", hash: `SHA-${bits}`, length: bits },
  usages: SIGN,
});
const aes = (name: string, bits: number, usages: KeyUsage[]): KeySpec => ({
  algorithm: { name, length: bits },
  usages,
});

// RFC 7518: HS* in section 3.2, A*KW in 4.4, A*GCMKW in 4.7, A*GCM in 5.3.
const KEYS: Readonly<Record<CryptoKeyAlg, KeySpec>> = {
  HS256: hmac(256),
  HS384: hmac(384),
  HS512: hmac(512),
  A128KW: aes("AES-KW", 128, WRAP),
  A192KW: aes("AES-KW", 192, WRAP),
  A256KW: aes("AES-KW", 256, WRAP),
  A128GCMKW: aes("AES-GCM", 128, ENCRYPT),
  A192GCMKW: aes("AES-GCM", 192, ENCRYPT),
  A256GCMKW: aes("AES-GCM", 256, ENCRYPT),
  A128GCM: aes("AES-GCM", 128, ENCRYPT),
  A192GCM: aes("AES-GCM", 192, ENCRYPT),
  A256GCM: aes("AES-GCM", 256, ENCRYPT),
};

// RFC 7518 section 5.2: the MAC key and the encryption key, each half as long.
const CBC_HS_BYTES: Readonly<Record<CbcHsAlg, number>> = {
  "A128CBC-HS256": 32,
  "A192CBC-HS384": 48,
  "A256CBC-HS512": 64,
};

/**
 * The 15 identifiers {@linkcode generateSecret} supports, in RFC 7518 order.
 *
 * @example List the identifiers
 * ```ts
 * import { SECRET_ALGS } from "@x/jose";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(SECRET_ALGS.length, 15);
 * assertEquals(SECRET_ALGS.includes("A256GCM"), true);
 * ```
 */
export const SECRET_ALGS: readonly SecretAlg[] = Object.freeze([
  ...Object.keys(KEYS),
  ...Object.keys(CBC_HS_BYTES),
] as SecretAlg[]);

function webCrypto(): Crypto {
  const crypto = globalThis.crypto;
  if (crypto === undefined) {
    throw new JOSENotSupported(
      "WebCrypto is unavailable: this runtime has no globalThis.crypto",
    );
  }
  return crypto;
}

function subtleCrypto(): SubtleCrypto {
  // Browsers leave `crypto.subtle` undefined outside secure contexts.
  const subtle = webCrypto().subtle;
  if (subtle === undefined) {
    throw new JOSENotSupported(
      "WebCrypto's crypto.subtle is unavailable: generating a CryptoKey needs a secure context (https: or localhost)",
    );
  }
  return subtle;
}

function readExtractable(options: GenerateSecretOptions | undefined): boolean {
  if (options === undefined || options === null) return false;
  if (typeof options !== "object") {
    throw new TypeError('"options" must be an object');
  }
  // Read once: a getter must not pass the check and then answer differently.
  const extractable = options.extractable;
  if (extractable === undefined) return false;
  if (typeof extractable !== "boolean") {
    throw new TypeError('"extractable" option must be a boolean');
  }
  return extractable;
}

/**
 * Generates a fresh symmetric secret for a JWA algorithm identifier.
 *
 * HMAC, AES-KW and AES-GCM identifiers resolve to a `CryptoKey` made by
 * `crypto.subtle.generateKey()`; the AES_CBC_HMAC_SHA2 identifiers resolve to
 * a `Uint8Array` of random bytes from `crypto.getRandomValues()`. Keys are not
 * extractable unless `options.extractable` is `true`.
 *
 * Every failure is a rejected promise, never a synchronous throw:
 * {@linkcode JOSENotSupported} for an identifier that is not one of
 * {@linkcode SECRET_ALGS} (or a runtime without WebCrypto), and a `TypeError`
 * for options of the wrong type.
 *
 * @typeParam Alg The identifier's type; it decides the result's type.
 * @param alg The JWA algorithm identifier the secret is for, such as `"HS256"`.
 * @param options Whether the key may be exported; see {@linkcode GenerateSecretOptions}.
 * @returns A promise of the secret: a `CryptoKey`, or for `A128CBC-HS256`,
 * `A192CBC-HS384` and `A256CBC-HS512` a `Uint8Array` of 32, 48 or 64 bytes.
 *
 * @example Generate a key for AES-GCM content encryption
 * ```ts
 * import { generateSecret } from "@x/jose";
 * import { assertEquals } from "@std/assert";
 *
 * const key = await generateSecret("A256GCM");
 * assertEquals(key.algorithm, { name: "AES-GCM", length: 256 });
 * assertEquals(key.usages.toSorted(), ["decrypt", "encrypt"]);
 * ```
 *
 * @example Generate the bytes of an A128CBC-HS256 content key
 * ```ts
 * import { generateSecret } from "@x/jose";
 * import { assertEquals } from "@std/assert";
 *
 * const secret = await generateSecret("A128CBC-HS256");
 * assertEquals(secret.length, 32);
 * ```
 *
 * @example Generate an extractable key and export it as a JWK
 * ```ts
 * import { generateSecret } from "@x/jose";
 * import { assertEquals } from "@std/assert";
 *
 * const key = await generateSecret("HS512", { extractable: true });
 * const jwk = await crypto.subtle.exportKey("jwk", key);
 * assertEquals(jwk.alg, "HS512");
 * ```
 */
// `string & {}` keeps the 15 identifiers in editors' completions while any
// string is still accepted; a plain `string` would swallow them.
// deno-lint-ignore ban-types
export function generateSecret<Alg extends SecretAlg | (string & {})>(
  alg: Alg,
  options?: GenerateSecretOptions,
): Promise<GeneratedSecret<Alg>> {
  // Not `async`: the CryptoKey promise is WebCrypto's own, with no extra
  // wrapper or tick, and the try/catch keeps every failure in a promise.
  try {
    const extractable = readExtractable(options);
    if (typeof alg === "string") {
      if (Object.hasOwn(KEYS, alg)) {
        const { algorithm, usages } = KEYS[alg as CryptoKeyAlg];
        return subtleCrypto().generateKey(
          algorithm,
          extractable,
          usages,
        ) as Promise<GeneratedSecret<Alg>>;
      }
      if (Object.hasOwn(CBC_HS_BYTES, alg)) {
        const bytes = new Uint8Array(CBC_HS_BYTES[alg as CbcHsAlg]);
        return Promise.resolve(
          webCrypto().getRandomValues(bytes),
        ) as Promise<GeneratedSecret<Alg>>;
      }
    }
    throw new JOSENotSupported(
      'Invalid or unsupported "alg" (Algorithm) value',
    );
  } catch (error) {
    return Promise.reject(error);
  }
}
