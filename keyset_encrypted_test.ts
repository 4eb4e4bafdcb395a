// Copyright 2026 the @x/jose authors. MIT license.
// Encrypted key files through the CLI, as users run it: each run gets the
// permissions permissionFlags() gives for its arguments (what `deno task
// secret` grants and the help states), and no more.
import { assert, assertEquals, assertMatch } from "@std/assert";
import * as jose from "./_tools/jose.ts";
import { cliCommand, cliWith, type Run } from "./_tools/cli_run.ts";
import { permissionFlags } from "./cli.ts";
import { generateSecret } from "./generate_secret.ts";
import { jweHeader } from "./key_file_jwe.ts";

const PASSWORD = "correct horse battery staple";
const OPEN = {
  keyManagementAlgorithms: ["PBES2-HS512+A256KW"],
  maxPBES2Count: 10_000_000,
};

/** Runs each test in a folder of its own, with pw.txt, removed after. */
function inFolder(name: string, test: (dir: string) => Promise<void>): void {
  Deno.test(name, async () => {
    const dir = await Deno.makeTempDir({ prefix: "x-jose-encrypted-" });
    try {
      await Deno.writeTextFile(`${dir}/pw.txt`, `${PASSWORD}\n`, {
        mode: 0o600,
      });
      await test(dir);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  });
}

/** The CLI with `args` in `dir`, with the permissions they need. */
function cli(
  dir: string,
  env: Record<string, string>,
  ...args: string[]
): Promise<Run> {
  return cliWith({ flags: permissionFlags(args), cwd: dir, env }, ...args);
}

/** A run that must succeed, and what it printed. */
async function ok(dir: string, ...args: string[]): Promise<string> {
  const run = await cli(dir, {}, ...args);
  assertEquals(
    [run.code, run.stderr],
    [0, ""],
    `${args.join(" ")}: ${run.stderr}`,
  );
  return run.stdout;
}

/** The file's text, which must be one line of JWE and a newline. */
async function jwe(dir: string, file: string): Promise<string> {
  const text = await Deno.readTextFile(`${dir}/${file}`);
  assertMatch(text, /^[\w-]+\.[\w-]+\.[\w-]+\.[\w-]+\.[\w-]+\n$/);
  assert(!text.includes('"k"'));
  return text.trim();
}

async function opened(text: string, key: Uint8Array | CryptoKey, algs = OPEN) {
  const { plaintext } = await jose.compactDecrypt(text, key, algs);
  return JSON.parse(new TextDecoder().decode(plaintext));
}

const password = new TextEncoder().encode(PASSWORD);
/** Adds a key to keys.jwe, encrypted with the password in pw.txt. */
const ADD = ["keyset", "add", "keys.jwe", "HS256", "--password-file", "pw.txt"];

inFolder(
  "--out with --password-file writes a JWE of the JWK (cty jwk+json), owner-only, that jose opens",
  async (dir) => {
    assertEquals(
      await ok(dir, "HS256", "--out", "key.jwe", "--password-file", "pw.txt"),
      "",
    );
    const text = await jwe(dir, "key.jwe");
    assertEquals({ ...jweHeader(text), p2s: undefined }, {
      alg: "PBES2-HS512+A256KW",
      enc: "A256GCM",
      cty: "jwk+json",
      p2c: 210_000,
      p2s: undefined,
    });
    assertEquals((await Deno.stat(`${dir}/key.jwe`)).mode! & 0o777, 0o600);
    const jwk = await opened(text, password);
    assertEquals([jwk.kty, jwk.alg, Object.keys(jwk)], ["oct", "HS256", [
      "kty",
      "alg",
      "k",
    ]]);
    // keyset reads a JWK as a set of one, as it reads step's files.
    const kid = await ok(
      dir,
      "A256GCM",
      "--out",
      "kid.jwe",
      "--kid",
      "k1",
      "--password-file",
      "pw.txt",
    );
    assertEquals(kid, "");
    assertEquals(
      await ok(dir, "keyset", "list", "kid.jwe", "--password-file", "pw.txt"),
      "k1\tA256GCM\n",
    );
  },
);

inFolder(
  "--out --format jwks with --kek-env writes a JWE of the JWK Set under the kek's alg",
  async (dir) => {
    for (const alg of ["A128KW", "A192KW", "A256KW"] as const) {
      const kek = await generateSecret(alg, { extractable: true });
      const env = {
        KEK: JSON.stringify(await crypto.subtle.exportKey("jwk", kek)),
      };
      const args = [
        "A256GCM",
        "--format",
        "jwks",
        "--count",
        "2",
        "--out",
        `${alg}.jwe`,
        "--kek-env",
        "KEK",
      ];
      const run = await cli(dir, env, ...args);
      assertEquals([run.code, run.stdout, run.stderr], [0, "", ""]);
      const text = await jwe(dir, `${alg}.jwe`);
      assertEquals(jweHeader(text), {
        alg,
        enc: "A256GCM",
        cty: "jwk-set+json",
      });
      const set = await opened(text, kek, {
        keyManagementAlgorithms: [alg],
        maxPBES2Count: 1,
      });
      assertEquals(set.keys.length, 2);
      const listed = await cli(
        dir,
        env,
        "keyset",
        "list",
        `${alg}.jwe`,
        "--kek-env",
        "KEK",
      );
      assertEquals(
        listed,
        {
          code: 0,
          stdout: set.keys.map((key: jose.JWK) => `${key.kid}\tA256GCM\n`).join(
            "",
          ),
          stderr: "",
        },
      );
    }
  },
);

inFolder(
  "keyset add, find and remove keep a password file encrypted the same way, a fresh salt each time",
  async (dir) => {
    const first = (await ok(
      dir,
      "keyset",
      "add",
      "keys.jwe",
      "HS256",
      "--password-file",
      "pw.txt",
    )).trim();
    const before = await jwe(dir, "keys.jwe");
    const second = (await ok(
      dir,
      "keyset",
      "add",
      "keys.jwe",
      "HS256",
      "--password-file",
      "pw.txt",
    )).trim();
    const after = await jwe(dir, "keys.jwe");
    assertEquals(jweHeader(after)!["alg"], "PBES2-HS512+A256KW");
    assertEquals(jweHeader(after)!["p2s"] === jweHeader(before)!["p2s"], false);
    const set = await opened(after, password);
    assertEquals(set.keys.map((key: jose.JWK) => key.kid), [second, first]);
    const found = JSON.parse(
      await ok(
        dir,
        "keyset",
        "find",
        "keys.jwe",
        first,
        "--password-file",
        "pw.txt",
      ),
    );
    assertEquals(found, set.keys[1]);
    assertEquals(
      await ok(
        dir,
        "keyset",
        "remove",
        "keys.jwe",
        first,
        "--password-file",
        "pw.txt",
      ),
      "",
    );
    assertEquals(
      (await opened(await jwe(dir, "keys.jwe"), password)).keys.map((
        key: jose.JWK,
      ) => key.kid),
      [second],
    );
    assertEquals(
      (await Array.fromAsync(Deno.readDir(dir))).map((e) => e.name).sort(),
      ["keys.jwe", "pw.txt"],
    );
  },
);

inFolder(
  "a file in step's form (PBES2-HS256+A128KW, one JWK, p2c 100,000) is listed and found",
  async (dir) => {
    const jwk = {
      kty: "oct",
      kid: "step-key",
      alg: "HS256",
      k: "mhZro_DXR__IhjrlibO1HBxEgvrgZxpohzYgcmPpjd8",
    };
    const text = await new jose.CompactEncrypt(
      new TextEncoder().encode(JSON.stringify(jwk)),
    )
      .setProtectedHeader({
        alg: "PBES2-HS256+A128KW",
        enc: "A256GCM",
        cty: "jwk+json",
      })
      .setKeyManagementParameters({ p2c: 100_000 })
      .encrypt(password);
    await Deno.writeTextFile(`${dir}/step.jwe`, text + "\n", { mode: 0o600 });
    assertEquals(
      await ok(dir, "keyset", "list", "step.jwe", "--password-file", "pw.txt"),
      "step-key\tHS256\n",
    );
    assertEquals(
      JSON.parse(
        await ok(
          dir,
          "keyset",
          "find",
          "step.jwe",
          "step-key",
          "--password-file",
          "pw.txt",
        ),
      ),
      jwk,
    );
    assertEquals(
      await cli(
        dir,
        {},
        "keyset",
        "add",
        "step.jwe",
        "HS256",
        "--password-file",
        "pw.txt",
      ),
      {
        code: 1,
        stdout: "",
        stderr:
          `error: "step.jwe" encrypts one JWK (step's form), not a JWK Set: keyset reads it but changes only JWK Sets\n`,
      },
    );
    assertEquals(await Deno.readTextFile(`${dir}/step.jwe`), text + "\n");
  },
);

inFolder(
  "keyset encrypt and decrypt convert a file in place; decrypt wants --insecure-clear",
  async (dir) => {
    const kid = (await ok(dir, "keyset", "add", "keys.json", "HS256")).trim();
    const clear = await Deno.readTextFile(`${dir}/keys.json`);
    assertEquals(
      await cli(dir, {}, "keyset", "list", "keys.json"),
      { code: 0, stdout: `${kid}\tHS256\n`, stderr: "# not encrypted\n" },
    );
    assertEquals(
      await ok(
        dir,
        "keyset",
        "encrypt",
        "keys.json",
        "--password-file",
        "pw.txt",
      ),
      "",
    );
    assertEquals(
      await opened(await jwe(dir, "keys.json"), password),
      JSON.parse(clear),
    );
    assertEquals(
      await cli(
        dir,
        {},
        "keyset",
        "encrypt",
        "keys.json",
        "--password-file",
        "pw.txt",
      ),
      {
        code: 1,
        stdout: "",
        stderr:
          'error: "keys.json" is encrypted already (PBES2-HS512+A256KW)\n',
      },
    );
    assertEquals(
      await cli(
        dir,
        {},
        "keyset",
        "decrypt",
        "keys.json",
        "--password-file",
        "pw.txt",
      ),
      {
        code: 2,
        stdout: "",
        stderr:
          "error: keyset decrypt writes every secret in the clear: add --insecure-clear if you mean it\n",
      },
    );
    assertEquals(
      await ok(
        dir,
        "keyset",
        "decrypt",
        "keys.json",
        "--password-file",
        "pw.txt",
        "--insecure-clear",
      ),
      "",
    );
    assertEquals(await Deno.readTextFile(`${dir}/keys.json`), clear);
    assertEquals((await Deno.stat(`${dir}/keys.json`)).mode! & 0o777, 0o600);
  },
);

inFolder("the password can come from stdin", async (dir) => {
  const args = ["keyset", "add", "keys.jwe", "HS256", "--password-file", "-"];
  const [command, ...rest] = cliCommand(permissionFlags(args), ...args);
  const child = new Deno.Command(command!, {
    args: rest,
    cwd: dir,
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(
    new TextEncoder().encode(`${PASSWORD}\r\nnot this line\n`),
  );
  await writer.close();
  const { code, stdout, stderr } = await child.output();
  assertEquals([code, new TextDecoder().decode(stderr)], [0, ""]);
  const set = await opened(await jwe(dir, "keys.jwe"), password);
  assertEquals(set.keys[0].kid, new TextDecoder().decode(stdout).trim());
});

inFolder(
  "encrypted files refuse what they cannot use, in one line, and change nothing",
  async (dir) => {
    await ok(dir, ...ADD);
    await ok(dir, "keyset", "add", "keys.json", "HS256");
    await Deno.writeTextFile(`${dir}/wrong.txt`, "wrong horse\n");
    await Deno.writeTextFile(`${dir}/empty.txt`, "\nsecond line\n");
    const kek = JSON.stringify(
      await crypto.subtle.exportKey(
        "jwk",
        await generateSecret("A256KW", { extractable: true }),
      ),
    );
    const notSet = await new jose.CompactEncrypt(
      new TextEncoder().encode("[1,2]"),
    )
      .setProtectedHeader({
        alg: "PBES2-HS512+A256KW",
        enc: "A256GCM",
        cty: "jwk-set+json",
      })
      .setKeyManagementParameters({ p2c: 1_000 })
      .encrypt(password);
    await Deno.writeTextFile(`${dir}/notset.jwe`, notSet + "\n", {
      mode: 0o600,
    });
    const files = ["keys.jwe", "keys.json", "notset.jwe"];
    const before = await Promise.all(
      files.map((f) => Deno.readTextFile(`${dir}/${f}`)),
    );
    const cases: [Record<string, string>, string[], number, string][] = [
      [
        {},
        ["keyset", "list", "keys.jwe"],
        1,
        '"keys.jwe" is encrypted (PBES2-HS512+A256KW): give --password-file or --kek-env',
      ],
      [
        {},
        ["keyset", "add", "keys.jwe", "HS256", "--password-file", "wrong.txt"],
        1,
        '"keys.jwe": the password or key does not open it',
      ],
      [
        { KEK: kek },
        ["keyset", "list", "keys.jwe", "--kek-env", "KEK"],
        1,
        '"keys.jwe" is encrypted with a password (PBES2-HS512+A256KW), not what --kek-env gives: give --password-file',
      ],
      [
        {},
        ["keyset", "add", "keys.json", "HS256", "--password-file", "pw.txt"],
        1,
        '"keys.json" is not encrypted: keyset encrypt keys.json --password-file … encrypts it',
      ],
      [
        {},
        ["keyset", "list", "notset.jwe", "--password-file", "pw.txt"],
        1,
        '"notset.jwe": what it encrypts is not a JWK Set or JWK',
      ],
      [
        {},
        ["keyset", "list", "keys.jwe", "--password-file", "empty.txt"],
        2,
        '--password-file "empty.txt": its first line, the password, is empty',
      ],
      [
        {},
        ["keyset", "list", "keys.jwe", "--password-file", "none.txt"],
        1,
        '--password-file "none.txt" does not exist',
      ],
      [
        {},
        ["keyset", "list", "keys.jwe", "--kek-env", "KEK"],
        2,
        '--kek-env "KEK": the variable is not set',
      ],
      [
        { KEK: '{"kty":"oct","k":"AAAA"}' },
        ["keyset", "list", "keys.jwe", "--kek-env", "KEK"],
        2,
        '--kek-env "KEK": not an A128KW, A192KW or A256KW JWK (deno task secret A256KW prints one)',
      ],
      [
        {},
        [
          "keyset",
          "list",
          "keys.jwe",
          "--password-file",
          "pw.txt",
          "--kek-env",
          "KEK",
        ],
        2,
        "--password-file and --kek-env exclude each other: give one",
      ],
      [
        {},
        ["keyset", "list", "keys.jwe", "--password", "hunter2"],
        2,
        "there is no --password: a password on the command line is seen by ps and kept in shell history; use --password-file",
      ],
      [
        {},
        ["keyset", "list", "keys.jwe", "--insecure-clear"],
        2,
        "--insecure-clear is for keyset decrypt: keyset list <file>",
      ],
      [
        {},
        ["keyset", "encrypt", "keys.json"],
        2,
        "missing --password-file or --kek-env: keyset encrypt <file> (--password-file <f> | --kek-env <VAR>)",
      ],
      [
        {},
        [
          "HS256",
          "--format",
          "hex",
          "--out",
          "k.hex",
          "--password-file",
          "pw.txt",
        ],
        2,
        "--password-file with --format hex: an encrypted file holds a JWK or JWK Set (there is no standard encrypted hex): use --format jwk or jwks",
      ],
      [
        {},
        [
          "HS256",
          "--format",
          "base64url",
          "--out",
          "k.txt",
          "--password-file",
          "pw.txt",
        ],
        2,
        "--password-file with --format base64url: an encrypted file holds a JWK or JWK Set (there is no standard encrypted base64url): use --format jwk or jwks",
      ],
      [
        {},
        [
          "HS256",
          "--count",
          "2",
          "--out",
          "k.jwe",
          "--password-file",
          "pw.txt",
        ],
        2,
        "--password-file with --format jwk holds one key: for 2 use --format jwks",
      ],
      [
        {},
        ["HS256", "--password-file", "pw.txt"],
        2,
        "--password-file is for --out and keyset: add --out",
      ],
    ];
    for (const [env, args, code, message] of cases) {
      assertEquals(await cli(dir, env, ...args), {
        code,
        stdout: "",
        stderr: `error: ${message}\n`,
      }, args.join(" "));
    }
    assertEquals(
      await Promise.all(files.map((f) => Deno.readTextFile(`${dir}/${f}`))),
      before,
    );
    assertEquals(
      (await Array.fromAsync(Deno.readDir(dir))).map((e) => e.name).sort(),
      [
        "empty.txt",
        "keys.json",
        "keys.jwe",
        "notset.jwe",
        "pw.txt",
        "wrong.txt",
      ],
    );
  },
);

inFolder(
  "no clear key is ever in the lock file: while a writer holds it, nor after a writer is killed",
  async (dir) => {
    await ok(dir, ...ADD);
    const [command, ...rest] = cliCommand(permissionFlags(ADD), ...ADD);
    const lock = `${dir}/keys.jwe.lock`;
    const readLock = async () => {
      try {
        return await Deno.readTextFile(lock);
      } catch {
        return undefined;
      }
    };
    // Watched while it runs: each read of the lock file holds no "k".
    let seen = 0;
    for (let run = 0; run < 3; run++) {
      const child = new Deno.Command(command!, {
        args: rest,
        cwd: dir,
        stdout: "null",
        stderr: "null",
      }).spawn();
      let done = false;
      child.status.then(() => done = true);
      while (!done) {
        const text = await readLock();
        if (text !== undefined) {
          seen++;
          assert(!text.includes('"k"'), text);
        }
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
      assertEquals((await child.status).code, 0);
    }
    assert(seen > 0, "the lock was seen");
    // Killed at times across a change: what is left holds no "k", and the
    // file still opens.
    for (const ms of [150, 250, 350, 450]) {
      const child = new Deno.Command(command!, {
        args: rest,
        cwd: dir,
        stdout: "null",
        stderr: "null",
      }).spawn();
      await new Promise((resolve) => setTimeout(resolve, ms));
      try {
        child.kill("SIGKILL");
      } catch {
        // Done already.
      }
      await child.status;
      const left = await readLock();
      if (left !== undefined) {
        assert(!left.includes('"k"'), left);
        await Deno.remove(lock);
      }
      await opened(await jwe(dir, "keys.jwe"), password);
    }
  },
);
