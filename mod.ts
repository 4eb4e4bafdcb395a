// Copyright 2026 the @x/jose authors. MIT license.
/**
 * `generateSecret()` from [jose](https://github.com/panva/jose) for Deno, Deno
 * Deploy, Bun, Node.js, browsers and Cloudflare Workers: give it a JWA algorithm
 * identifier (`HS256`, `A256GCM`, `A128CBC-HS256`, …) and it returns a fresh
 * symmetric secret, a WebCrypto `CryptoKey` or, for the AES_CBC_HMAC_SHA2
 * identifiers, a `Uint8Array`. Same results, errors and export names as jose v6;
 * stricter with bad input; typed by the identifier; no imports, no permissions.
 * `@x/jose/keyring` keeps a fleet's keys in Deno KV, and rotates them.
 *
 * ## Install and import
 *
 * | runtime                    | add it                                             | import from                                       |
 * | -------------------------- | -------------------------------------------------- | ------------------------------------------------- |
 * | Deno, Deno Deploy          | nothing (or `deno add jsr:@x/jose`)                | `"jsr:@x/jose"` (or `"@x/jose"` after `deno add`) |
 * | Node.js 20+, Bun, Workers  | `npx jsr add @x/jose` (`bunx jsr add`, `pnpm dlx`) | `"@x/jose"` (wrangler and bundlers bundle it)     |
 * | browsers without a bundler | nothing                                            | `"https://esm.sh/jsr/@x/jose@0.1.0"`              |
 *
 * `@x/jose/generate/secret` and `@x/jose/key/generate/secret` (jose 6's subpath)
 * export the same. Browsers give `crypto.subtle` only to https: and localhost.
 *
 * ```ts
 * import { generateSecret } from "@x/jose";
 * import { assertEquals } from "@std/assert";
 *
 * const hmac = await generateSecret("HS256"); // a CryptoKey, to sign JWTs
 * assertEquals(hmac.usages.toSorted(), ["sign", "verify"]);
 * const bytes = await generateSecret("A128CBC-HS256"); // CBC-HS: two keys, bytes
 * assertEquals(bytes.length, 32);
 * ```
 *
 * ## What each identifier gives
 *
 * | `alg`                                             | resolves to  | WebCrypto algorithm                            | usages             |
 * | ------------------------------------------------- | ------------ | ---------------------------------------------- | ------------------ |
 * | `HS256`, `HS384`, `HS512`                         | `CryptoKey`  | HMAC, hash SHA-256/384/512, length 256/384/512 | sign, verify       |
 * | `A128KW`, `A192KW`, `A256KW`                      | `CryptoKey`  | AES-KW, length 128/192/256                     | wrapKey, unwrapKey |
 * | `A128GCMKW`, `A192GCMKW`, `A256GCMKW`             | `CryptoKey`  | AES-GCM, length 128/192/256                    | encrypt, decrypt   |
 * | `A128GCM`, `A192GCM`, `A256GCM`                   | `CryptoKey`  | AES-GCM, length 128/192/256                    | encrypt, decrypt   |
 * | `A128CBC-HS256`, `A192CBC-HS384`, `A256CBC-HS512` | `Uint8Array` | 32/48/64 bytes from `crypto.getRandomValues()` | —                  |
 *
 * `SECRET_ALGS` lists the 15, in this order. The type follows the identifier
 * (`"HS256"`: `CryptoKey`), as do jose's type names, which are exported too.
 *
 * ## Options and errors
 *
 * `generateSecret(alg, { extractable })`: keys are not extractable unless it is
 * `true`; `"false"` or `1` reject. Every failure is a rejected promise:
 *
 * | when                                                                | rejects with                                                                                             |
 * | ------------------------------------------------------------------- | -------------------------------------------------------------------------------------------------------- |
 * | `alg` is not one of the 15, exactly as written, or not a string     | `JOSENotSupported` (`code` `"ERR_JOSE_NOT_SUPPORTED"`): `Invalid or unsupported "alg" (Algorithm) value` |
 * | `extractable` is there and not a boolean                            | `TypeError`: `"extractable" option must be a boolean`                                                    |
 * | a CryptoKey where `crypto.subtle` is missing (not a secure context) | `JOSENotSupported`: `crypto.subtle is unavailable: WebCrypto needs a secure context`; bytes still work   |
 * | WebCrypto refuses the key (Chromium has no 192-bit AES)             | WebCrypto's own error, unchanged, as in jose                                                             |
 *
 * Names, codes and the first two messages are jose's.
 *
 * ## Security notes
 *
 * - A non-extractable key can be used but never read back, even by your code. Ask
 *   for `extractable: true` only to store the key once, exported (or with the
 *   CLI), in a secrets manager or an environment variable, never in source
 *   control. One key per algorithm: a JWK's `alg` pins it.
 * - A thumbprint `kid` is a SHA-256 hash of the key: no help to guess it, but it
 *   identifies the key wherever it appears; `--kid` sets your own.
 *
 * ## Keys for a fleet
 *
 * `@x/jose/keyring` gives every instance of an app (Deno Deploy isolates, several
 * servers) the same current key, keeps older ones to verify with, and rotates: one
 * new key a period across the fleet, added before it takes over so that every
 * instance holds it first. The ring is one Deno KV entry (`@deno/kv` on Node.js
 * and Bun), with a `kek` encrypted; [its docs](https://jsr.io/@x/jose/doc/keyring)
 * say more. A Deno Deploy app, its kek made by `deno task secret A256KW`:
 *
 * ```ts
 * import { openKeyRing } from "jsr:@x/jose/keyring";
 * import { jwtVerify, SignJWT } from "npm:jose@6.2.18";
 * import { assertEquals } from "@std/assert";
 * const TRY = '{"kty":"oct","k":"UZj02Z5JdRl-uUo8YvSbh3X0J9Jt_LwKP8e4aef2tjY"}';
 *
 * // RING_KEK: the kek's JWK, in the app's settings (or TRY, to try it).
 * const jwk = JSON.parse(Deno.env.get("RING_KEK") ?? TRY);
 * const kek = await crypto.subtle.importKey("jwk", jwk, "AES-KW", false, [
 *   "wrapKey",
 *   "unwrapKey",
 * ]);
 * const kv = await Deno.openKv(":memory:"); // on Deno Deploy: Deno.openKv()
 * const ring = await openKeyRing(kv, {
 *   name: "session",
 *   alg: "HS256",
 *   rotateAfter: 7 * 86_400_000, // a new key each week; last week's verifies
 *   kek,
 * });
 *
 * async function handler(request: Request): Promise<Response> {
 *   if (new URL(request.url).pathname === "/login") {
 *     const { kid, key } = await ring.current();
 *     const jwt = new SignJWT({ sub: "ada" }).setExpirationTime("1h");
 *     const token = await jwt.setProtectedHeader({ alg: "HS256", kid }).sign(key);
 *     return Response.json({ token });
 *   }
 *   const token = request.headers.get("authorization")?.slice(7) ?? "";
 *   const { payload } = await jwtVerify(token, ring.getKey)
 *     .catch(() => ({ payload: undefined }));
 *   return new Response(payload ? `hello ${payload.sub}` : "who?");
 * }
 *
 * // Deno.serve(handler) on Deno Deploy; here, one request each way.
 * const { token } = await (await handler(new Request("http://a/login"))).json();
 * const headers = { authorization: `Bearer ${token}` };
 * const hello = await handler(new Request("http://a/", { headers }));
 * assertEquals(await hello.text(), "hello ada");
 * ring.close(), kv.close();
 * ```
 *
 * ## The CLI
 *
 * Prints secrets to store. In a clone, `deno task secret` runs it with the
 * permissions its arguments need (elsewhere `deno run jsr:@x/jose/cli`, with
 * them); `--help` shows [every option](https://jsr.io/@x/jose/doc/cli). `keyset`
 * keeps a JWK Set file that you rotate, replaced whole at every change (a lock
 * file written, flushed and renamed, as git writes its index) and owner-only.
 * Files are clear unless `--password-file` (or `--kek-env`) makes them a JWE that
 * jose and step open. `keyring` rotates and prunes a fleet's ring in Deno KV.
 *
 * ```console
 * $ deno task secret HS256
 * {"kty":"oct","alg":"HS256","k":"QPoWI2xQfz-gKMfH2aGJ5W9xicAaeVd39p2kNDiQ55A"}
 * $ deno task secret keyset add keys.jwe HS256 --keep 2 --password-file pw.txt
 * 2lPD3aXbn4nQbfwnWZ-GHXCXmdSb5bdLtSkCOQ9BBz4
 * $ deno task secret keyset list keys.jwe --password-file pw.txt
 * 2lPD3aXbn4nQbfwnWZ-GHXCXmdSb5bdLtSkCOQ9BBz4	HS256
 * $ deno task secret keyring rotate session --kv fleet.sqlite
 * CBKZ9QNFxjEOQZ1Ryrh46b4L7d3nqW8I_l0UtZ3SyNs
 * ```
 *
 * ## Runtime support
 *
 * `deno task test:runtimes` runs the conformance checks (the module's; the key
 * ring's, on a Deno KV file) in each runtime, and writes what it saw here.
 *
 * <!-- runtimes: written by deno task test:runtimes -->
 *
 * Last run 2026-12-02, on Debian GNU/Linux 12 (bookworm), x86_64, 2 cores:
 *
 * | runtime                                  | version                    | result                                                                                                                                                                                                                                                                                         |
 * | ---------------------------------------- | -------------------------- | ---------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------- |
 * | Deno (no permission flags)               | 2.9.6                      | pass (31/31)                                                                                                                                                                                                                                                                                   |
 * | Node.js (this machine's)                 | v20.20.2                   | pass (31/31)                                                                                                                                                                                                                                                                                   |
 * | Node.js 22                               | v22.23.3                   | pass (31/31)                                                                                                                                                                                                                                                                                   |
 * | Node.js 24                               | v24.21.0                   | pass (31/31)                                                                                                                                                                                                                                                                                   |
 * | Node.js 26                               | v26.12.1                   | pass (31/31)                                                                                                                                                                                                                                                                                   |
 * | Bun                                      | 1.4.5                      | pass (31/31)                                                                                                                                                                                                                                                                                   |
 * | Cloudflare workerd                       | workerd 2026-11-17         | pass (31/31)                                                                                                                                                                                                                                                                                   |
 * | Key ring: Deno (Deno.openKv)             | 2.9.6                      | pass (6/6)                                                                                                                                                                                                                                                                                     |
 * | Key ring: Node.js 22 (@deno/kv)          | v22.23.3                   | pass (6/6)                                                                                                                                                                                                                                                                                     |
 * | Key ring: Node.js 24 (@deno/kv)          | v24.21.0                   | pass (6/6)                                                                                                                                                                                                                                                                                     |
 * | Key ring: Bun (@deno/kv, JSON codec)     | 1.4.5                      | pass (6/6)                                                                                                                                                                                                                                                                                     |
 * | Chromium (127.0.0.1)                     | Chromium 156.0.8078.114    | pass (31/31); A192KW rejects as the platform does (OperationError: 192-bit AES keys are not supported); A192GCMKW rejects as the platform does (OperationError: 192-bit AES keys are not supported); A192GCM rejects as the platform does (OperationError: 192-bit AES keys are not supported) |
 * | Firefox (127.0.0.1)                      | Mozilla Firefox 153.8.0esr | pass (31/31)                                                                                                                                                                                                                                                                                   |
 * | Chromium (insecure http://insecure.test) | Chromium 156.0.8078.114    | pass (31/31)                                                                                                                                                                                                                                                                                   |
 *
 * <!-- end of runtimes -->
 *
 * ## Cost and size
 *
 * `deno task bench`: `generateSecret()` takes 0.99 to 1.03 times as long as
 * WebCrypto by hand, and a ring's `current()` and `getKey` add nothing measurable
 * to HS256 sign-and-verify with jose ([figures](CONTRIBUTING.md#the-benchmark)).
 * `deno task size`: the `@x/jose/generate/secret` entry is 644 B gzipped, jose's
 * `generateSecret` 639 B.
 *
 * @module
 */
export * from "./generate_secret.ts";
