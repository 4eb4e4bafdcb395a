// Copyright 2026 the @x/jose authors. MIT license.
/**
 * `generateSecret()` from [jose](https://github.com/panva/jose) for Deno, Deno
 * Deploy, Bun, Node.js, browsers and Cloudflare Workers: give it a JWA algorithm
 * identifier (`HS256`, `A256GCM`, `A128CBC-HS256`, …) and it returns a fresh
 * symmetric secret, a WebCrypto `CryptoKey` or, for the AES_CBC_HMAC_SHA2
 * identifiers, a `Uint8Array`. Same results, errors and export names as jose v6;
 * stricter with bad input; typed by the identifier; no imports, no permissions.
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
 * export the same. CryptoKeys need `crypto.subtle`, which browsers give only to
 * secure contexts (https:, or http://localhost).
 *
 * ```ts
 * import { generateSecret } from "@x/jose";
 * import { assertEquals } from "@std/assert";
 *
 * // HMAC, to sign JWTs: a CryptoKey, not extractable unless you ask.
 * const hmac = await generateSecret("HS256");
 * assertEquals(hmac.algorithm, {
 *   name: "HMAC",
 *   hash: { name: "SHA-256" },
 *   length: 256,
 * });
 *
 * // AES-KW, to wrap JWE content keys.
 * const kek = await generateSecret("A256KW");
 * assertEquals(kek.usages.toSorted(), ["unwrapKey", "wrapKey"]);
 *
 * // AES-GCM, to encrypt JWE content directly, exportable to store it.
 * const cek = await generateSecret("A256GCM", { extractable: true });
 * assertEquals((await crypto.subtle.exportKey("jwk", cek)).alg, "A256GCM");
 *
 * // AES_CBC_HMAC_SHA2: one CryptoKey cannot hold its two keys, so bytes.
 * const bytes = await generateSecret("A128CBC-HS256");
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
 * `SECRET_ALGS` lists the 15, in this order. The type follows the identifier:
 * `generateSecret("HS256")` is a `Promise<CryptoKey>`, `"A128CBC-HS256"` a
 * `Promise<Uint8Array<ArrayBuffer>>`, a `string` either. jose's type names are
 * exported too (`GenerateSecretAlgorithm`, `GeneratedSecret<Alg>`, …).
 *
 * ## Options and errors
 *
 * `generateSecret(alg, { extractable })`: keys are not extractable unless
 * `extractable` is `true`; `"false"`, `1` or `null` reject rather than become an
 * extractable key. Bytes ignore it. Every failure is a rejected promise:
 *
 * | when                                                                | rejects with                                                                                             |
 * | ------------------------------------------------------------------- | -------------------------------------------------------------------------------------------------------- |
 * | `alg` is not one of the 15, exactly as written, or not a string     | `JOSENotSupported` (`code` `"ERR_JOSE_NOT_SUPPORTED"`): `Invalid or unsupported "alg" (Algorithm) value` |
 * | `extractable` is there and not a boolean                            | `TypeError`: `"extractable" option must be a boolean`                                                    |
 * | a CryptoKey where `crypto.subtle` is missing (not a secure context) | `JOSENotSupported`: `crypto.subtle is unavailable: WebCrypto needs a secure context`; bytes still work   |
 * | WebCrypto refuses the key (Chromium has no 192-bit AES)             | WebCrypto's own error, unchanged, as in jose                                                             |
 *
 * Names, codes and the first two messages are jose's. Each call gives WebCrypto
 * new arguments, so a wrapper of `generateKey()` that edits them changes only its
 * own call; the result is always a native `Promise`.
 *
 * ## Security notes
 *
 * - A non-extractable key can be used but never read back, even by your code. Ask
 *   for `extractable: true` only to store or send the key. Randomness is
 *   WebCrypto's (`generateKey()`, `getRandomValues()`).
 * - Store a secret once, exported (`exportKey("jwk", key)` or the CLI), in a
 *   secrets manager or an environment variable, never in source control. One key
 *   per algorithm: a JWK's `alg` pins it. Treat CBC-HS bytes as the key they are.
 * - A thumbprint `kid` (JWK Sets) is a SHA-256 hash of the key: no help to guess
 *   it, but it identifies the key wherever it appears; `--kid` sets your own.
 *
 * ## The CLI
 *
 * Prints secrets to store, with no permissions (`--out` needs write permission for
 * its one file). `--help` shows [all options](https://jsr.io/@x/jose/doc/cli)
 * (`--count`, `--kid`, `--kid-thumbprint`, …); bad input gets one `error:` line,
 * with a suggestion for a near miss (`hs256`: did you mean `HS256`?), and exit 2.
 *
 * ```console
 * $ deno run jsr:@x/jose/cli HS256
 * {"kty":"oct","alg":"HS256","k":"QPoWI2xQfz-gKMfH2aGJ5W9xicAaeVd39p2kNDiQ55A"}
 * $ deno run jsr:@x/jose/cli HS256 --format jwks --count 2
 * {"keys":[{"kty":"oct","kid":"AItvvOUWT7aKSaiF034z-L9L6Ui228gUsgY6ONAXEWY","alg":"HS256","k":"KNfjgE6v2-3PrkwpMY7Fl94NOUwmxNMtRuNxWBIVuqA"},{"kty":"oct","kid":"TxYFfRrDvhDLJp8BhxjYlsBVmP00Yq5YueuLXtx5v40","alg":"HS256","k":"gRrekgUO145-jrcZzAsVO-TgONCOohP7UWkCydVB0-Q"}]}
 * $ deno run jsr:@x/jose/cli A256GCM --format base64url
 * NwsNZAuDq1X4-CbX1pWeM_BoUDa0cMgM6r_RWv5bLtA
 * $ deno run jsr:@x/jose/cli A128CBC-HS256 --format hex
 * 46e48e036caab11254761eea0ad0672d1da19d5eb78e2092c9ab6d49bc28fe27
 * $ deno run --allow-write=key.json jsr:@x/jose/cli A256GCM --out key.json
 * $ stat -c %A key.json   # a new file, owner-only; never one that exists
 * -rw-------
 * ```
 *
 * ### Key sets you rotate
 *
 * `keyset` keeps a JWK Set file: `add` puts a new key first (the one to sign or
 * encrypt with) and `--keep n` drops all but the newest `n`, so tokens made with
 * the previous keys still verify for a while. `list`, `find` and `remove` do what
 * they say. The file is replaced whole at every change, as git writes its index (a
 * `keys.json.lock` written, flushed to disk, renamed over the file), so a crash or
 * a kill leaves the old set or the new one, never half of one; writers wait for
 * each other's lock. It stays owner-only (mode 0600), and a file others may read,
 * a symbolic link or anything not a JWK Set is refused untouched.
 *
 * ```console
 * $ alias keyset='deno run -R=keys.json,keys.json.lock -W=keys.json,keys.json.lock jsr:@x/jose/cli keyset'
 * $ keyset add keys.json HS256 --kid 2026-11            # the first key
 * 2026-11
 * $ keyset add keys.json HS256 --kid 2026-12 --keep 2   # rotate: keep one old key
 * 2026-12
 * $ keyset add keys.json HS256 --kid 2027-01 --keep 2   # rotate again
 * 2027-01
 * dropped 2026-11
 * $ deno run -R=keys.json jsr:@x/jose/cli keyset list keys.json
 * 2027-01	HS256
 * 2026-12	HS256
 * ```
 *
 * Without `--kid`, a key's id is its RFC 7638 thumbprint. A verifier takes the key
 * whose `kid` the token names (jose's `createLocalJWKSet` takes public keys only,
 * so a secret is picked by hand and imported with `importJWK`):
 *
 * ```ts
 * import { importJWK, type JWK, jwtVerify, SignJWT } from "npm:jose@6.2.18";
 * import { assertEquals } from "@std/assert";
 *
 * // keys.json as keyset keeps it; in a server, JSON.parse() of the file's text.
 * const { keys }: { keys: JWK[] } = {
 *   keys: [
 *     {
 *       kty: "oct",
 *       kid: "2027-01",
 *       alg: "HS256",
 *       k: "t5PWLlUtvj6pCbKo6m5fxzXkrIDGEW1Rtfj8GvoV9Jg",
 *     },
 *     {
 *       kty: "oct",
 *       kid: "2026-12",
 *       alg: "HS256",
 *       k: "mhZro_DXR__IhjrlibO1HBxEgvrgZxpohzYgcmPpjd8",
 *     },
 *   ],
 * };
 *
 * // Sign with the first key, the newest.
 * const [newest] = keys;
 * const token = await new SignJWT({ sub: "ada" })
 *   .setProtectedHeader({ alg: "HS256", kid: newest!.kid! })
 *   .sign(await importJWK(newest!));
 *
 * // Verify with the key the token names: tokens signed before a rotation too.
 * const { payload } = await jwtVerify(token, async (header) => {
 *   const jwk = keys.find((key) => key.kid === header.kid);
 *   if (jwk === undefined) throw new Error(`no key with kid ${header.kid}`);
 *   return await importJWK(jwk, header.alg);
 * });
 * assertEquals(payload.sub, "ada");
 * ```
 *
 * ## Runtime support
 *
 * `deno task test:runtimes` runs one conformance script (all 15 identifiers, the
 * options, fresh output, every error) in each runtime, and writes what it saw
 * here.
 *
 * <!-- runtimes: written by deno task test:runtimes -->
 *
 * Last run 2026-11-28, on Debian GNU/Linux 12 (bookworm), x86_64, 2 cores:
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
 * | Chromium (127.0.0.1)                     | Chromium 156.0.8078.108    | pass (31/31); A192KW rejects as the platform does (OperationError: 192-bit AES keys are not supported); A192GCMKW rejects as the platform does (OperationError: 192-bit AES keys are not supported); A192GCM rejects as the platform does (OperationError: 192-bit AES keys are not supported) |
 * | Firefox (127.0.0.1)                      | Mozilla Firefox 153.8.0esr | pass (31/31)                                                                                                                                                                                                                                                                                   |
 * | Chromium (insecure http://insecure.test) | Chromium 156.0.8078.108    | pass (31/31)                                                                                                                                                                                                                                                                                   |
 *
 * <!-- end of runtimes -->
 *
 * ## Cost and size
 *
 * `generateSecret()` is not `async`: it returns WebCrypto's own promise after one
 * lookup and one check. `deno task bench` (20 runs, 2-core AMD EPYC, Deno 2.9.6,
 * 2026-11-28), median time per call and ratio to the same call by hand:
 *
 * | family                   | by hand  | @x/jose          | jose             |
 * | ------------------------ | -------- | ---------------- | ---------------- |
 * | HMAC (`HS256`)           | 11.75 µs | 11.67 µs (1.00×) | 11.87 µs (1.03×) |
 * | AES-KW (`A256KW`)        | 10.38 µs | 10.42 µs (1.00×) | 10.58 µs (1.03×) |
 * | AES-GCM (`A256GCM`)      | 10.44 µs | 10.69 µs (1.00×) | 10.68 µs (1.02×) |
 * | CBC-HS (`A256CBC-HS512`) | 510 ns   | 552 ns (1.04×)   | 596 ns (1.12×)   |
 *
 * `deno task size` (esbuild 0.28.2, minified; gzip): the whole
 * `@x/jose/generate/secret` entry is 1171 B (644 B gzipped), `generateSecret`
 * alone 1132 B (624 B), jose 6.2.18's `generateSecret` 1192 B (639 B).
 *
 * @module
 */
export * from "./generate_secret.ts";
