// Copyright 2026 the @x/jose authors. MIT license.
/**
 * An encrypted JWK Set (RFC 7517 section 7) in the one form a key ring
 * stores: a JWE in compact serialization with `alg` `A256KW` and `enc`
 * `A256GCM` (RFC 7516, RFC 7518 sections 4.4 and 5.3), `cty`
 * `jwk-set+json`, that jose's `compactDecrypt()` opens with the same key.
 *
 * Written with WebCrypto rather than jose, so that the published `keyring`
 * entry imports nothing: one fixed pair of algorithms is two WebCrypto calls
 * each way. The tests hold it to jose both ways.
 *
 * @example Encrypt a JWK Set's text and open it again
 * ```ts
 * import { decryptJwkSet, encryptJwkSet } from "./encrypted_jwk_set.ts";
 * import { generateSecret } from "./generate_secret.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const kek = await generateSecret("A256KW");
 * const jwe = await encryptJwkSet('{"keys":[]}', kek);
 * assertEquals(await decryptJwkSet(jwe, kek), '{"keys":[]}');
 * ```
 *
 * @module
 */
import { decodeBase64Url, encodeBase64Url } from "./format.ts";

/** The protected header every set is written with, base64url. */
const HEADER = encodeBase64Url(
  new TextEncoder().encode(
    '{"alg":"A256KW","enc":"A256GCM","cty":"jwk-set+json"}',
  ),
);

/** Why a JWE could not be opened, in words for a message. */
export class JweError extends Error {}

/**
 * Encrypts `text`, a JWK Set's JSON, under `kek`, an AES-KW key of 256 bits
 * with the `wrapKey` usage: a fresh content key and IV for every call.
 */
export async function encryptJwkSet(
  text: string,
  kek: CryptoKey,
): Promise<string> {
  const cek = await crypto.subtle.generateKey(
    { name: "AES-GCM", length: 256 },
    true,
    ["encrypt"],
  );
  const wrapped = await crypto.subtle.wrapKey("raw", cek, kek, "AES-KW");
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const sealed = new Uint8Array(
    await crypto.subtle.encrypt(
      {
        name: "AES-GCM",
        iv,
        additionalData: new TextEncoder().encode(HEADER),
        tagLength: 128,
      },
      cek,
      new TextEncoder().encode(text),
    ),
  );
  return [
    HEADER,
    encodeBase64Url(new Uint8Array(wrapped)),
    encodeBase64Url(iv),
    encodeBase64Url(sealed.subarray(0, -16)),
    encodeBase64Url(sealed.subarray(-16)),
  ].join(".");
}

/**
 * Opens a JWE that {@linkcode encryptJwkSet} (or jose, with the same header)
 * wrote, to its plaintext. Anything else is refused with a {@linkcode
 * JweError}: another `alg` or `enc`, a `zip` or `crit`, a `cty` that is not
 * `jwk-set+json`, a part that is not canonical base64url, or a key that does
 * not open it.
 */
export async function decryptJwkSet(
  jwe: string,
  kek: CryptoKey,
): Promise<string> {
  const parts = jwe.split(".");
  const [header, wrapped, iv, ciphertext, tag] = parts.map(decodeBase64Url);
  if (parts.length !== 5 || !header || !wrapped || !iv || !ciphertext || !tag) {
    throw new JweError("not a JWE in compact serialization");
  }
  let fields: Record<string, unknown>;
  try {
    fields = JSON.parse(
      new TextDecoder("utf-8", { fatal: true }).decode(header),
    );
  } catch {
    throw new JweError("its protected header is not JSON");
  }
  if (typeof fields !== "object" || fields === null) {
    throw new JweError("its protected header is not a JSON object");
  }
  const { alg, enc, cty, zip, crit } = fields;
  if (alg !== "A256KW" || enc !== "A256GCM") {
    throw new JweError(
      `it is ${JSON.stringify(alg)}/${JSON.stringify(enc)}, not A256KW/A256GCM`,
    );
  }
  if (zip !== undefined || crit !== undefined) {
    throw new JweError(`its header has ${zip !== undefined ? "zip" : "crit"}`);
  }
  if (cty !== "jwk-set+json") {
    throw new JweError(`its cty is ${JSON.stringify(cty)}, not "jwk-set+json"`);
  }
  // A256GCM's key is 32 bytes, 40 once wrapped (RFC 3394).
  if (wrapped.length !== 40 || iv.length !== 12 || tag.length !== 16) {
    throw new JweError("its key, IV or tag has the wrong length for A256GCM");
  }
  let plain: ArrayBuffer;
  try {
    const cek = await crypto.subtle.unwrapKey(
      "raw",
      wrapped,
      kek,
      "AES-KW",
      "AES-GCM",
      false,
      ["decrypt"],
    );
    plain = await crypto.subtle.decrypt(
      {
        name: "AES-GCM",
        iv,
        additionalData: new TextEncoder().encode(parts[0]!),
        tagLength: 128,
      },
      cek,
      joined(ciphertext, tag),
    );
  } catch {
    throw new JweError("the kek does not open it");
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(plain);
  } catch {
    throw new JweError("its plaintext is not UTF-8");
  }
}

/** `a` and `b`, one after the other. */
function joined(a: Uint8Array, b: Uint8Array): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(a.length + b.length);
  bytes.set(a);
  bytes.set(b, a.length);
  return bytes;
}
