// Copyright 2026 the @x/jose authors. MIT license.
/**
 * The text forms of a secret, written once for the CLI, the web API and the
 * web page: a JSON Web Key (RFC 7517), a JWK Set, the RFC 7638 thumbprint
 * that serves as a key id, base64url and hex.
 *
 * @example Print a JWK Set of two HS256 keys, each with its thumbprint as kid
 * ```ts
 * import { formatSecrets, generateSecrets } from "./format.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const secrets = await generateSecrets("HS256", 2);
 * const set = JSON.parse(await formatSecrets(secrets, "jwks"));
 * assertEquals(set.keys.length, 2);
 * ```
 *
 * @module
 */
import { encodeBase64Url } from "@std/encoding/base64url";
import { encodeHex } from "@std/encoding/hex";
import { generateSecret, type SecretAlg } from "./generate_secret.ts";

/** The output formats, in the order help texts list them. */
export const FORMATS = ["jwk", "jwks", "base64url", "hex"] as const;

/** One of {@linkcode FORMATS}. */
export type Format = typeof FORMATS[number];

/** A secret's identifier and its raw bytes. */
export interface Secret {
  /** The JWA identifier it was made for. */
  alg: SecretAlg;
  /** The key itself. */
  bytes: Uint8Array;
}

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

/** Tells whether `format` names one of {@linkcode FORMATS}. */
export function isFormat(format: string): format is Format {
  return (FORMATS as readonly string[]).includes(format);
}

/**
 * Makes `count` fresh secrets for `alg` and reads their bytes: a CryptoKey is
 * made extractable for that, and exported once.
 */
export async function generateSecrets(
  alg: SecretAlg,
  count: number,
): Promise<Secret[]> {
  return await Promise.all(
    Array.from({ length: count }, async () => {
      const secret = await generateSecret(alg, { extractable: true });
      const bytes = secret instanceof Uint8Array
        ? secret
        : new Uint8Array(await crypto.subtle.exportKey("raw", secret));
      return { alg, bytes };
    }),
  );
}

/** The JWK of a secret: `kty`, `kid` if given, `alg` and `k`, in that order. */
export function toJwk({ alg, bytes }: Secret, kid?: string): OctJwk {
  const k = encodeBase64Url(bytes);
  return kid === undefined
    ? { kty: "oct", alg, k }
    : { kty: "oct", kid, alg, k };
}

/**
 * The RFC 7638 thumbprint of a secret's JWK: SHA-256 over its required
 * members (`k`, `kty`) in that order, base64url. It is a hash of the key, so
 * it identifies the key without revealing it.
 */
export async function thumbprint(secret: Secret): Promise<string> {
  const { k } = toJwk(secret);
  const digest = await crypto.subtle.digest(
    "SHA-256",
    new TextEncoder().encode(JSON.stringify({ k, kty: "oct" })),
  );
  return encodeBase64Url(digest);
}

/** How keys get their `kid`: one given id, their thumbprints, or none. */
export type KeyId = { kid: string } | "thumbprint" | undefined;

/**
 * The text of `secrets` in `format`, without a final newline: `jwk`,
 * `base64url` and `hex` one secret per line; `jwks` one JWK Set holding them
 * all, every key with a `kid` (its thumbprint unless `keyId` says otherwise).
 * `keyId` gives `jwk` and `jwks` keys their ids; `base64url` and `hex` have
 * none.
 */
export async function formatSecrets(
  secrets: Secret[],
  format: Format,
  keyId?: KeyId,
): Promise<string> {
  if (format === "base64url" || format === "hex") {
    const encode = format === "hex" ? encodeHex : encodeBase64Url;
    return secrets.map(({ bytes }) => encode(bytes)).join("\n");
  }
  const id = format === "jwks" && keyId === undefined ? "thumbprint" : keyId;
  const jwks = await Promise.all(
    secrets.map(async (secret) =>
      toJwk(
        secret,
        id === "thumbprint" ? await thumbprint(secret) : id?.kid,
      )
    ),
  );
  return format === "jwks"
    ? JSON.stringify({ keys: jwks })
    : jwks.map((jwk) => JSON.stringify(jwk)).join("\n");
}
