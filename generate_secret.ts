// Copyright 2026 the @x/jose authors. MIT license.
/**
 * Generates a fresh symmetric secret for a JWA algorithm identifier, the way
 * jose's `generateSecret()` does: a WebCrypto `CryptoKey` for the HMAC, AES-KW
 * and AES-GCM identifiers, a `Uint8Array` for the AES_CBC_HMAC_SHA2 ones.
 *
 * It is at `@x/jose/generate/secret`, and at `@x/jose/key/generate/secret`,
 * the subpath jose 6 publishes it under; both export what `@x/jose` does.
 * It imports nothing and needs no permissions: it uses only the WebCrypto
 * globals that Deno, Node.js, Bun, Cloudflare Workers and browsers share.
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
 * What {@linkcode generateSecret} accepts as `alg`: any string, with the 15
 * supported identifiers offered first by editors. The name and meaning are
 * jose's, so code moving from jose's `GenerateSecretAlgorithm` keeps working.
 */
// `string & {}` keeps the 15 identifiers in editors' completions while any
// string is still accepted; a plain `string` would swallow them.
// deno-lint-ignore ban-types
export type GenerateSecretAlgorithm = SecretAlg | (string & {});

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
 * The error for an identifier that is not supported, or for a CryptoKey
 * identifier where WebCrypto's `crypto.subtle` is missing (a browser page
 * outside a secure context). Its `name` and `code` are jose's, so code that
 * branches on jose's errors works unchanged.
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

/**
 * Makes the arguments `crypto.subtle.generateKey()` takes for an identifier,
 * new objects on every call: a wrapper or polyfill of `generateKey()` that
 * edits what it is given (`algorithm.length = 8`, `usages.pop()`) then changes
 * that one call, never the keys made after it.
 */
type KeySpec = () => [
  algorithm: HmacKeyGenParams | AesKeyGenParams,
  usages: KeyUsage[],
];

/**
 * What each identifier generates, as RFC 7518 gives it: a maker of a
 * CryptoKey's `generateKey()` arguments, or a number of random bytes. Written
 * family by family from the key sizes rather than as 15 entries, which bundles
 * smaller; the tests pin every entry. A Map, so that "__proto__", "toString"
 * or a non-string `alg` find nothing.
 */
const SECRETS = new Map<SecretAlg, KeySpec | number>();
const AES_BITS = [128, 192, 256] as const;
// Section 3.2: an HMAC key as long as the hash.
for (const bits of [256, 384, 512] as const) {
  SECRETS.set(`HS${bits}`, () => [
    { name: "HMAC", hash: `SHA-${bits}`, length: bits },
    ["sign", "verify"],
  ]);
}
// Section 4.4: an AES key to wrap keys with.
for (const bits of AES_BITS) {
  SECRETS.set(`A${bits}KW`, () => [
    { name: "AES-KW", length: bits },
    ["wrapKey", "unwrapKey"],
  ]);
}
// Sections 4.7 and 5.3: an AES-GCM key, to wrap keys or to encrypt content.
// Loops of the same shape, written out: gzip shrinks them better than one
// shared loop or helper (`deno task size` measures it).
for (const bits of AES_BITS) {
  SECRETS.set(`A${bits}GCMKW`, () => [
    { name: "AES-GCM", length: bits },
    ["encrypt", "decrypt"],
  ]);
}
for (const bits of AES_BITS) {
  SECRETS.set(`A${bits}GCM`, () => [
    { name: "AES-GCM", length: bits },
    ["encrypt", "decrypt"],
  ]);
}
// Section 5.2: an HMAC key and an AES key of `bits` each, joined, which one
// CryptoKey cannot hold: `bits * 2 / 8` random bytes.
for (const bits of AES_BITS) {
  // The compiler sees `bits * 2` as any number, hence the assertion.
  SECRETS.set(`A${bits}CBC-HS${bits * 2}` as CbcHsAlg, bits / 4);
}

/**
 * The 15 identifiers {@linkcode generateSecret} supports: the CryptoKey ones
 * (HMAC, AES-KW, AES-GCM for key wrapping, AES-GCM), then the
 * AES_CBC_HMAC_SHA2 ones.
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
  ...SECRETS.keys(),
]);

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
 * {@linkcode SECRET_ALGS}, or for a CryptoKey where `crypto.subtle` is missing
 * (outside a secure context), and a `TypeError` for an `extractable` option
 * that is not a boolean.
 *
 * @throws {JOSENotSupported} (as a rejection) when `alg` is not one of
 * {@linkcode SECRET_ALGS}, exactly as written, or not a string; and for a
 * CryptoKey identifier where `crypto.subtle` is missing (a browser page that
 * is not a secure context).
 * @throws {TypeError} (as a rejection) when `options.extractable` is present
 * and not a boolean.
 * @throws {DOMException} (as a rejection) WebCrypto's own error, unchanged,
 * when the platform refuses the key (Chromium has no 192-bit AES).
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
export function generateSecret<Alg extends GenerateSecretAlgorithm>(
  alg: Alg,
  options?: GenerateSecretOptions,
): Promise<GeneratedSecret<Alg>> {
  // Not `async`: the CryptoKey promise is WebCrypto's own, with no extra
  // wrapper or tick, and the try/catch keeps every failure, a replaced
  // `generateKey()` that throws included, in a promise.
  try {
    // Read once: a getter must not pass the check and then answer differently.
    const extractable = options?.extractable;
    if (extractable !== undefined && typeof extractable !== "boolean") {
      throw new TypeError('"extractable" option must be a boolean');
    }
    // `alg` may be any value at run time.
    const secret = (SECRETS as ReadonlyMap<unknown, KeySpec | number>).get(alg);
    if (!secret) {
      throw new JOSENotSupported(
        'Invalid or unsupported "alg" (Algorithm) value',
      );
    }
    if (typeof secret === "number") {
      return Promise.resolve(
        crypto.getRandomValues(new Uint8Array(secret)),
      ) as Promise<GeneratedSecret<Alg>>;
    }
    // Browsers leave `crypto.subtle` undefined outside secure contexts.
    const subtle = crypto.subtle;
    if (!subtle) {
      throw new JOSENotSupported(
        "crypto.subtle is unavailable: WebCrypto needs a secure context",
      );
    }
    const [algorithm, usages] = secret();
    // `Promise.resolve()` hands WebCrypto's own promise back as it is, with
    // no extra tick, and turns anything else a replaced `generateKey()` may
    // return (a plain value, a thenable, a promise of another realm) into a
    // promise of this realm.
    return Promise.resolve(
      subtle.generateKey(algorithm, extractable ?? false, usages),
    ) as Promise<GeneratedSecret<Alg>>;
  } catch (error) {
    return Promise.reject(error);
  }
}
