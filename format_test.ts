// Copyright 2026 the @x/jose authors. MIT license.
import { assertEquals, assertMatch, assertNotEquals } from "@std/assert";
import { decodeBase64Url } from "@std/encoding/base64url";
import { decodeHex } from "@std/encoding/hex";
import * as jose from "./_tools/jose.ts";
import {
  decodeBase64Url as decodeCanonical,
  encodeBase64Url,
  encodeHex,
  FORMATS,
  isFormat,
  jwkText,
  makeSecrets,
  newJwk,
  thumbprint,
} from "./format.ts";

// Fixed bytes, so that every text below can be written out exactly.
const BYTES = Uint8Array.from({ length: 32 }, (_, i) => i);
const B64 = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8";
const HEX = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

/** Runs `test` with the engine's `toBase64()` and `toHex()` taken away. */
function withoutNativeEncoders(test: () => void): void {
  const proto = Uint8Array.prototype as unknown as Record<string, unknown>;
  const saved = { toBase64: proto["toBase64"], toHex: proto["toHex"] };
  delete proto["toBase64"];
  delete proto["toHex"];
  try {
    test();
  } finally {
    Object.assign(proto, saved);
  }
}

Deno.test("encodeBase64Url() and encodeHex() encode bytes, natively or not", () => {
  const cases: [Uint8Array, string, string][] = [
    [BYTES, B64, HEX],
    [new Uint8Array([0xfb, 0xff]), "-_8", "fbff"],
    [new Uint8Array([0xff]), "_w", "ff"],
    [new Uint8Array(), "", ""],
  ];
  const check = () => {
    for (const [bytes, base64url, hex] of cases) {
      assertEquals(encodeBase64Url(bytes), base64url);
      assertEquals(encodeHex(bytes), hex);
    }
  };
  check();
  withoutNativeEncoders(() => {
    assertEquals("toBase64" in BYTES, false);
    check();
    const random = crypto.getRandomValues(new Uint8Array(64));
    assertEquals(decodeBase64Url(encodeBase64Url(random)), random);
    assertEquals(decodeHex(encodeHex(random)), random);
  });
});

Deno.test("jwkText() gives kty, alg and k, with kid after kty when given, escaped", () => {
  assertEquals(
    jwkText("HS256", B64),
    `{"kty":"oct","alg":"HS256","k":"${B64}"}`,
  );
  assertEquals(
    jwkText("HS256", B64, "key-1"),
    `{"kty":"oct","kid":"key-1","alg":"HS256","k":"${B64}"}`,
  );
  const kid = 'a "quoted"\\ kid\n\u2028\ud800';
  const text = jwkText("A128CBC-HS256", B64, kid);
  assertEquals(
    text,
    `{"kty":"oct","kid":"a \\"quoted\\"\\\\ kid\\n\u2028\\ud800","alg":"A128CBC-HS256","k":"${B64}"}`,
  );
  assertEquals(JSON.parse(text), {
    kty: "oct",
    kid,
    alg: "A128CBC-HS256",
    k: B64,
  });
});

Deno.test("thumbprint() is jose's RFC 7638 JWK thumbprint", async () => {
  assertEquals(
    await thumbprint(B64),
    await jose.calculateJwkThumbprint({ kty: "oct", k: B64 }, "sha256"),
  );
  for (let i = 0; i < 5; i++) {
    const jwk = await newJwk("A256GCM");
    assertEquals(
      await thumbprint(jwk.k),
      await jose.calculateJwkThumbprint(jwk, "sha256"),
    );
  }
});

Deno.test("newJwk() makes a fresh JWK with no kid, the kid given, or its thumbprint", async () => {
  const plain = await newJwk("HS384");
  assertEquals(Object.keys(plain), ["kty", "alg", "k"]);
  assertEquals([plain.kty, plain.alg, decodeBase64Url(plain.k).length], [
    "oct",
    "HS384",
    48,
  ]);
  assertEquals((await newJwk("A128KW", { kid: "mine" })).kid, "mine");
  const hashed = await newJwk("A256CBC-HS512", "thumbprint");
  assertEquals(Object.keys(hashed), ["kty", "kid", "alg", "k"]);
  assertEquals(hashed.kid, await thumbprint(hashed.k));
  assertEquals(decodeBase64Url(hashed.k).length, 64);
  assertNotEquals((await newJwk("HS384")).k, plain.k);
});

