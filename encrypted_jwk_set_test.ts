// Copyright 2026 the @x/jose authors. MIT license.
import { assertEquals, assertNotEquals, assertRejects } from "@std/assert";
import { compactDecrypt, CompactEncrypt } from "./_tools/jose.ts";
import { decryptJwkSet, encryptJwkSet, JweError } from "./encrypted_jwk_set.ts";
import { decodeBase64Url, encodeBase64Url } from "./format.ts";
import { generateSecret } from "./generate_secret.ts";

const SET = '{"keys":[{"kty":"oct","alg":"HS256","k":"AAAA"}]}';
const text = new TextEncoder();

async function joseJwe(
  kek: CryptoKey,
  header: Record<string, unknown>,
): Promise<string> {
  return await new CompactEncrypt(text.encode(SET))
    .setProtectedHeader({
      alg: "A256KW",
      enc: "A256GCM",
      cty: "jwk-set+json",
      ...header,
    })
    .encrypt(kek);
}

Deno.test("encryptJwkSet() writes a JWE jose opens, with a fresh key and IV each time", async () => {
  const kek = await generateSecret("A256KW");
  const [a, b] = [await encryptJwkSet(SET, kek), await encryptJwkSet(SET, kek)];
  assertNotEquals(a.split(".")[1], b.split(".")[1]);
  assertNotEquals(a.split(".")[2], b.split(".")[2]);
  const { plaintext, protectedHeader } = await compactDecrypt(a, kek);
  assertEquals(new TextDecoder().decode(plaintext), SET);
  assertEquals(protectedHeader, {
    alg: "A256KW",
    enc: "A256GCM",
    cty: "jwk-set+json",
  });
});

Deno.test("decryptJwkSet() opens jose's JWE", async () => {
  const kek = await generateSecret("A256KW");
  assertEquals(await decryptJwkSet(await joseJwe(kek, {}), kek), SET);
  // Other members of the header do not matter.
  assertEquals(await decryptJwkSet(await joseJwe(kek, { kid: "k" }), kek), SET);
});

Deno.test("decryptJwkSet() refuses any other form, and a kek that does not open it", async () => {
  const kek = await generateSecret("A256KW");
  const other = await generateSecret("A256KW");
  const ours = await encryptJwkSet(SET, kek);
  const [, wrapped, iv, ciphertext, tag] = ours.split(".");
  const header = (json: string) => encodeBase64Url(text.encode(json));
  const tampered = [...decodeBase64Url(ciphertext!)!];
  tampered[0]! ^= 1;
  const cases: [string, string][] = [
    ["a.b.c", "not a JWE in compact serialization"],
    [`${ours}.x`, "not a JWE in compact serialization"],
    [ours.replace(".", "=."), "not a JWE in compact serialization"],
    [
      [header("[1"), wrapped, iv, ciphertext, tag].join("."),
      "its protected header is not JSON",
    ],
    [
      [header("1"), wrapped, iv, ciphertext, tag].join("."),
      "its protected header is not a JSON object",
    ],
    [
      await joseJwe(
        (await generateSecret("A128KW")) as CryptoKey,
        { alg: "A128KW" },
      ),
      'it is "A128KW"/"A256GCM", not A256KW/A256GCM',
    ],
    [
      await joseJwe(kek, { enc: "A256CBC-HS512" }),
      'it is "A256KW"/"A256CBC-HS512", not A256KW/A256GCM',
    ],
    [await joseJwe(kek, { zip: "DEF" }), "its header has zip"],
    [
      [
        header(
          '{"alg":"A256KW","enc":"A256GCM","cty":"jwk-set+json","crit":["x"],"x":1}',
        ),
        wrapped,
        iv,
        ciphertext,
        tag,
      ].join("."),
      "its header has crit",
    ],
    [
      await joseJwe(kek, { cty: "jwk+json" }),
      'its cty is "jwk+json", not "jwk-set+json"',
    ],
    [
      [ours.split(".")[0], wrapped, "AAAA", ciphertext, tag].join("."),
      "its key, IV or tag has the wrong length for A256GCM",
    ],
    [
      [
        ours.split(".")[0],
        wrapped,
        iv,
        encodeBase64Url(new Uint8Array(tampered)),
        tag,
      ].join("."),
      "the kek does not open it",
    ],
  ];
  for (const [jwe, message] of cases) {
    await assertRejects(() => decryptJwkSet(jwe, kek), JweError, message);
  }
  await assertRejects(
    () => decryptJwkSet(ours, other),
    JweError,
    "the kek does not open it",
  );
});
