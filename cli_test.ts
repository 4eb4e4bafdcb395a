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
import * as jose from "./_tools/jose.ts";
import { JOSE_ALGS } from "./_tools/jose.ts";
import { SECRET_ALGS, type SecretAlg } from "./mod.ts";
import denoJson from "./deno.json" with { type: "json" };
import { cliCommand, cliWith, type Run } from "./_tools/cli_run.ts";
import { quote } from "./input.ts";

const ROOT = new URL(".", import.meta.url);

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

/** Runs `deno run cli.ts …args` with no permissions. */
function cli(...args: string[]): Promise<Run> {
  return cliWith({}, ...args);
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

/** Uses a key jose imported for what its identifier is for. */
async function useWithJose(
  alg: SecretAlg,
  key: CryptoKey | Uint8Array,
): Promise<void> {
  const plaintext = new TextEncoder().encode("stored secret");
  if (alg.startsWith("HS")) {
    const jws = await new jose.CompactSign(plaintext).setProtectedHeader({
      alg,
    }).sign(key);
    assertEquals((await jose.compactVerify(jws, key)).payload, plaintext);
    return;
  }
  const header = alg.endsWith("KW")
    ? { alg, enc: "A128GCM" }
    : { alg: "dir", enc: alg };
  const jwe = await new jose.CompactEncrypt(plaintext).setProtectedHeader(
    header,
  ).encrypt(key);
  assertEquals((await jose.compactDecrypt(jwe, key)).plaintext, plaintext);
}

Deno.test("cli JWKs import into jose's importJWK() and work for every identifier jose has", async () => {
  for (const alg of JOSE_ALGS) {
    await useWithJose(alg, await jose.importJWK(await jwk(alg)));
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

/** The lines a successful run printed. */
async function lines(...args: string[]): Promise<string[]> {
  const run = await cli(...args);
  assertEquals([run.code, run.stderr], [0, ""], `cli ${args.join(" ")}`);
  assertMatch(run.stdout, /\n$/);
  return run.stdout.slice(0, -1).split("\n");
}

Deno.test("cli --count prints that many fresh secrets, one a line", async () => {
  for (const format of ["jwk", "base64url", "hex"]) {
    const printed = await lines("A128KW", "--count", "3", "--format", format);
    assertEquals(printed.length, 3, format);
    assertEquals(new Set(printed).size, 3, format);
  }
  assertEquals((await lines("HS256", "-n", "1000", "-f", "hex")).length, 1000);
});

Deno.test("cli --format jwks prints one set whose keys all have their thumbprint as kid", async () => {
  const [text, ...rest] = await lines("HS384", "--format", "jwks", "-n", "3");
  assertEquals(rest, []);
  const set = JSON.parse(text!) as { keys: jose.JWK[] };
  assertEquals(Object.keys(set), ["keys"]);
  assertEquals(set.keys.length, 3);
  for (const key of set.keys) {
    assertEquals(Object.keys(key), ["kty", "kid", "alg", "k"]);
    assertEquals([key.kty, key.alg], ["oct", "HS384"]);
    assertEquals(key.kid, await jose.calculateJwkThumbprint(key, "sha256"));
  }
  assertEquals(new Set(set.keys.map((key) => key.kid)).size, 3);
});

Deno.test("cli JWK Set keys import into jose's importJWK() and work for every identifier jose has", async () => {
  for (const alg of JOSE_ALGS) {
    const set = JSON.parse(await line(alg, "-f", "jwks", "-n", "2"));
    for (const key of set.keys as jose.JWK[]) {
      await useWithJose(alg, await jose.importJWK(key));
      // A verifier finds each key by the kid in a token's header.
      if (alg.startsWith("HS")) {
        const jwt = await new jose.SignJWT({}).setProtectedHeader({
          alg,
          kid: key.kid!,
        }).sign(await jose.importJWK(key));
        await jose.jwtVerify(jwt, async ({ kid }) => {
          const [found, ...others] = (set.keys as jose.JWK[]).filter((k) =>
            k.kid === kid
          );
          assertEquals(others, []);
          return await jose.importJWK(found!);
        });
      }
    }
  }
});

Deno.test("cli --kid sets the key id of the one key", async () => {
  const jwk = JSON.parse(await line("A256GCM", "--kid", "2026-11 rotation"));
  assertEquals(Object.keys(jwk), ["kty", "kid", "alg", "k"]);
  assertEquals(jwk.kid, "2026-11 rotation");
  const set = JSON.parse(await line("HS256", "-f", "jwks", "--kid=k1"));
  assertEquals(set.keys.map((key: jose.JWK) => key.kid), ["k1"]);
});

Deno.test("cli --kid-thumbprint sets each JWK's kid to its thumbprint", async () => {
  const printed = await lines("A192GCMKW", "--kid-thumbprint", "-n", "2");
  assertEquals(printed.length, 2);
  for (const text of printed) {
    const jwk = JSON.parse(text);
    assertEquals(Object.keys(jwk), ["kty", "kid", "alg", "k"]);
    assertEquals(jwk.kid, await jose.calculateJwkThumbprint(jwk, "sha256"));
  }
  const set = JSON.parse(await line("HS256", "-f", "jwks", "--kid-thumbprint"));
  const [key] = set.keys as jose.JWK[];
  assertEquals(key!.kid, await jose.calculateJwkThumbprint(key!, "sha256"));
});

Deno.test("cli --list prints the supported identifiers, one per line", async () => {
  const run = await cli("--list");
  assertEquals(run, {
    code: 0,
    stdout: SECRET_ALGS.join("\n") + "\n",
    stderr: "",
  });
});

Deno.test("cli --help wins over --version, and --version over --list", async () => {
  const help = (await cli("--help")).stdout;
  const version = (await cli("--version")).stdout;
  for (
    const [args, expected] of [
      [["--list", "--help"], help],
      [["--version", "--help"], help],
      [["--list", "--version"], version],
      [["HS256", "--list"], SECRET_ALGS.join("\n") + "\n"],
    ] as const
  ) {
    assertEquals(await cli(...args), { code: 0, stdout: expected, stderr: "" });
  }
});

Deno.test("cli --kid takes an inline value that starts with -", async () => {
  const jwk = JSON.parse(await line("HS256", "--kid=-k1"));
  assertEquals(jwk.kid, "-k1");
});

Deno.test("permissionFlags() grants a run just the file its arguments name", async () => {
  const { permissionFlags } = await import("./cli.ts");
  const cases: [string[], string[]][] = [
    [["HS256"], []],
    [["HS256", "--out", "key.json"], ["--allow-write=key.json"]],
    [["HS256", "-o", "a b.json"], ["--allow-write=a b.json"]],
    [["HS256", "--out=k.json"], ["--allow-write=k.json"]],
    [["HS256", "--out"], []],
    [["HS256", "--bogus"], []],
    [["keyset", "list", "keys.json"], ["--allow-read=keys.json"]],
    [["keyset", "find", "keys.json", "a"], ["--allow-read=keys.json"]],
    [["keyset", "add", "k.json", "HS256"], [
      "--allow-read=k.json,k.json.lock",
      "--allow-write=k.json,k.json.lock",
    ]],
    [["keyset", "remove", "k.json", "a"], [
      "--allow-read=k.json,k.json.lock",
      "--allow-write=k.json,k.json.lock",
    ]],
    [["keyset", "rotate", "k.json"], []],
    [["keyset"], []],
    // A password file is read; stdin needs nothing; a kek's variable is read.
    [["HS256", "-o", "k.jwe", "--password-file", "pw.txt"], [
      "--allow-write=k.jwe",
      "--allow-read=pw.txt",
    ]],
    [["HS256", "-o", "k.jwe", "--password-file", "-"], ["--allow-write=k.jwe"]],
    [["HS256", "-o", "k.jwe", "--kek-env", "KEK"], [
      "--allow-write=k.jwe",
      "--allow-env=KEK",
    ]],
    [["HS256", "--password-file", "pw.txt"], []],
    [["keyset", "list", "k.jwe", "--password-file", "pw.txt"], [
      "--allow-read=k.jwe,pw.txt",
    ]],
    [["keyset", "find", "k.jwe", "a", "--kek-env=KEK"], [
      "--allow-read=k.jwe",
      "--allow-env=KEK",
    ]],
    [["keyset", "add", "k.jwe", "HS256", "--password-file", "pw.txt"], [
      "--allow-read=k.jwe,k.jwe.lock,pw.txt",
      "--allow-write=k.jwe,k.jwe.lock",
    ]],
    [["keyset", "encrypt", "k.json", "--kek-env", "KEK"], [
      "--allow-read=k.json,k.json.lock",
      "--allow-write=k.json,k.json.lock",
      "--allow-env=KEK",
    ]],
    [["keyset", "decrypt", "k.jwe", "--password-file", "-"], [
      "--allow-read=k.jwe,k.jwe.lock",
      "--allow-write=k.jwe,k.jwe.lock",
    ]],
  ];
  for (const [args, flags] of cases) {
    assertEquals(permissionFlags(args), flags, args.join(" "));
  }
});

Deno.test("cli --version prints the version in deno.json", async () => {
  assertEquals(await cli("--version"), {
    code: 0,
    stdout: `@x/jose ${denoJson.version}\n`,
    stderr: "",
  });
});

Deno.test("cli --help and -h teach the usage within 80 columns", async () => {
  const asked = [["--help"], ["-h"], ["keyset", "--help"], [
    "keyset",
    "add",
    "-h",
  ]];
  for (const args of asked) {
    const run = await cli(...args);
    assertEquals([run.code, run.stderr], [0, ""]);
    const help = run.stdout.split("\n");
    for (const text of help) assert(text.length <= 80, text);
    for (
      const expected of [
        "Usage: deno run jsr:@x/jose/cli <alg> [options]",
        "  -f, --format <f>      jwk (default), jwks (a JWK Set), base64url or hex",
        "  -n, --count <n>       how many secrets, 1 to 1000 (default 1): one a line,",
        "      --kid <id>        the key id of the one key (jwk, jwks)",
        "      --kid-thumbprint  each key's id is its RFC 7638 thumbprint (the default",
        "  -o, --out <file>      write to a new file, owner-only (mode 0600); never",
        "      --list            print the supported identifiers, one a line",
        "      --version         print the version",
        "  sign JWTs with a shared secret (HMAC)      HS256 (or HS384, HS512)",
        '  encrypt JWE content directly (alg "dir")   A256GCM',
        "  wrap JWE content encryption keys           A256KW",
        "  deno run jsr:@x/jose/cli HS256 --format jwks --count 3",
        "  -h, --help            print this help",
        "       deno run jsr:@x/jose/cli keyset <add|list|find|remove|…> <file> …",
        "  keyset add <file> <alg>     make a key and put it first; prints its kid",
        "      --kid <id>              its key id (default: its RFC 7638 thumbprint)",
        "      --keep <n>              then keep only the first n keys (1 to 1000)",
        "  keyset list <file>          each key's kid and alg, one a line",
        "  keyset find <file> <kid>    print that key's JWK",
        "  keyset remove <file> <kid>  remove that key",
        "  add, remove, encrypt and decrypt need -R=<file>,<file>.lock",
        "      --password-file <f>  the password is the file's first line (- for",
        "                           210,000 rounds: about 0.15 s to open and again to",
        "  keyset decrypt <file>       decrypt it in place (needs --insecure-clear)",
        "  deno run -R=keys.json,keys.json.lock -W=keys.json,keys.json.lock \\",
        "    jsr:@x/jose/cli keyset add keys.json HS256 --keep 3",
        "Exit codes: 0 done, 1 a file, KV store or stdout failed, 2 bad input.",
        "  keyring rotate <name>       make a new key current now; prints its kid",
        "      --kek-env <VAR>         the ring's kek, an A256KW JWK, in that variable",
      ]
    ) {
      assert(help.includes(expected), `help lacks: ${expected}`);
    }
  }
});

Deno.test("cli rejects bad input with one line on stderr and exit code 2", async () => {
  const LIST = "(--list shows all)";
  const cases: [string[], string][] = [
    [[], "missing <alg> (--list shows all, --help the usage)"],
    [["hs256"], `unsupported <alg> "hs256": did you mean "HS256"? ${LIST}`],
    [
      ["a256gcmkw"],
      `unsupported <alg> "a256gcmkw": did you mean "A256GCMKW"? ${LIST}`,
    ],
    [["HS265"], `unsupported <alg> "HS265": did you mean "HS256"? ${LIST}`],
    [["A128KV"], `unsupported <alg> "A128KV": did you mean "A128KW"? ${LIST}`],
    [
      ["A256-GCM"],
      `unsupported <alg> "A256-GCM": did you mean "A256GCM"? ${LIST}`,
    ],
    [["dir"], `unsupported <alg> "dir" ${LIST}`],
    [["HMAC"], `unsupported <alg> "HMAC" ${LIST}`],
    [
      ["RS256"],
      `unsupported <alg> "RS256": it is asymmetric, and this makes symmetric secrets only ${LIST}`,
    ],
    [
      ["ECDH-ES+A128KW"],
      `unsupported <alg> "ECDH-ES+A128KW": it is asymmetric, and this makes symmetric secrets only ${LIST}`,
    ],
    [["HS256", "HS384"], 'expected one <alg>, got 2: "HS256" "HS384"'],
    [
      ["HS256", "--format", "pem"],
      'unknown format "pem": use jwk, jwks, base64url, hex',
    ],
    [
      ["HS256", "-f", "JWK"],
      'unknown format "JWK": use jwk, jwks, base64url, hex',
    ],
    [
      ["HS256", "--format"],
      "--format needs a value: one of jwk, jwks, base64url, hex",
    ],
    [
      ["HS256", "-f", "--list"],
      "--format needs a value: one of jwk, jwks, base64url, hex",
    ],
    [
      ["HS256", "-f", "hex", "-f", "jwk"],
      "--format is given twice: give it once",
    ],
    [["HS256", "--count", "0"], '--count "0" is not a number from 1 to 1000'],
    [["HS256", "-n", "1001"], '--count "1001" is not a number from 1 to 1000'],
    [["HS256", "-n", "2.5"], '--count "2.5" is not a number from 1 to 1000'],
    [["HS256", "-n", "02"], '--count "02" is not a number from 1 to 1000'],
    [["HS256", "-n", "ten"], '--count "ten" is not a number from 1 to 1000'],
    [["HS256", "--count"], "--count needs a value: a number from 1 to 1000"],
    // A signed count is a count, and reported as what it is.
    [["HS256", "--count", "-5"], '--count "-5" is not a number from 1 to 1000'],
    [["HS256", "-n", "-1"], '--count "-1" is not a number from 1 to 1000'],
    [["HS256", "--count=-5"], '--count "-5" is not a number from 1 to 1000'],
    [
      ["HS256", "-n", "--list"],
      "--count needs a value: a number from 1 to 1000",
    ],
    // Input is quoted short and with what cannot be seen escaped.
    [
      ["HS256\u200d"],
      `unsupported <alg> "HS256\\u200d": did you mean "HS256"? ${LIST}`,
    ],
    [
      ["ＨＳ２５６"],
      `unsupported <alg> "ＨＳ２５６": did you mean "HS256"? ${LIST}`,
    ],
    [
      ["A".repeat(1000)],
      `unsupported <alg> "${"A".repeat(63)}…" ${LIST}`,
    ],
    [
      ["HS256", `--${"x".repeat(100)}`],
      `unknown option "--${"x".repeat(61)}…" (--help lists the options)`,
    ],
    [["HS256", "--kid"], "--kid needs a value: a key id"],
    [["HS256", "--kid="], "--kid needs a value: a key id"],
    [
      ["HS256", "--kid", "a", "-n", "2"],
      "--kid names one key: with --count above 1 use --kid-thumbprint",
    ],
    [
      ["HS256", "--kid", "a", "-f", "jwks", "-n", "2"],
      "--kid names one key: with --count above 1 use --kid-thumbprint",
    ],
    [
      ["HS256", "--kid", "a", "-f", "base64url"],
      "--kid needs --format jwk or jwks: base64url has no key id",
    ],
    [
      ["HS256", "--kid-thumbprint", "-f", "hex"],
      "--kid-thumbprint needs --format jwk or jwks: hex has no key id",
    ],
    [
      ["HS256", "--kid", "a", "--kid-thumbprint"],
      "--kid and --kid-thumbprint exclude each other",
    ],
    [["HS256", "--out"], "--out needs a value: a file name"],
    [["HS256", "--out="], "--out needs a value: a file name"],
    [
      ["HS256", "--extractable"],
      'unknown option "--extractable" (--help lists the options)',
    ],
    [["HS256", "-x"], 'unknown option "-x" (--help lists the options)'],
    [["--list=yes"], "--list takes no value"],
    [["HS256", "--kid-thumbprint=no"], "--kid-thumbprint takes no value"],
  ];
  for (const [args, message] of cases) {
    const run = await cli(...args);
    assertEquals(
      run,
      { code: 2, stdout: "", stderr: `error: ${message}\n` },
      args.join(" "),
    );
  }
});

Deno.test("cli --out writes a new owner-only file and prints nothing", async () => {
  const dir = await Deno.makeTempDir();
  try {
    for (const [flag, file] of [["--out", "key.json"], ["-o", "set.json"]]) {
      const format = file === "set.json" ? "jwks" : "jwk";
      const run = await cliWith(
        { flags: [`--allow-write=${file}`], cwd: dir },
        "A256KW",
        "-f",
        format,
        flag!,
        file!,
      );
      assertEquals(run, { code: 0, stdout: "", stderr: "" });
      assertEquals((await Deno.stat(`${dir}/${file}`)).mode! & 0o777, 0o600);
      const text = await Deno.readTextFile(`${dir}/${file}`);
      assertMatch(text, /^[^\n]+\n$/);
      const keys = format === "jwks"
        ? JSON.parse(text).keys
        : [JSON.parse(text)];
      await useWithJose("A256KW", await jose.importJWK(keys[0]));
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("cli --out never overwrites a file", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const before = new TextEncoder().encode("the old key\n");
    await Deno.writeFile(`${dir}/key.json`, before, { mode: 0o640 });
    const run = await cliWith(
      { flags: ["--allow-write=key.json"], cwd: dir },
      "HS256",
      "--out",
      "key.json",
    );
    assertEquals(run, {
      code: 1,
      stdout: "",
      stderr:
        'error: "key.json" already exists: name a new file (an existing one is never overwritten)\n',
    });
    assertEquals(await Deno.readFile(`${dir}/key.json`), before);
    assertEquals((await Deno.stat(`${dir}/key.json`)).mode! & 0o777, 0o640);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("cli --out without write permission names the flag to add, and writes nothing", async () => {
  const dir = await Deno.makeTempDir();
  try {
    for (
      const [file, flag] of [
        ["key.json", "--allow-write=key.json"],
        ["my key.json", "--allow-write='my key.json'"],
      ]
    ) {
      const run = await cli("HS256", "--out", `${dir}/${file}`);
      const path = `${dir}/${file}`;
      const shown = flag!.replace(file!, path);
      assertEquals(run, {
        code: 1,
        stdout: "",
        stderr: `error: writing ${
          quote(path)
        } needs permission: run deno with ${shown}\n`,
      });
    }
    // Permission for one file is not permission for another.
    const other = await cliWith(
      { flags: ["--allow-write=a.json"], cwd: dir },
      "HS256",
      "-o",
      "b.json",
    );
    assertEquals(other.code, 1);
    assertEquals(
      other.stderr,
      'error: writing "b.json" needs permission: run deno with --allow-write=b.json\n',
    );
    assertEquals([...Deno.readDirSync(dir)], []);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("cli --out says why Deno refuses a write no --allow-write allows", async () => {
  assertEquals(
    await cliWith({ flags: ["--allow-write"] }, "HS256", "--out", "/dev/full"),
    {
      code: 1,
      stdout: "",
      stderr:
        'error: writing "/dev/full" is refused: Requires all access to "/dev/full", run again with the --allow-all flag\n',
    },
  );
});

Deno.test("cli --out removes a file it could not write whole", async () => {
  const dir = await Deno.makeTempDir();
  try {
    // No file may grow past 0 bytes (and the signal for it is ignored).
    const { code, stderr } = await new Deno.Command("bash", {
      args: [
        "-c",
        `trap '' XFSZ; ulimit -f 0; "$@"`,
        "bash",
        ...cliCommand(["--allow-write=key.json"], "HS256", "--out", "key.json"),
      ],
      cwd: dir,
      env: { NO_COLOR: "1" },
    }).output();
    const run = { code, stderr: new TextDecoder().decode(stderr) };
    assertEquals(run.code, 1);
    assertEquals(
      run.stderr,
      'error: could not write "key.json": File too large (os error 27)\n',
    );
    assertEquals([...Deno.readDirSync(dir)], []);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("cli writes output larger than a pipe holds whole", async () => {
  // About 130 kB, twice what a pipe holds: written in more than one write.
  const run = await cli("HS512", "-n", "1000");
  assertEquals([run.code, run.stderr], [0, ""]);
  const lines = run.stdout.split("\n");
  assertEquals(lines.pop(), "");
  assertEquals(lines.length, 1000);
  for (const line of lines) {
    assertMatch(line, /^\{"kty":"oct","alg":"HS512","k":"[\w-]{86}"\}$/);
  }
});

Deno.test("cli --out reports a folder that is not there", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const run = await cliWith(
      { flags: ["--allow-write"], cwd: dir },
      "HS256",
      "-o",
      "missing/key.json",
    );
    assertEquals(run, {
      code: 1,
      stdout: "",
      stderr:
        "error: could not create \"missing/key.json\": No such file or directory (os error 2): open 'missing/key.json'\n",
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

/** Runs the CLI with no permissions under `bash -c script` (as `"$@"`). */
async function inShell(script: string, ...args: string[]): Promise<Run> {
  const { code, stdout, stderr } = await new Deno.Command("bash", {
    args: ["-c", script, "bash", ...cliCommand([], ...args)],
    cwd: ROOT,
    env: { NO_COLOR: "1" },
  }).output();
  const decoder = new TextDecoder();
  return {
    code,
    stdout: decoder.decode(stdout),
    stderr: decoder.decode(stderr),
  };
}

Deno.test("cli exits 1 with one line when stdout cannot be written", async () => {
  assertEquals(await inShell('"$@" >/dev/full', "HS256"), {
    code: 1,
    stdout: "",
    stderr:
      "error: could not write to stdout: No space left on device (os error 28)\n",
  });
});

Deno.test("cli ends quietly when the reader stops early", async () => {
  // About 130 kB, more than a pipe holds, so the CLI is still writing when
  // `head` has its 5 bytes and closes the pipe.
  assertEquals(
    await inShell('set -o pipefail; "$@" | head -c 5', "HS512", "-n", "1000"),
    { code: 1, stdout: '{"kty', stderr: "" },
  );
});

Deno.test("cli with stdout closed prints no stack trace", async () => {
  assertEquals(await inShell('"$@" >&-', "HS256"), {
    code: 0,
    stdout: "",
    stderr: "",
  });
});
