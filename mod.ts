// Copyright 2026 the @x/jose authors. MIT license.
/**
 * A port of jose's `generateSecret()` for Deno, Bun, Node.js, browsers and
 * Cloudflare Workers: given a JWA algorithm identifier it returns a fresh
 * symmetric secret, as a WebCrypto `CryptoKey` or, for the AES_CBC_HMAC_SHA2
 * identifiers, as a `Uint8Array`. It imports nothing and needs no permissions.
 *
 * The same exports are at `@x/jose/generate/secret` and at
 * `@x/jose/key/generate/secret` (the subpath jose 6 publishes).
 *
 * @example Generate an HMAC key and sign with it
 * ```ts
 * import { generateSecret } from "@x/jose";
 * import { assert } from "@std/assert";
 *
 * const key = await generateSecret("HS256");
 * const data = new TextEncoder().encode("hello");
 * const mac = await crypto.subtle.sign("HMAC", key, data);
 * assert(await crypto.subtle.verify("HMAC", key, mac, data));
 * ```
 *
 * @module
 */
export * from "./generate_secret.ts";