Deno.test("makeSecrets() writes base64url and hex one secret a line, of the identifier's size", async () => {
  const sizes = { HS512: 64, A192KW: 24, A128GCM: 16, "A256CBC-HS512": 64 };
  for (
    const [alg, size] of Object.entries(sizes) as [keyof typeof sizes, number][]
  ) {
    const base64url = (await makeSecrets(alg, 3, "base64url")).split("\n");
    assertEquals(base64url.map((line) => decodeBase64Url(line).length), [
      size,
      size,
      size,
    ]);
    assertEquals(new Set(base64url).size, 3);
    const hex = (await makeSecrets(alg, 2, "hex")).split("\n");
    assertEquals(hex.map((line) => decodeHex(line).length), [size, size]);
  }
});

Deno.test("makeSecrets() writes JWKs one a line, with the key id asked for", async () => {
  const lines = (await makeSecrets("HS256", 2, "jwk")).split("\n");
  assertEquals(lines.length, 2);
  for (const line of lines) {
    assertMatch(line, /^\{"kty":"oct","alg":"HS256","k":"[\w-]{43}"\}$/);
  }
  assertMatch(
    await makeSecrets("HS256", 1, "jwk", { kid: "a" }),
    /^\{"kty":"oct","kid":"a","alg":"HS256","k":"[\w-]{43}"\}$/,
  );
  const jwk = JSON.parse(await makeSecrets("HS256", 1, "jwk", "thumbprint"));
  assertEquals(jwk.kid, await thumbprint(jwk.k));
});

Deno.test("makeSecrets() writes one JWK Set, each key's kid its thumbprint unless given", async () => {
  const text = await makeSecrets("A256KW", 3, "jwks");
  assertMatch(text, /^\{"keys":\[\{[^\n]+\}\]\}$/);
  const { keys } = JSON.parse(text);
  assertEquals(keys.length, 3);
  for (const key of keys) {
    assertEquals(Object.keys(key), ["kty", "kid", "alg", "k"]);
    assertEquals(key.kid, await thumbprint(key.k));
  }
  assertMatch(
    await makeSecrets("HS256", 1, "jwks", { kid: "mine" }),
    /^\{"keys":\[\{"kty":"oct","kid":"mine","alg":"HS256","k":"[\w-]{43}"\}\]\}$/,
  );
});

Deno.test("makeSecrets() with keyPerLine puts each key of a JWK Set on a line of its own", async () => {
  const text = await makeSecrets("HS256", 2, "jwks", undefined, {
    keyPerLine: true,
  });
  const lines = text.split("\n");
  assertEquals(lines.length, 4);
  assertEquals([lines[0], lines[3]], ['{"keys":[', "]}"]);
  assertMatch(lines[1]!, /^\{"kty":"oct","kid":"[\w-]{43}",[^\n]+\},$/);
  assertMatch(lines[2]!, /^\{"kty":"oct","kid":"[\w-]{43}",[^\n]+\}$/);
  // The same JSON as the one line the CLI prints.
  const { keys } = JSON.parse(text);
  assertEquals(JSON.stringify({ keys }), lines.join(""));
  // Other formats have one secret a line already.
  assertEquals(
    (await makeSecrets("HS256", 2, "hex", undefined, { keyPerLine: true }))
      .split("\n").length,
    2,
  );
});

Deno.test("isFormat() knows the four formats and nothing else", () => {
  assertEquals(FORMATS, ["jwk", "jwks", "base64url", "hex"]);
  for (const format of FORMATS) assertEquals(isFormat(format), true);
  for (const other of ["JWK", "pem", "", "toString", "__proto__"]) {
    assertEquals(isFormat(other), false, other);
  }
});

Deno.test("decodeBase64Url() reads what encodeBase64Url() writes, and nothing else", () => {
  for (const length of [0, 1, 2, 3, 32, 64]) {
    const bytes = crypto.getRandomValues(new Uint8Array(length));
    assertEquals(decodeCanonical(encodeBase64Url(bytes)), bytes);
  }
  assertEquals(decodeCanonical("-_8"), new Uint8Array([251, 255]));
  for (const text of ["AA==", "A", "+/8", "AB", "A A", "ä"]) {
    assertEquals(decodeCanonical(text), undefined, text);
  }
});
