// Copyright 2026 the @x/jose authors. MIT license.
import { assertEquals, assertThrows } from "@std/assert";
import {
  InputError,
  parseAlg,
  parseCount,
  parseFormat,
  quote,
} from "./input.ts";
import { SECRET_ALGS } from "./generate_secret.ts";

Deno.test("parseAlg() accepts the 15 identifiers exactly as written", () => {
  for (const alg of SECRET_ALGS) assertEquals(parseAlg(alg, "alg"), alg);
});

Deno.test("parseAlg() suggests the identifier a near miss meant", () => {
  const cases: [string, string, string][] = [
    ["hs256", '"hs256"', "HS256"],
    ["A256gcmkw", '"A256gcmkw"', "A256GCMKW"],
    ["HS265", '"HS265"', "HS256"],
    ["A128KV", '"A128KV"', "A128KW"],
    ["A256-GCM", '"A256-GCM"', "A256GCM"],
    ["A128CBC-HS25", '"A128CBC-HS25"', "A128CBC-HS256"],
    // Two edits away.
    ["B256GCX", '"B256GCX"', "A256GCM"],
    // As near to A128GCM as to A128GCMKW: the first in SECRET_ALGS order.
    ["A128GCMK", '"A128GCMK"', "A128GCMKW"],
    // Two neighbours swapped: one edit.
    ["A256GMC", '"A256GMC"', "A256GCM"],
    ["hs265", '"hs265"', "HS256"],
    // Looks the same, but is not: the difference is shown.
    ["HS256\u200d", '"HS256\\u200d"', "HS256"],
    // Another width, or spaces around it.
    ["ＨＳ２５６", '"ＨＳ２５６"', "HS256"],
    [" A256KW\t", '" A256KW\\t"', "A256KW"],
    ["ａ２５６ｇｃｍ", '"ａ２５６ｇｃｍ"', "A256GCM"],
  ];
  for (const [typed, quoted, meant] of cases) {
    const error = assertThrows(() => parseAlg(typed, "alg"), InputError);
    assertEquals(
      error.message,
      `unsupported alg ${quoted}: did you mean "${meant}"?`,
      typed,
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
      "Ed25519",
      "Ed448",
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
  // XS2 is three edits from HS256 and from HS512; HS1 and A1KW, two edits
  // from HS512 and A128KW, are too short for two edits to be a near miss.
  for (
    const alg of [
      "",
      "dir",
      "HMAC",
      "__proto__",
      "A512GCM-HS1024",
      "XS2",
      "HS1",
      "A1KW",
      "HS5",
    ]
  ) {
    const error = assertThrows(() => parseAlg(alg, "alg"), InputError);
    assertEquals(error.message, `unsupported alg ${JSON.stringify(alg)}`);
  }
  // However long, the message quotes 64 characters at most.
  const error = assertThrows(
    () => parseAlg("A".repeat(20_000), "alg"),
    InputError,
  );
  assertEquals(error.message, `unsupported alg "${"A".repeat(63)}…"`);
});

Deno.test("parseFormat() knows jwk, jwks, base64url and hex", () => {
  for (const format of ["jwk", "jwks", "base64url", "hex"]) {
    assertEquals(parseFormat(format), format);
  }
  for (
    const [text, quoted] of [["pem", '"pem"'], ["jwk\u202e", '"jwk\\u202e"']]
  ) {
    const error = assertThrows(() => parseFormat(text!), InputError);
    assertEquals(
      error.message,
      `unknown format ${quoted}: use jwk, jwks, base64url, hex`,
    );
  }
});

Deno.test("parseCount() takes a plain number from 1 to the maximum", () => {
  assertEquals(parseCount("1", 100, "count"), 1);
  assertEquals(parseCount("100", 100, "count"), 100);
  for (
    const text of [
      "0",
      "101",
      "-1",
      "-5",
      "+1",
      "01",
      "1.0",
      "1e2",
      " 1",
      "",
      "x",
    ]
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

Deno.test("quote() escapes what could pass for another character or for none", () => {
  const cases: [string, string][] = [
    ["HS256", '"HS256"'],
    ["two words", '"two words"'],
    ["é ü ß 鍵", '"é ü ß 鍵"'],
    ["HS256\u200d", '"HS256\\u200d"'],
    ["\u202eHS256", '"\\u202eHS256"'],
    ["a\u00a0b", '"a\\u00a0b"'],
    ["a\u3164b", '"a\\u3164b"'],
    ["a\u{e0041}b", '"a\\u{e0041}b"'],
    ["\u0000\u007f", '"\\u0000\\u007f"'],
    ['say "hi"\\', '"say \\"hi\\"\\\\"'],
    ["a\nb\rc\td", '"a\\nb\\rc\\td"'],
    ["", '""'],
  ];
  for (const [text, quoted] of cases) assertEquals(quote(text), quoted, text);
});

Deno.test("quote() shows at most 64 characters of the input, cut with …", () => {
  assertEquals(quote("A".repeat(64)), `"${"A".repeat(64)}"`);
  assertEquals(quote("A".repeat(65)), `"${"A".repeat(63)}…"`);
  assertEquals(quote("鍵".repeat(20_000)), `"${"鍵".repeat(63)}…"`);
  assertEquals(quote("😀".repeat(70)), `"${"😀".repeat(63)}…"`);
  assertEquals(quote("abcdef", 4), '"abc…"');
  assertEquals(quote("A".repeat(100), Infinity), `"${"A".repeat(100)}"`);
});
