// Copyright 2026 the @x/jose authors. MIT license.
import { assertEquals, assertMatch, assertRejects } from "@std/assert";
import * as jose from "./_tools/jose.ts";
import { encodeBase64Url } from "./format.ts";
import { generateSecret } from "./generate_secret.ts";
import { InputError } from "./input.ts";
import {
  decryptKeyFile,
  encryptKeyFile,
  jweHeader,
  KEK_ALGS,
  KeyFileError,
  readKek,
} from "./key_file_jwe.ts";

const SET = '{"keys":[{"kty":"oct","kid":"a","alg":"HS256","k":"AAAA"}]}';
const PASSWORD = new TextEncoder().encode("correct horse");
const text = new TextEncoder();

/** A compact JWE with `header` and parts that are never reached. */
function withHeader(header: Record<string, unknown>): string {
  return [
    encodeBase64Url(text.encode(JSON.stringify(header))),
    "AA",
    "AA",
    "AA",
    "AA",
  ]
    .join(".");
}

Deno.test("encryptKeyFile() with a password writes PBES2-HS512+A256KW, A256GCM, 210,000 rounds, that jose opens", async () => {
  const jwe = await encryptKeyFile(SET, "jwk-set+json", { password: PASSWORD });
  const header = jweHeader(jwe)!;
  assertEquals(
    { ...header, p2s: undefined },
    {
      alg: "PBES2-HS512+A256KW",
      enc: "A256GCM",
      cty: "jwk-set+json",
      p2c: 210_000,
      p2s: undefined,
    },
  );
  assertMatch(String(header["p2s"]), /^[\w-]{22}$/); // 16 bytes
  const other = jweHeader(
    await encryptKeyFile(SET, "jwk-set+json", { password: PASSWORD }),
  )!;
  assertEquals(other["p2s"] === header["p2s"], false);
  const { plaintext } = await jose.compactDecrypt(jwe, PASSWORD, {
    keyManagementAlgorithms: ["PBES2-HS512+A256KW"],
    maxPBES2Count: 10_000_000,
  });
  assertEquals(new TextDecoder().decode(plaintext), SET);
  assertEquals(
    await decryptKeyFile("k.jwe", jwe, { password: PASSWORD }),
    { text: SET, cty: "jwk-set+json" },
  );
});

Deno.test("a key-encryption key writes its own alg, and jose and we open each other's files", async () => {
  for (const alg of KEK_ALGS) {
    const kek = await generateSecret(alg);
    const ours = await encryptKeyFile(SET, "jwk-set+json", { kek, alg });
    assertEquals(jweHeader(ours), {
      alg,
      enc: "A256GCM",
      cty: "jwk-set+json",
    });
    const { plaintext } = await jose.compactDecrypt(ours, kek);
    assertEquals(new TextDecoder().decode(plaintext), SET);
    const theirs = await new jose.CompactEncrypt(text.encode(SET))
      .setProtectedHeader({ alg, enc: "A256GCM", cty: "jwk-set+json" })
      .encrypt(kek);
    assertEquals(
      await decryptKeyFile("k.jwe", theirs, { kek, alg }),
      { text: SET, cty: "jwk-set+json" },
    );
  }
});

Deno.test("decryptKeyFile() opens jose's PBES2 files of each hash, step's among them", async () => {
  for (
    const alg of [
      "PBES2-HS256+A128KW",
      "PBES2-HS384+A192KW",
      "PBES2-HS512+A256KW",
    ]
  ) {
    const jwe = await new jose.CompactEncrypt(text.encode('{"kty":"oct"}'))
      .setProtectedHeader({ alg, enc: "A256GCM", cty: "jwk+json" })
      .setKeyManagementParameters({ p2c: 1_000 })
      .encrypt(PASSWORD);
    assertEquals(
      await decryptKeyFile("k.jwe", jwe, { password: PASSWORD }),
      { text: '{"kty":"oct"}', cty: "jwk+json" },
    );
  }
});

