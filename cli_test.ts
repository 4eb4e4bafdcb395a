// Copyright 2026 the @x/jose authors. MIT license.
import {
  assert,
  assertEquals,
  assertMatch,
  assertNotEquals,
  assertRejects,
} from "@std/assert";
import { decodeBase64Url } from "@std/encoding/base64url";
import { decodeHex } from "@std/encoding/hex";
import * as jose from "jose";
import { SECRET_ALGS, type SecretAlg } from "./mod.ts";

const ROOT = new URL(".", import.meta.url);
// Where only npm is reachable, `_tools/deno.ts` names the import map of the
// npm mirror, so that the CLI resolves @std/encoding as the tests do.
const IMPORT_MAP = Deno.env.get("X_JOSE_IMPORT_MAP");

const BYTES: Record<SecretAlg, number> = {
  HS256: 32,
  HS384: 48,
  HS512: 64,
  A128KW: 16,
  A192KW: 24,
  A256KW: 32,
  A128GCMKW: 16,
  A192GCMKW: 24,
  A256GCMKW: 32,
  A128GCM: 16,
  A192GCM: 24,
  A256GCM: 32,
  "A128CBC-HS256": 32,
  "A192CBC-HS384": 48,
  "A256CBC-HS512": 64,
};

// How WebCrypto imports each CryptoKey identifier's JWK.
const WEBCRYPTO: [SecretAlg, HmacImportParams | Algorithm, KeyUsage[]][] = [
  ["HS256", { name: "HMAC", hash: "SHA-256" }, ["sign", "verify"]],
  ["HS384", { name: "HMAC", hash: "SHA-384" }, ["sign", "verify"]],
  ["HS512", { name: "HMAC", hash: "SHA-512" }, ["sign", "verify"]],
  ["A128KW", { name: "AES-KW" }, ["wrapKey", "unwrapKey"]],
  ["A192KW", { name: "AES-KW" }, ["wrapKey", "unwrapKey"]],
  ["A256KW", { name: "AES-KW" }, ["wrapKey", "unwrapKey"]],
  ["A128GCM", { name: "AES-GCM" }, ["encrypt", "decrypt"]],
  ["A192GCM", { name: "AES-GCM" }, ["encrypt", "decrypt"]],
  ["A256GCM", { name: "AES-GCM" }, ["encrypt", "decrypt"]],
];
const GCMKW = ["A128GCMKW", "A192GCMKW", "A256GCMKW"] as const;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `deno run cli.ts …args` with no permissions, as users run it. */
async function cli(...args: string[]): Promise<Run> {
  const importMap = IMPORT_MAP ? ["--import-map", IMPORT_MAP] : [];
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    // --no-prompt: a permission request would fail the run, not wait.
    args: ["run", "--no-prompt", ...importMap, "cli.ts", ...args],
    cwd: ROOT,
    stdin: "null",
    env: { NO_COLOR: "1" },
  }).output();
  const decoder = new TextDecoder();
  return {
    code,
    stdout: decoder.decode(stdout),
    stderr: decoder.decode(stderr),
  };
}

/** The one line a successful run printed. */
async function line(...args: string[]): Promise<string> {
  const run = await cli(...args);
  assertEquals([run.code, run.stderr], [0, ""], `cli ${args.join(" ")}`);
  assertMatch(run.stdout, /^[^\n]+\n$/);
  return run.stdout.trimEnd();
}

async function jwk(alg: SecretAlg): Promise<jose.JWK> {
  return JSON.parse(await line(alg));
}

/** Uses a key imported from the CLI's output for what it is for. */
async function use(key: CryptoKey): Promise<void> {
  const data = new TextEncoder().encode("stored secret");
  switch (key.algorithm.name) {
    case "HMAC": {
      const mac = await crypto.subtle.sign("HMAC", key, data);
      assert(await crypto.subtle.verify("HMAC", key, mac, data));
      return;
    }
    case "AES-KW": {
      const cek = await crypto.subtle.generateKey(
        { name: "AES-GCM", length: 128 },
        true,
        [
          "encrypt",
        ],
      );
      const wrapped = await crypto.subtle.wrapKey("raw", cek, key, "AES-KW");
      assertEquals(wrapped.byteLength, 24);
      return;
    }
    case "AES-GCM": {
      const iv = crypto.getRandomValues(new Uint8Array(12));
      const sealed = await crypto.subtle.encrypt(
        { name: "AES-GCM", iv },
        key,
        data,
      );
      const opened = await crypto.subtle.decrypt(
        { name: "AES-GCM", iv },
        key,
        sealed,
      );
      assertEquals(new Uint8Array(opened), data);
      return;
    }
  }
  throw new Error(`no use for ${key.algorithm.name}`);
}

Deno.test("cli prints a JWK with kty, alg and k for every identifier", async () => {
  for (const alg of SECRET_ALGS) {
    const key = await jwk(alg);
    assertEquals(Object.keys(key), ["kty", "alg", "k"]);
    assertEquals([key.kty, key.alg], ["oct", alg]);
    assertEquals(decodeBase64Url(key.k!).length, BYTES[alg], alg);
  }
});

