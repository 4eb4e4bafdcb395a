// Copyright 2026 the @x/jose authors. MIT license.
import { assertEquals, assertMatch } from "@std/assert";
import { decodeBase64Url } from "@std/encoding/base64url";
import { decodeHex } from "@std/encoding/hex";
import { SECRET_ALGS } from "../generate_secret.ts";
import {
  countError,
  type Failed,
  generate,
  insecureChoices,
  type Made,
  segments,
} from "./generator.ts";

async function made(alg: string, format: string, count: string): Promise<Made> {
  const outcome = await generate({ alg, format, count });
  if (!outcome.ok) throw new Error(outcome.message);
  return outcome;
}

Deno.test("generate() makes what each format says, with its file name and status", async () => {
  const jwk = await made("HS256", "jwk", "1");
  assertMatch(jwk.text, /^\{"kty":"oct","alg":"HS256","k":"[\w-]{43}"\}$/);
  assertEquals(
    [jwk.fileName, jwk.type, jwk.status],
    ["HS256.jwk.json", "application/json", "1 secret made in this browser"],
  );
  const set = await made("A256GCM", "jwks", "3");
  const lines = set.text.split("\n");
  assertEquals(lines.length, 5);
  assertEquals([lines[0], lines[4]], ['{"keys":[', "]}"]);
  assertEquals(JSON.parse(set.text).keys.length, 3);
  assertEquals(
    [set.fileName, set.type, set.status],
    ["A256GCM.jwks.json", "application/json", "3 secrets made in this browser"],
  );
  const raw = await made("A128CBC-HS256", "base64url", "2");
  assertEquals(raw.text.split("\n").map((l) => decodeBase64Url(l).length), [
    32,
    32,
  ]);
  assertEquals([raw.fileName, raw.type], [
    "A128CBC-HS256.base64url.txt",
    "text/plain",
  ]);
  const hex = await made("A192KW", "hex", "1");
  assertEquals(decodeHex(hex.text).length, 24);
  assertEquals(hex.fileName, "A192KW.hex.txt");
});

Deno.test("generate() names the count field and quotes what was typed", async () => {
  for (
    const [count, quoted] of [
      ["0", '"0"'],
      ["101", '"101"'],
      ["-5", '"-5"'],
      ["abc", '"abc"'],
      ["", '""'],
      ["1.5", '"1.5"'],
      ["7\u200b", '"7\\u200b"'],
    ]
  ) {
    const outcome = await generate({
      alg: "HS256",
      format: "jwk",
      count: count!,
    });
    assertEquals(
      outcome,
      {
        ok: false,
        field: "count",
        message: `How many: ${quoted} is not a number from 1 to 100`,
      } satisfies Failed,
    );
    assertEquals(countError(count!), (outcome as Failed).message);
  }
  assertEquals(countError("100"), undefined);
});

Deno.test("generate() reports a bad format or identifier in the status, naming no field", async () => {
  assertEquals(await generate({ alg: "HS256", format: "pem", count: "1" }), {
    ok: false,
    message: 'error: unknown format "pem": use jwk, jwks, base64url, hex',
  });
  assertEquals(await generate({ alg: "RS256", format: "jwk", count: "1" }), {
    ok: false,
    message:
      'error: JOSENotSupported: Invalid or unsupported "alg" (Algorithm) value',
  });
});

Deno.test("without crypto.subtle, the page can make CBC-HS bytes only, and says why for the rest", async () => {
  const { algs, formats } = insecureChoices();
  assertEquals(algs, SECRET_ALGS.filter((alg) => !alg.includes("CBC")));
  assertEquals(formats, ["jwks"]);
  Object.defineProperty(crypto, "subtle", {
    value: undefined,
    configurable: true,
  });
  try {
    assertEquals(await generate({ alg: "HS256", format: "jwk", count: "1" }), {
      ok: false,
      message:
        "error: JOSENotSupported: crypto.subtle is unavailable: WebCrypto needs a secure context",
    });
    const bytes = await made("A256CBC-HS512", "hex", "1");
    assertEquals(decodeHex(bytes.text).length, 64);
  } finally {
    delete (crypto as { subtle?: SubtleCrypto }).subtle;
  }
  assertEquals(typeof crypto.subtle.generateKey, "function");
});

Deno.test("segments() lets only k, kid and raw secrets wrap", () => {
  assertEquals(segments('{"kty":"oct","kid":"AB","alg":"HS256","k":"CD"}'), [
    { text: '{"kty":"oct","kid":"', long: false },
    { text: "AB", long: true },
    { text: '","alg":"HS256","k":"', long: false },
    { text: "CD", long: true },
    { text: '"}', long: false },
  ]);
  assertEquals(segments("00ff\n11ee"), [
    { text: "00ff", long: true },
    { text: "\n", long: false },
    { text: "11ee", long: true },
  ]);
  assertEquals(segments('{"keys":[\n{"kty":"oct","k":"X"}\n]}'), [
    { text: '{"keys":[\n{"kty":"oct","k":"', long: false },
    { text: "X", long: true },
    { text: '"}\n]}', long: false },
  ]);
  assertEquals(segments(""), []);
});

Deno.test("the runs of segments() are the text itself, for every identifier and format", async () => {
  for (const alg of SECRET_ALGS) {
    for (const format of ["jwk", "jwks", "base64url", "hex"]) {
      const { text } = await made(alg, format, "3");
      assertEquals(segments(text).map((run) => run.text).join(""), text);
    }
  }
});
