// Copyright 2026 the @x/jose authors. MIT license.
/**
 * The text forms of a secret, written once for the CLI, the web API and the
 * web page: a JSON Web Key (RFC 7517), a JWK Set, the RFC 7638 thumbprint
 * that serves as a key id, base64url and hex.
 *
 * Each secret is one chain, generate → export → thumbprint, all chains at
 * once; a CryptoKey's `k` is WebCrypto's own `exportKey("jwk")`, and bytes
 * are encoded by the platform (`toBase64()`, `toHex()`) where it can.
 *
 * @example Print a JWK Set of two HS256 keys, each with its thumbprint as kid
 * ```ts
 * import { makeSecrets } from "./format.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const set = JSON.parse(await makeSecrets("HS256", 2, "jwks"));
 * assertEquals(set.keys.length, 2);
 * ```
 *
 * @module
 */
import { generateSecret, type SecretAlg } from "./generate_secret.ts";

/** The output formats, in the order help texts list them. */
export const FORMATS = ["jwk", "jwks", "base64url", "hex"] as const;

/** One of {@linkcode FORMATS}. */
export type Format = typeof FORMATS[number];

/** A symmetric JSON Web Key, with its members in the order printed. */
export interface OctJwk {
  /** Always `"oct"`: a symmetric key. */
  kty: "oct";
  /** The key id, when there is one. */
  kid?: string;
  /** The JWA identifier the key is for. */
  alg: SecretAlg;
  /** The key, base64url without padding. */
  k: string;
}

/** How keys get their `kid`: one given id, their thumbprints, or none. */
export type KeyId = { kid: string } | "thumbprint" | undefined;

/** Tells whether `format` names one of {@linkcode FORMATS}. */
export function isFormat(format: string): format is Format {
  return (FORMATS as readonly string[]).includes(format);
}

// `toBase64()` and `toHex()` (ES2026) where the engine has them; older
// browsers and runtimes take the fallback.
type Encodable = Uint8Array & {
  toBase64?(options: { alphabet: string; omitPadding: boolean }): string;
  toHex?(): string;
};

/** Bytes as base64url without padding (RFC 4648 section 5). */
export function encodeBase64Url(bytes: Uint8Array): string {
  const native = (bytes as Encodable).toBase64;
  if (native) {
    return native.call(bytes, { alphabet: "base64url", omitPadding: true });
  }
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/=+$/, "").replaceAll("+", "-")
    .replaceAll("/", "_");
}

/**
 * Base64url without padding back to bytes, or `undefined` for any text that
 * is not exactly what {@linkcode encodeBase64Url} writes for some bytes (a
 * padding, another alphabet, stray bits in the last character).
 */
export function decodeBase64Url(
  text: string,
): Uint8Array<ArrayBuffer> | undefined {
  if (!/^[\w-]*$/.test(text) || text.length % 4 === 1) return undefined;
  const binary = atob(text.replaceAll("-", "+").replaceAll("_", "/"));
  const bytes = Uint8Array.from(binary, (char) => char.charCodeAt(0));
  // atob() ignores the bits past the last whole byte: canonical text only.
  return encodeBase64Url(bytes) === text ? bytes : undefined;
}

/** Bytes as lowercase hex. */
export function encodeHex(bytes: Uint8Array): string {
  const native = (bytes as Encodable).toHex;
  if (native) return native.call(bytes);
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0"))
    .join("");
}

/**
 * The JWK of key material `k` as JSON text: `kty`, `kid` if given, `alg` and
 * `k`. A template, not `JSON.stringify()` of an object: `alg` is one of ours
 * and `k` is base64url, so neither needs escaping, and only `kid`, which may
 * be anything, goes through `JSON.stringify()`: per JWK, 4 ns where
 * `JSON.stringify()` of the object took 160 ns (`deno bench`, 2026-11-29).
 */
export function jwkText(alg: SecretAlg, k: string, kid?: string): string {
  return kid === undefined
    ? `{"kty":"oct","alg":"${alg}","k":"${k}"}`
    : `{"kty":"oct","kid":${JSON.stringify(kid)},"alg":"${alg}","k":"${k}"}`;
}

const encoder = new TextEncoder();

/**
 * The RFC 7638 thumbprint of a symmetric key's `k`: SHA-256 over its JWK's
 * required members (`k`, `kty`) in that order, base64url. It is a hash of the
 * key, so it identifies the key without revealing it.
 */
export async function thumbprint(k: string): Promise<string> {
  // `k` is base64url, so it needs no escaping inside the JSON string.
  const digest = await crypto.subtle.digest(
    "SHA-256",
    encoder.encode(`{"k":"${k}","kty":"oct"}`),
  );
  return encodeBase64Url(new Uint8Array(digest));
}

/**
 * A fresh secret's JWK, with `kid` its thumbprint, the id given, or none.
 */
export async function newJwk(alg: SecretAlg, keyId?: KeyId): Promise<OctJwk> {
  return JSON.parse(await oneSecret(alg, "jwk", keyId));
}

/**
 * One fresh secret in `format` (`jwks`: its JWK), in one chain: generate,
 * export, hash. Written as one async function, each step awaited once: every
 * extra promise between WebCrypto's and the caller's costs a turn of the
 * event loop, and those turns are most of what a request costs over the
 * platform's own.
 */
async function oneSecret(
  alg: SecretAlg,
  format: Format,
  keyId: KeyId,
): Promise<string> {
  const secret = await generateSecret(alg, { extractable: true });
  const bytes = secret instanceof Uint8Array;
  if (format === "hex") {
    return encodeHex(
      bytes
        ? secret
        : new Uint8Array(await crypto.subtle.exportKey("raw", secret)),
    );
  }
  const k = bytes
    ? encodeBase64Url(secret)
    : (await crypto.subtle.exportKey("jwk", secret)).k!;
  if (format === "base64url") return k;
  if (keyId !== "thumbprint") return jwkText(alg, k, keyId?.kid);
  // The thumbprint, inline rather than by thumbprint(): one step fewer.
  const digest = await crypto.subtle.digest(
    "SHA-256",
    encoder.encode(`{"k":"${k}","kty":"oct"}`),
  );
  return jwkText(alg, k, encodeBase64Url(new Uint8Array(digest)));
}

/** How a text lays out: the CLI's one line per JWK Set, or one per key. */
export interface Layout {
  /** Put each key of a JWK Set on a line of its own (for people to read). */
  keyPerLine?: boolean;
}

/**
 * The text of `count` fresh secrets for `alg` in `format`, without a final
 * newline: `jwk`, `base64url` and `hex` one secret per line; `jwks` one JWK
 * Set holding them all, every key with a `kid` (its thumbprint unless `keyId`
 * says otherwise). `keyId` gives `jwk` and `jwks` keys their ids; `base64url`
 * and `hex` have none.
 */
export function makeSecrets(
  alg: SecretAlg,
  count: number,
  format: Format,
  keyId?: KeyId,
  { keyPerLine = false }: Layout = {},
): Promise<string> {
  const id = format === "jwks" && keyId === undefined ? "thumbprint" : keyId;
  if (count === 1 && format !== "jwks") return oneSecret(alg, format, id);
  const lines = Promise.all(
    Array.from({ length: count }, () => oneSecret(alg, format, id)),
  );
  return lines.then((lines) =>
    format !== "jwks"
      ? lines.join("\n")
      : keyPerLine
      ? `{"keys":[\n${lines.join(",\n")}\n]}`
      : `{"keys":[${lines.join(",")}]}`
  );
}
