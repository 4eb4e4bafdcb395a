// Copyright 2026 the @x/jose authors. MIT license.
import { assertEquals, assertThrows } from "@std/assert";
import { InputError, parseAlg, parseCount, parseFormat } from "./input.ts";
import { SECRET_ALGS } from "./generate_secret.ts";

Deno.test("parseAlg() accepts the 15 identifiers exactly as written", () => {
  for (const alg of SECRET_ALGS) assertEquals(parseAlg(alg, "alg"), alg);
});

Deno.test("parseAlg() suggests the identifier a near miss meant", () => {
  const cases: [string, string][] = [
    ["hs256", "HS256"],
    ["A256gcmkw", "A256GCMKW"],
    ["HS265", "HS256"],
    ["A128KV", "A128KW"],
    ["A256-GCM", "A256GCM"],
    ["A128CBC-HS25", "A128CBC-HS256"],
  ];
  for (const [typed, meant] of cases) {
    assertThrows(
      () => parseAlg(typed, "alg"),
      InputError,
      `unsupported alg ${JSON.stringify(typed)}: did you mean "${meant}"?`,
    );
  }
});

Deno.test("parseAlg() names an asymmetric identifier instead of guessing", () => {
  for (
    const alg of [
      "RS256",
      "PS384",
      "ES256K",
      "EdDSA",
      "RSA-OAEP",
      "ECDH-ES+A128KW",
    ]
  ) {
    const error = assertThrows(() => parseAlg(alg, "<alg>"), InputError);
    assertEquals(
      error.message,
      `unsupported <alg> ${
        JSON.stringify(alg)
      }: it is asymmetric, and this makes symmetric secrets only`,
    );
  }
});

Deno.test("parseAlg() rejects what is far from every identifier, with no guess", () => {
  for (const alg of ["", "dir", "HMAC", "__proto__", "A512GCM-HS1024"]) {
    const error = assertThrows(() => parseAlg(alg, "alg"), InputError);
    assertEquals(error.message, `unsupported alg ${JSON.stringify(alg)}`);
  }
});

Deno.test("parseFormat() knows jwk, jwks, base64url and hex", () => {
  for (const format of ["jwk", "jwks", "base64url", "hex"]) {
    assertEquals(parseFormat(format), format);
  }
  assertThrows(
    () => parseFormat("pem"),
    InputError,
    'unknown format "pem": use jwk, jwks, base64url, hex',
  );
});

Deno.test("parseCount() takes a plain number from 1 to the maximum", () => {
  assertEquals(parseCount("1", 100, "count"), 1);
  assertEquals(parseCount("100", 100, "count"), 100);
  for (
    const text of ["0", "101", "-1", "+1", "01", "1.0", "1e2", " 1", "", "x"]
  ) {
    const error = assertThrows(
      () => parseCount(text, 100, "count"),
      InputError,
    );
    assertEquals(
      error.message,
      `count ${JSON.stringify(text)} is not a number from 1 to 100`,
    );
  }
});
