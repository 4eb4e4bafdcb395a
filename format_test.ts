// Copyright 2026 the @x/jose authors. MIT license.
import { assertEquals, assertNotEquals } from "@std/assert";
import * as jose from "jose";
import {
  FORMATS,
  formatSecrets,
  generateSecrets,
  isFormat,
  type Secret,
  thumbprint,
  toJwk,
} from "./format.ts";

// Fixed bytes, so that every text below can be written out exactly.
const BYTES = Uint8Array.from({ length: 32 }, (_, i) => i);
const B64 = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8";
const HEX = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
const SECRET: Secret = { alg: "HS256", bytes: BYTES };
const OTHER: Secret = { alg: "HS256", bytes: BYTES.map((b) => 255 - b) };

Deno.test("toJwk() gives kty, alg and k, with kid after kty when given", () => {
  assertEquals(
    JSON.stringify(toJwk(SECRET)),
    `{"kty":"oct","alg":"HS256","k":"${B64}"}`,
  );
  assertEquals(
    JSON.stringify(toJwk(SECRET, "key-1")),
    `{"kty":"oct","kid":"key-1","alg":"HS256","k":"${B64}"}`,
  );
});

Deno.test("thumbprint() is jose's RFC 7638 JWK thumbprint", async () => {
  for (
    const secret of [SECRET, OTHER, ...await generateSecrets("A256GCM", 3)]
  ) {
    assertEquals(
      await thumbprint(secret),
      await jose.calculateJwkThumbprint(toJwk(secret), "sha256"),
    );
  }
});

Deno.test("formatSecrets() writes base64url and hex one secret a line", async () => {
  assertEquals(
    await formatSecrets([SECRET, SECRET], "base64url"),
    `${B64}\n${B64}`,
  );
  assertEquals(await formatSecrets([SECRET], "hex"), HEX);
});

Deno.test("formatSecrets() writes JWKs one a line, with the key id asked for", async () => {
  const jwk = `{"kty":"oct","alg":"HS256","k":"${B64}"}`;
  assertEquals(await formatSecrets([SECRET, SECRET], "jwk"), `${jwk}\n${jwk}`);
  assertEquals(
    await formatSecrets([SECRET], "jwk", { kid: "a" }),
    `{"kty":"oct","kid":"a","alg":"HS256","k":"${B64}"}`,
  );
  const kid = await thumbprint(SECRET);
  assertEquals(
    await formatSecrets([SECRET], "jwk", "thumbprint"),
    `{"kty":"oct","kid":"${kid}","alg":"HS256","k":"${B64}"}`,
  );
});

Deno.test("formatSecrets() writes one JWK Set, each key's kid its thumbprint unless given", async () => {
  const [a, b] = [await thumbprint(SECRET), await thumbprint(OTHER)];
  assertEquals(JSON.parse(await formatSecrets([SECRET, OTHER], "jwks")), {
    keys: [
      { kty: "oct", kid: a, alg: "HS256", k: B64 },
      { ...toJwk(OTHER), kid: b },
    ],
  });
  assertEquals(
    await formatSecrets([SECRET], "jwks", { kid: "mine" }),
    `{"keys":[{"kty":"oct","kid":"mine","alg":"HS256","k":"${B64}"}]}`,
  );
  assertEquals(
    await formatSecrets([SECRET], "jwks", "thumbprint"),
    await formatSecrets([SECRET], "jwks"),
  );
});

Deno.test("generateSecrets() makes that many fresh secrets of the identifier's size", async () => {
  const sizes = { HS512: 64, A192KW: 24, A128GCM: 16, "A256CBC-HS512": 64 };
  for (const [alg, size] of Object.entries(sizes)) {
    const secrets = await generateSecrets(alg as keyof typeof sizes, 3);
    assertEquals(secrets.map((s) => [s.alg, s.bytes.length]), [
      [alg, size],
      [alg, size],
      [alg, size],
    ]);
    assertNotEquals(secrets[0]!.bytes, secrets[1]!.bytes);
  }
  assertEquals((await generateSecrets("HS256", 0)).length, 0);
});

Deno.test("isFormat() knows the four formats and nothing else", () => {
  assertEquals(FORMATS, ["jwk", "jwks", "base64url", "hex"]);
  for (const format of FORMATS) assertEquals(isFormat(format), true);
  for (const other of ["JWK", "pem", "", "toString", "__proto__"]) {
    assertEquals(isFormat(other), false, other);
  }
});
