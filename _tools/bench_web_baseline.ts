// Copyright 2026 the @x/jose authors. MIT license.
/**
 * The bare platform doing what `GET /api/secret` does, for `deno task
 * bench:web` to compare the web app with: a `deno serve` handler that calls
 * WebCrypto by hand and sends the same body and the same headers (taken from
 * the app's own response, in `X_JOSE_BENCH_HEADERS`). It knows the two
 * requests the benchmark makes and nothing else: an HS256 JWK, and a JWK Set
 * of `count` A256GCM keys whose ids are their RFC 7638 thumbprints.
 *
 * @module
 */

const headers: Record<string, string> = JSON.parse(
  Deno.env.get("X_JOSE_BENCH_HEADERS") ?? "{}",
);
const JWK = { ...headers, "content-type": "application/jwk+json" };
const JWKS = { ...headers, "content-type": "application/jwk-set+json" };
const encoder = new TextEncoder();

/** Bytes as base64url: the platform's own encoder. */
function base64url(bytes: Uint8Array): string {
  return (bytes as Uint8Array & {
    toBase64(options: { alphabet: string; omitPadding: boolean }): string;
  }).toBase64({ alphabet: "base64url", omitPadding: true });
}

async function hs256(): Promise<Response> {
  const key = await crypto.subtle.generateKey(
    { name: "HMAC", hash: "SHA-256", length: 256 },
    true,
    ["sign", "verify"],
  );
  const { k } = await crypto.subtle.exportKey("jwk", key);
  return new Response(`{"kty":"oct","alg":"HS256","k":"${k}"}\n`, {
    headers: JWK,
  });
}

async function a256gcmKey(): Promise<string> {
  const key = await crypto.subtle.generateKey(
    { name: "AES-GCM", length: 256 },
    true,
    ["encrypt", "decrypt"],
  );
  const { k } = await crypto.subtle.exportKey("jwk", key);
  const digest = await crypto.subtle.digest(
    "SHA-256",
    encoder.encode(`{"k":"${k}","kty":"oct"}`),
  );
  const kid = base64url(new Uint8Array(digest));
  return `{"kty":"oct","kid":"${kid}","alg":"A256GCM","k":"${k}"}`;
}

export default {
  async fetch(request: Request): Promise<Response> {
    const url = new URL(request.url);
    if (url.searchParams.get("alg") === "HS256") return await hs256();
    const count = Number(url.searchParams.get("count"));
    const keys = await Promise.all(Array.from({ length: count }, a256gcmKey));
    return new Response(`{"keys":[${keys.join(",")}]}\n`, { headers: JWKS });
  },
} satisfies Deno.ServeDefaultExport;