Deno.test("decryptKeyFile() refuses what it should not open, before any work", async () => {
  const kek = await generateSecret("A256KW");
  const password = { password: PASSWORD };
  const good = {
    alg: "PBES2-HS512+A256KW",
    enc: "A256GCM",
    cty: "jwk-set+json",
    p2c: 210_000,
  };
  const cases: [string, string][] = [
    ["not.a.jwe", '"k.jwe" is not a JWE in compact serialization'],
    [
      withHeader({ ...good, alg: "dir" }),
      '"k.jwe" is encrypted with dir, which keyset does not take: only PBES2-HS256+A128KW, PBES2-HS384+A192KW, PBES2-HS512+A256KW, A128KW, A192KW, A256KW',
    ],
    [
      withHeader({ ...good, alg: "RSA-OAEP" }),
      '"k.jwe" is encrypted with RSA-OAEP, which keyset does not take: only PBES2-HS256+A128KW, PBES2-HS384+A192KW, PBES2-HS512+A256KW, A128KW, A192KW, A256KW',
    ],
    [
      withHeader({ ...good, enc: "A128CBC-HS256" }),
      '"k.jwe" is encrypted with enc "A128CBC-HS256": only A256GCM',
    ],
    [
      withHeader({ ...good, zip: "DEF" }),
      '"k.jwe" has a "zip" header: compressed key files are refused',
    ],
    [
      withHeader({ ...good, crit: ["b64"] }),
      '"k.jwe" has a "crit" header: refused',
    ],
    [
      withHeader({ ...good, cty: "JWT" }),
      '"k.jwe" encrypts "JWT", not a JWK (jwk+json) or JWK Set (jwk-set+json)',
    ],
    [
      withHeader({ ...good, p2c: 999 }),
      '"k.jwe" asks for 999 PBES2 rounds: fewer than 1,000 is unsafe',
    ],
    [
      withHeader({ ...good, p2c: "210000" }),
      '"k.jwe" has a p2c that is not a number of PBES2 rounds',
    ],
    [
      withHeader({ ...good, p2c: 10_000_001 }),
      '"k.jwe" asks for 10000001 PBES2 rounds: more than 10,000,000 is refused',
    ],
    [
      withHeader({ ...good, alg: "A256KW", p2c: undefined }),
      '"k.jwe" is encrypted with a key (A256KW), not what --password-file gives: give --kek-env',
    ],
    [
      withHeader(good),
      '"k.jwe": the password or key does not open it',
    ],
  ];
  for (const [jwe, message] of cases) {
    await assertRejects(
      () => decryptKeyFile("k.jwe", jwe, password),
      KeyFileError,
      message,
    );
  }
  await assertRejects(
    () => decryptKeyFile("k.jwe", withHeader(good), { kek, alg: "A256KW" }),
    KeyFileError,
    '"k.jwe" is encrypted with a password (PBES2-HS512+A256KW), not what --kek-env gives: give --password-file',
  );
  const other = await encryptKeyFile(SET, "jwk-set+json", {
    password: text.encode("wrong horse"),
  });
  await assertRejects(
    () => decryptKeyFile("k.jwe", other, password),
    KeyFileError,
    '"k.jwe": the password or key does not open it',
  );
});

Deno.test("jweHeader() tells a JWE from a clear file", () => {
  assertEquals(jweHeader('{"keys":[]}\n'), undefined);
  assertEquals(jweHeader("a.b.c.d.e"), undefined);
  assertEquals(jweHeader(withHeader({ alg: "A256KW" }) + "\n"), {
    alg: "A256KW",
  });
  assertEquals(
    jweHeader([encodeBase64Url(text.encode("[1]")), "", "", "", ""].join(".")),
    undefined,
  );
});

Deno.test("readKek() takes the JWK deno task secret prints, and refuses anything else as bad input", async () => {
  const name = "X_JOSE_TEST_KEK";
  try {
    for (const alg of KEK_ALGS) {
      const kek = await generateSecret(alg, { extractable: true });
      const jwk = await crypto.subtle.exportKey("jwk", kek);
      Deno.env.set(name, JSON.stringify(jwk));
      const read = await readKek(name);
      assertEquals([read.alg, read.kek.algorithm, read.kek.extractable], [
        alg,
        kek.algorithm,
        false,
      ]);
      // Without its alg, the length tells.
      Deno.env.set(name, JSON.stringify({ kty: "oct", k: jwk.k }));
      assertEquals((await readKek(name)).alg, alg);
    }
    const hmac = await crypto.subtle.exportKey(
      "jwk",
      await generateSecret("HS256", { extractable: true }),
    );
    const kw128 = await crypto.subtle.exportKey(
      "jwk",
      await generateSecret("A128KW", { extractable: true }),
    );
    const wanted =
      "not an A128KW, A192KW or A256KW JWK (deno task secret A256KW prints one)";
    const cases: [string | undefined, string[] | undefined, string][] = [
      [undefined, undefined, `--kek-env "${name}": the variable is not set`],
      ["", undefined, `--kek-env "${name}": the variable is not set`],
      ["{", undefined, `--kek-env "${name}": ${wanted}`],
      ["null", undefined, `--kek-env "${name}": ${wanted}`],
      [JSON.stringify(hmac), undefined, `--kek-env "${name}": ${wanted}`],
      [
        JSON.stringify({ ...kw128, alg: "A256KW" }),
        undefined,
        `--kek-env "${name}": ${wanted}`,
      ],
      [
        JSON.stringify(kw128),
        ["A256KW"],
        `--kek-env "${name}": not an A256KW JWK (deno task secret A256KW prints one)`,
      ],
    ];
    for (const [value, algs, message] of cases) {
      if (value === undefined) Deno.env.delete(name);
      else Deno.env.set(name, value);
      await assertRejects(
        () => readKek(name, algs as ["A256KW"] | undefined),
        InputError,
        message,
      );
    }
  } finally {
    Deno.env.delete(name);
  }
});