Deno.test("cli JWKs import into jose's importJWK() and work for every identifier", async () => {
  const plaintext = new TextEncoder().encode("stored secret");
  for (const alg of SECRET_ALGS) {
    const key = await jose.importJWK(await jwk(alg));
    if (alg.startsWith("HS")) {
      const jws = await new jose.CompactSign(plaintext).setProtectedHeader({
        alg,
      }).sign(key);
      assertEquals((await jose.compactVerify(jws, key)).payload, plaintext);
    } else {
      const header = alg.endsWith("KW")
        ? { alg, enc: "A128GCM" }
        : { alg: "dir", enc: alg };
      const jwe = await new jose.CompactEncrypt(plaintext).setProtectedHeader(
        header,
      ).encrypt(key);
      assertEquals((await jose.compactDecrypt(jwe, key)).plaintext, plaintext);
    }
  }
});

Deno.test("cli JWKs import into WebCrypto and work", async () => {
  for (const [alg, algorithm, usages] of WEBCRYPTO) {
    const key = await crypto.subtle.importKey(
      "jwk",
      await jwk(alg),
      algorithm,
      false,
      usages,
    );
    await use(key);
  }
});

Deno.test("cli A*GCMKW JWKs import into WebCrypto once their alg is removed", async () => {
  for (const alg of GCMKW) {
    const { alg: _, ...withoutAlg } = await jwk(alg);
    const usages: KeyUsage[] = ["encrypt", "decrypt"];
    // WebCrypto's AES-GCM import knows only the A*GCM names, as the README says.
    await assertRejects(() =>
      jwk(alg).then((key) =>
        crypto.subtle.importKey("jwk", key, "AES-GCM", false, usages)
      )
    );
    await use(
      await crypto.subtle.importKey(
        "jwk",
        withoutAlg,
        "AES-GCM",
        false,
        usages,
      ),
    );
  }
});

Deno.test("cli prints the raw key as base64url", async () => {
  for (const alg of ["HS512", "A192KW", "A256GCM", "A128CBC-HS256"] as const) {
    const text = await line(alg, "--format", "base64url");
    assertMatch(text, /^[A-Za-z0-9_-]+$/);
    assertEquals(decodeBase64Url(text).length, BYTES[alg], alg);
  }
});

Deno.test("cli prints the raw key as hex", async () => {
  for (const alg of ["HS256", "A128GCMKW", "A256CBC-HS512"] as const) {
    const text = await line(alg, "-f", "hex");
    assertMatch(text, /^[0-9a-f]+$/);
    assertEquals(decodeHex(text).length, BYTES[alg], alg);
  }
});

Deno.test("cli raw output imports into WebCrypto and works", async () => {
  const bytes = decodeBase64Url(await line("A128GCM", "--format=base64url"));
  await use(
    await crypto.subtle.importKey("raw", bytes, "AES-GCM", false, [
      "encrypt",
      "decrypt",
    ]),
  );
});

Deno.test("cli prints a fresh secret each run", async () => {
  const [a, b] = await Promise.all([
    line("HS256", "-f", "hex"),
    line("HS256", "-f", "hex"),
  ]);
  assertNotEquals(a, b);
});

Deno.test("cli --list prints the supported identifiers, one per line", async () => {
  const run = await cli("--list");
  assertEquals(run, {
    code: 0,
    stdout: SECRET_ALGS.join("\n") + "\n",
    stderr: "",
  });
});

Deno.test("cli --help and -h print usage", async () => {
  for (const flag of ["--help", "-h"]) {
    const run = await cli(flag);
    assertEquals([run.code, run.stderr], [0, ""]);
    assertMatch(
      run.stdout,
      /^Usage: deno run jsr:@x\/jose\/cli <alg> \[--format jwk\|base64url\|hex\]$/m,
    );
    assertMatch(run.stdout, /--list/);
  }
});

Deno.test("cli rejects bad input with one line on stderr and exit code 2", async () => {
  const cases: [string[], string][] = [
    [[], "error: missing <alg>: run with --list for the identifiers"],
    [
      ["RS256"],
      'error: unsupported <alg> "RS256": run with --list for the identifiers',
    ],
    [
      ["hs256"],
      'error: unsupported <alg> "hs256": run with --list for the identifiers',
    ],
    [["HS256", "HS384"], "error: expected one <alg>, got 2"],
    [
      ["HS256", "--format", "pem"],
      'error: unknown format "pem": use jwk, base64url or hex',
    ],
    [
      ["HS256", "--format"],
      "error: Option '-f, --format <value>' argument missing",
    ],
    [["HS256", "--extractable"], "error: Unknown option '--extractable'"],
    [["HS256", "-x"], "error: Unknown option '-x'"],
    [["--list=yes"], "error: Option '--list' does not take an argument"],
  ];
  for (const [args, message] of cases) {
    const run = await cli(...args);
    assertEquals(
      run,
      { code: 2, stdout: "", stderr: message + "\n" },
      args.join(" "),
    );
  }
});
