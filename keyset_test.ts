// Copyright 2026 the @x/jose authors. MIT license.
import { assert, assertEquals, assertMatch } from "@std/assert";
import * as jose from "./_tools/jose.ts";
import { cliCommand, cliWith } from "./_tools/cli_run.ts";

const FILE = "keys.json";
const LOCK = "keys.json.lock";
// The permissions the README shows: writers read and write the file and its
// lock (Deno's rename needs both), readers read the file.
const WRITE = [`-R=${FILE},${LOCK}`, `-W=${FILE},${LOCK}`];
const READ = [`-R=${FILE}`];
const encoder = new TextEncoder();

/** Runs each test in a folder of its own, removed after. */
function inFolder(
  name: string,
  test: (dir: string) => Promise<void>,
): void {
  Deno.test(name, async () => {
    const dir = await Deno.makeTempDir({ prefix: "x-jose-keyset-" });
    try {
      await test(dir);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  });
}

function keyset(dir: string, flags: string[], ...args: string[]) {
  return cliWith({ flags, cwd: dir }, "keyset", ...args);
}

/** `keyset add keys.json <alg> …`, which must succeed; its printed kid. */
async function add(dir: string, ...args: string[]): Promise<string> {
  const run = await keyset(dir, WRITE, "add", FILE, ...args);
  assertEquals([run.code, run.stderr], [0, ""], run.stderr);
  assertMatch(run.stdout, /^[^\n]+\n$/);
  return run.stdout.trimEnd();
}

async function read(dir: string): Promise<{ keys: jose.JWK[] }> {
  const text = await Deno.readTextFile(`${dir}/${FILE}`);
  assertMatch(text, /^\{[^\n]*\}\n$/, "one line of JSON and a newline");
  return JSON.parse(text);
}

async function mode(path: string): Promise<number> {
  return (await Deno.lstat(path)).mode! & 0o777;
}

async function write(dir: string, text: string, mode = 0o600) {
  await Deno.writeFile(`${dir}/${FILE}`, encoder.encode(text), { mode });
  await Deno.chmod(`${dir}/${FILE}`, mode);
}

async function names(dir: string): Promise<string[]> {
  const found = [];
  for await (const entry of Deno.readDir(dir)) found.push(entry.name);
  return found.sort();
}

inFolder(
  "keyset add makes a missing file: one key, its thumbprint as kid, mode 0600",
  async (dir) => {
    const kid = await add(dir, "HS256");
    const { keys } = await read(dir);
    assertEquals(keys.length, 1);
    const [key] = keys;
    assertEquals(Object.keys(key!), ["kty", "kid", "alg", "k"]);
    assertEquals([key!.kty, key!.kid, key!.alg], ["oct", kid, "HS256"]);
    assertEquals(kid, await jose.calculateJwkThumbprint(key!));
    assertEquals(await mode(`${dir}/${FILE}`), 0o600);
    assertEquals(await names(dir), [FILE]);
  },
);

inFolder(
  "keyset add puts the new key first and keeps everything else as it was",
  async (dir) => {
    const rsa = {
      kty: "RSA",
      kid: "rsa-1",
      use: "sig",
      n: "sXch",
      e: "AQAB",
      x5t: "abc",
    };
    const before = {
      note: "ours",
      keys: [
        { k: "AAAA", kty: "oct", kid: "old", alg: "HS256", extra: [1] },
        rsa,
      ],
      "x-more": { nested: true },
    };
    await write(dir, JSON.stringify(before, null, 2));
    const kid = await add(dir, "A256GCM", "--kid", "new");
    assertEquals(kid, "new");
    const after = await Deno.readTextFile(`${dir}/${FILE}`);
    const added = JSON.parse(after).keys[0];
    assertEquals(
      after,
      JSON.stringify({ ...before, keys: [added, ...before.keys] }) + "\n",
    );
    assertEquals(Object.keys(added), ["kty", "kid", "alg", "k"]);
    assertEquals([added.kty, added.kid, added.alg], ["oct", "new", "A256GCM"]);
    assertEquals(await mode(`${dir}/${FILE}`), 0o600);
  },
);

inFolder(
  "keyset add --kid-thumbprint is the default said out loud",
  async (dir) => {
    const kid = await add(dir, "A128KW", "--kid-thumbprint");
    const { keys } = await read(dir);
    assertEquals(kid, await jose.calculateJwkThumbprint(keys[0]!));
  },
);

inFolder(
  "keyset add --keep keeps the first n keys and names each it dropped on stderr",
  async (dir) => {
    const kids = [];
    for (const id of ["k1", "k2", "k3"]) {
      kids.push(await add(dir, "HS256", "--kid", id));
    }
    const run = await keyset(dir, WRITE, "add", FILE, "HS384", "--keep", "2");
    const kid = run.stdout.trimEnd();
    assertEquals(run, {
      code: 0,
      stdout: `${kid}\n`,
      stderr: "dropped k2\ndropped k1\n",
    });
    assertEquals((await read(dir)).keys.map((key) => key.kid), [kid, "k3"]);
    // Nothing to drop: nothing said.
    assertEquals(
      (await keyset(dir, WRITE, "add", FILE, "HS256", "--keep", "3")).stderr,
      "",
    );
  },
);

inFolder(
  "keyset add refuses a kid already in the set as bad input (exit 2) and changes nothing",
  async (dir) => {
    await add(dir, "HS256", "--kid", "k1");
    const before = await Deno.readFile(`${dir}/${FILE}`);
    const run = await keyset(dir, WRITE, "add", FILE, "HS512", "--kid", "k1");
    assertEquals(run, {
      code: 2,
      stdout: "",
      stderr:
        'error: "keys.json" already has a key with kid "k1": choose another --kid\n',
    });
    assertEquals(await Deno.readFile(`${dir}/${FILE}`), before);
    assertEquals(await names(dir), [FILE]);
  },
);

inFolder(
  "keyset list prints each kid and alg in file order, never key material",
  async (dir) => {
    await write(
      dir,
      JSON.stringify({
        keys: [
          { kty: "oct", kid: "a", alg: "HS256", k: "c2VjcmV0" },
          { kty: "oct", alg: "A256KW", k: "c2VjcmV0" },
          { kty: "RSA", kid: "rsa", n: "x", e: "AQAB" },
          { kty: "oct", kid: "tab\there", alg: "HS256", k: "c2VjcmV0" },
          { kty: "oct", kid: "-", alg: "HS256", k: "c2VjcmV0" },
        ],
      }),
    );
    assertEquals(await keyset(dir, READ, "list", FILE), {
      code: 0,
      stdout: 'a\tHS256\n-\tA256KW\nrsa\t-\n"tab\\there"\tHS256\n"-"\tHS256\n',
      stderr: "# not encrypted\n",
    });
  },
);

inFolder("keyset list of an empty set prints nothing", async (dir) => {
  await write(dir, '{"keys":[]}');
  assertEquals(await keyset(dir, READ, "list", FILE), {
    code: 0,
    stdout: "",
    stderr: "# not encrypted\n",
  });
});

inFolder(
  "keyset find prints the one JWK with that kid, members in the file's order",
  async (dir) => {
    const key = { k: "c2VjcmV0", alg: "HS256", kid: "b", kty: "oct", x: 1 };
    await write(
      dir,
      JSON.stringify({ keys: [{ kty: "oct", kid: "a", k: "AAAA" }, key] }),
    );
    assertEquals(await keyset(dir, READ, "find", FILE, "b"), {
      code: 0,
      stdout: JSON.stringify(key) + "\n",
      stderr: "",
    });
  },
);

inFolder(
  "keyset find and remove report a kid that is not there, or is there twice",
  async (dir) => {
    await write(
      dir,
      '{"keys":[{"kty":"oct","kid":"a","k":"AA"},{"kty":"oct","kid":"a","k":"AB"}]}',
    );
    const before = await Deno.readFile(`${dir}/${FILE}`);
    const pairs: [string[], string][] = [[READ, "find"], [WRITE, "remove"]];
    for (const [flags, subcommand] of pairs) {
      assertEquals(await keyset(dir, flags, subcommand, FILE, "z"), {
        code: 1,
        stdout: "",
        stderr: 'error: "keys.json" has no key with kid "z"\n',
      });
      assertEquals(await keyset(dir, flags, subcommand, FILE, "a"), {
        code: 1,
        stdout: "",
        stderr:
          'error: "keys.json" has 2 keys with kid "a": edit the file to keep one\n',
      });
    }
    assertEquals(await Deno.readFile(`${dir}/${FILE}`), before);
    assertEquals(await names(dir), [FILE]);
  },
);

inFolder(
  "keyset remove deletes that key, keeps the rest as it was, and prints nothing",
  async (dir) => {
    await write(
      dir,
      '{"keys":[{"kty":"oct","kid":"a","k":"AA"},{"kty":"oct","kid":"b","k":"AB"}],"z":0}',
      0o400,
    );
    assertEquals(await keyset(dir, WRITE, "remove", FILE, "a"), {
      code: 0,
      stdout: "",
      stderr: "",
    });
    assertEquals(
      await Deno.readTextFile(`${dir}/${FILE}`),
      '{"keys":[{"kty":"oct","kid":"b","k":"AB"}],"z":0}\n',
    );
    assertEquals(await mode(`${dir}/${FILE}`), 0o600);
  },
);

inFolder("keyset remove keeps the set's only key", async (dir) => {
  await write(dir, '{"keys":[{"kty":"oct","kid":"a","k":"AA"}]}');
  const before = await Deno.readFile(`${dir}/${FILE}`);
  assertEquals(await keyset(dir, WRITE, "remove", FILE, "a"), {
    code: 1,
    stdout: "",
    stderr:
      'error: "a" is the only key in "keys.json": delete the file instead\n',
  });
  assertEquals(await Deno.readFile(`${dir}/${FILE}`), before);
});

inFolder(
  "keyset list, find and remove report a file that is not there",
  async (dir) => {
    const message = 'error: "keys.json" does not exist: keyset add makes it\n';
    assertEquals(await keyset(dir, READ, "list", FILE), {
      code: 1,
      stdout: "",
      stderr: message,
    });
    assertEquals((await keyset(dir, READ, "find", FILE, "a")).stderr, message);
    assertEquals(
      (await keyset(dir, WRITE, "remove", FILE, "a")).stderr,
      message,
    );
    assertEquals(await names(dir), []);
  },
);

inFolder(
  "keyset refuses a file others may read or write, before reading it",
  async (dir) => {
    for (
      const [bits, what] of [
        [0o644, "readable by others (mode 0644)"],
        [0o640, "readable by others (mode 0640)"],
        [0o604, "readable by others (mode 0604)"],
        [0o620, "writable by others (mode 0620)"],
        [0o602, "writable by others (mode 0602)"],
      ] as const
    ) {
      // Not even JSON: the mode is checked before the file is read.
      await write(dir, "not json", bits);
      const message =
        `error: keys.json is ${what}: chmod 600 keys.json first\n`;
      for (
        const [flags, args] of [
          [READ, ["list", FILE]],
          [READ, ["find", FILE, "a"]],
          [WRITE, ["remove", FILE, "a"]],
          [WRITE, ["add", FILE, "HS256"]],
        ] as const
      ) {
        assertEquals(await keyset(dir, [...flags], ...args), {
          code: 1,
          stdout: "",
          stderr: message,
        }, `${bits.toString(8)} ${args.join(" ")}`);
      }
      assertEquals(await Deno.readTextFile(`${dir}/${FILE}`), "not json");
      assertEquals(await mode(`${dir}/${FILE}`), bits);
      assertEquals(await names(dir), [FILE]);
    }
  },
);

inFolder("keyset refuses a symbolic link and names its target", async (dir) => {
  await Deno.writeTextFile(`${dir}/real.json`, '{"keys":[]}', { mode: 0o600 });
  await Deno.symlink("real.json", `${dir}/${FILE}`);
  const message =
    'error: "keys.json" is a symbolic link to "real.json": name the file itself\n';
  assertEquals(await keyset(dir, READ, "list", FILE), {
    code: 1,
    stdout: "",
    stderr: message,
  });
  assertEquals(
    (await keyset(dir, WRITE, "add", FILE, "HS256")).stderr,
    message,
  );
  assertEquals(await Deno.readTextFile(`${dir}/real.json`), '{"keys":[]}');
  assertEquals(await names(dir), [FILE, "real.json"]);
});

inFolder(
  "keyset refuses a file that is not a JWK Set and leaves it byte for byte",
  async (dir) => {
    const cases: [Uint8Array, string][] = [
      [encoder.encode("{nope"), "it is not JSON text"],
      [encoder.encode(""), "it is not JSON text"],
      [new Uint8Array([0x7b, 0xff, 0x7d]), "it is not JSON text"],
      [encoder.encode("[]"), 'it is not a JSON object with a "keys" array'],
      [encoder.encode("null"), 'it is not a JSON object with a "keys" array'],
      [
        encoder.encode('{"keys":{}}'),
        'it is not a JSON object with a "keys" array',
      ],
      [encoder.encode('{"keys":[{},"k"]}'), "keys[1] is not a JSON object"],
    ];
    for (const [bytes, why] of cases) {
      await Deno.writeFile(`${dir}/${FILE}`, bytes, { mode: 0o600 });
      for (
        const [flags, args] of [
          [READ, ["list", FILE]],
          [WRITE, ["add", FILE, "HS256"]],
        ] as const
      ) {
        assertEquals(await keyset(dir, [...flags], ...args), {
          code: 1,
          stdout: "",
          stderr: `error: "keys.json" is not a JWK Set: ${why}\n`,
        });
      }
      assertEquals(await Deno.readFile(`${dir}/${FILE}`), bytes);
      assertEquals(await names(dir), [FILE]);
    }
  },
);

inFolder(
  "keyset without its permissions gives the exact flags and changes nothing",
  async (dir) => {
    const writer =
      "needs permission: run deno with -R=keys.json,keys.json.lock -W=keys.json,keys.json.lock";
    for (
      const flags of [[], ["-R=keys.json,keys.json.lock"], [
        "-R=keys.json",
        "-W=keys.json,keys.json.lock",
      ]]
    ) {
      assertEquals(await keyset(dir, flags, "add", FILE, "HS256"), {
        code: 1,
        stdout: "",
        stderr: `error: changing "keys.json" ${writer}\n`,
      }, flags.join(" "));
    }
    assertEquals(await names(dir), []);
    await add(dir, "HS256", "--kid", "a");
    await add(dir, "HS256", "--kid", "b");
    assertEquals(await keyset(dir, [], "list", FILE), {
      code: 1,
      stdout: "",
      stderr:
        'error: reading "keys.json" needs permission: run deno with -R=keys.json\n',
    });
    assertEquals(
      (await keyset(dir, READ, "remove", FILE, "a")).stderr,
      `error: changing "keys.json" ${writer}\n`,
    );
    assertEquals((await read(dir)).keys.length, 2);
    // A path that a shell must quote is quoted.
    assertEquals(
      (await keyset(dir, [], "find", "my keys.json", "a")).stderr,
      "error: reading \"my keys.json\" needs permission: run deno with -R='my keys.json'\n",
    );
    assertEquals(await names(dir), [FILE]);
  },
);

Deno.test("keyset rejects bad arguments with one line and exit code 2", async () => {
  const ADD =
    "keyset add <file> <alg> [--kid <id> | --kid-thumbprint] [--keep <n>]";
  const cases: [string[], string][] = [
    [
      [],
      "missing keyset subcommand: add, list, find, remove, encrypt, decrypt",
    ],
    [
      ["rotate"],
      'unknown keyset subcommand "rotate": use add, list, find, remove, encrypt, decrypt',
    ],
    [["add"], `missing <file>: ${ADD}`],
    [["add", ""], `missing <file>: ${ADD}`],
    [["add", FILE], `missing <alg>: ${ADD}`],
    [["add", FILE, "HS256", "x"], `too many arguments: ${ADD}`],
    [["list"], "missing <file>: keyset list <file>"],
    [["list", FILE, "a"], "too many arguments: keyset list <file>"],
    [["find", FILE], "missing <kid>: keyset find <file> <kid>"],
    [["find", FILE, ""], "missing <kid>: keyset find <file> <kid>"],
    [["remove", FILE], "missing <kid>: keyset remove <file> <kid>"],
    [
      ["add", FILE, "hs256"],
      'unsupported <alg> "hs256": did you mean "HS256"? (--list shows all)',
    ],
    [
      ["add", FILE, "HS256", "--keep", "0"],
      '--keep "0" is not a number from 1 to 1000',
    ],
    [
      ["add", FILE, "HS256", "--keep", "1001"],
      '--keep "1001" is not a number from 1 to 1000',
    ],
    [
      ["add", FILE, "HS256", "--keep"],
      "--keep needs a value: a number from 1 to 1000",
    ],
    [
      ["add", FILE, "HS256", "--kid", "a", "--kid-thumbprint"],
      "--kid and --kid-thumbprint exclude each other",
    ],
    [["add", FILE, "HS256", "--kid="], "--kid needs a value: a key id"],
    [
      ["list", FILE, "--keep", "2"],
      "--keep is for keyset add: keyset list <file>",
    ],
    [
      ["find", FILE, "a", "--kid", "b"],
      "--kid is for keyset add: keyset find <file> <kid>",
    ],
    [
      ["add", FILE, "HS256", "--format", "jwk"],
      'unknown option "--format" (--help lists the options)',
    ],
  ];
  for (const [args, message] of cases) {
    assertEquals(
      await cliWith({}, "keyset", ...args),
      { code: 2, stdout: "", stderr: `error: ${message}\n` },
      args.join(" "),
    );
  }
});

inFolder(
  "keyset waits for another writer's lock, then works on the new content",
  async (dir) => {
    await add(dir, "HS256", "--kid", "a");
    await Deno.writeTextFile(`${dir}/${LOCK}`, "", { mode: 0o600 });
    const waiting = keyset(dir, WRITE, "add", FILE, "HS256", "--kid", "c");
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    // The other writer replaces the file and lets go of its lock.
    const { keys } = await read(dir);
    await write(
      dir,
      JSON.stringify({ keys: [{ kty: "oct", kid: "b", k: "AA" }, ...keys] }),
    );
    await Deno.remove(`${dir}/${LOCK}`);
    assertEquals(await waiting, { code: 0, stdout: "c\n", stderr: "" });
    assertEquals((await read(dir)).keys.map((key) => key.kid), ["c", "b", "a"]);
    assertEquals(await names(dir), [FILE]);
  },
);

inFolder(
  "keyset gives up on a lock that stays, names it and says how to clear it",
  async (dir) => {
    await add(dir, "HS256", "--kid", "a");
    const before = await Deno.readFile(`${dir}/${FILE}`);
    await Deno.writeTextFile(`${dir}/${LOCK}`, "stale", { mode: 0o600 });
    assertEquals(await keyset(dir, WRITE, "remove", FILE, "a"), {
      code: 1,
      stdout: "",
      stderr:
        'error: "keys.json.lock" exists: another command is changing "keys.json"; if none is, one was stopped midway: rm keys.json.lock\n',
    });
    assertEquals(await Deno.readFile(`${dir}/${FILE}`), before);
    assertEquals(await Deno.readTextFile(`${dir}/${LOCK}`), "stale");
  },
);

inFolder("keyset: 20 adds at once never lose a key", async (dir) => {
  const runs = await Promise.all(
    Array.from(
      { length: 20 },
      () => keyset(dir, WRITE, "add", FILE, "HS256"),
    ),
  );
  const landed = runs.filter((run) => run.code === 0);
  for (const run of runs.filter((run) => run.code !== 0)) {
    assertEquals(run.code, 1, run.stderr);
  }
  const kids = (await read(dir)).keys.map((key) => key.kid);
  assertEquals(kids.length, landed.length);
  assertEquals(
    kids.toSorted(),
    landed.map((run) => run.stdout.trimEnd()).toSorted(),
  );
  assert(landed.length > 0);
  assertEquals(await names(dir), [FILE]);
});

/** A set of `n` HS256 keys, as text, with made-up key material. */
function bigSet(n: number): string {
  const keys = Array.from({ length: n }, (_, i) => ({
    kty: "oct",
    kid: `old-${i}`,
    alg: "HS256",
    k: btoa(String(i).padStart(32, "0")).replaceAll("=", ""),
  }));
  return JSON.stringify({ keys }) + "\n";
}

/** Starts `keyset add` on a set, to be stopped by a signal. */
function startAdd(dir: string): Deno.ChildProcess {
  const [command, ...args] = cliCommand(
    WRITE,
    "keyset",
    "add",
    FILE,
    "HS256",
    "--kid",
    "new",
  );
  return new Deno.Command(command!, {
    args,
    cwd: dir,
    stdin: "null",
    stdout: "null",
    stderr: "piped",
  }).spawn();
}

/** The file is the whole old set, or the whole new one: never anything else. */
async function wholeOldOrNew(dir: string, old: string): Promise<"old" | "new"> {
  const text = await Deno.readTextFile(`${dir}/${FILE}`);
  if (text === old) return "old";
  const { keys } = JSON.parse(text);
  assertEquals(text, JSON.stringify({ keys }) + "\n");
  assertEquals(keys.length, 10_001);
  assertEquals(keys[0].kid, "new");
  assertEquals(JSON.stringify({ keys: keys.slice(1) }) + "\n", old);
  return "new";
}

inFolder(
  "keyset add killed (SIGKILL) at any point leaves the old set or the new one, whole",
  async (dir) => {
    const old = bigSet(10_000);
    const seen = { old: 0, new: 0, locks: 0 };
    // Points from before the lock is taken to after the rename: Deno starts
    // in some tens of milliseconds, and the write of ~1 MB takes a few more.
    for (let i = 0; i < 40; i++) {
      await write(dir, old);
      const child = startAdd(dir);
      await new Promise((resolve) => setTimeout(resolve, 20 + i * 6));
      try {
        child.kill("SIGKILL");
      } catch {
        // It had ended.
      }
      await child.status;
      await child.stderr.cancel();
      seen[await wholeOldOrNew(dir, old)]++;
      if ((await names(dir)).includes(LOCK)) {
        // Reported as a stale lock once (the next writer waits 5 seconds).
        if (seen.locks++ === 0) {
          assertEquals(
            (await keyset(dir, WRITE, "add", FILE, "HS256")).stderr,
            `error: "keys.json.lock" exists: another command is changing "keys.json"; if none is, one was stopped midway: rm keys.json.lock\n`,
          );
        }
        await Deno.remove(`${dir}/${LOCK}`);
      }
      assertEquals(await names(dir), [FILE]);
    }
    console.log(
      `killed 40 times: old ${seen.old}, new ${seen.new}, stale locks ${seen.locks}`,
    );
  },
);

inFolder(
  "keyset add stopped by SIGINT, SIGTERM or SIGHUP leaves the file whole and no lock",
  async (dir) => {
    const old = bigSet(10_000);
    for (let i = 0; i < 30; i++) {
      const signal = (["SIGINT", "SIGTERM", "SIGHUP"] as const)[i % 3]!;
      await write(dir, old);
      const child = startAdd(dir);
      await new Promise((resolve) => setTimeout(resolve, 20 + i * 8));
      try {
        child.kill(signal);
      } catch {
        // It had ended.
      }
      const { code } = await child.status;
      const stderr = await new Response(child.stderr).text();
      const state = await wholeOldOrNew(dir, old);
      assertEquals(
        await names(dir),
        [FILE],
        `${signal} after ${20 + i * 8} ms`,
      );
      assert(
        code === 0 && state === "new" || code !== 0 && stderr === "",
        `${signal}: exit ${code}, ${state}, ${stderr}`,
      );
    }
  },
);

inFolder(
  "keyset: a jose verifier picks keys from the set by kid; a dropped key no longer verifies",
  async (dir) => {
    const sign = async (jwk: jose.JWK) =>
      await new jose.SignJWT({ sub: "user" })
        .setProtectedHeader({ alg: "HS256", kid: jwk.kid! })
        .sign(await jose.importJWK(jwk));
    await add(dir, "HS256");
    const first = (await read(dir)).keys[0]!;
    const tokenOfFirst = await sign(first);
    await add(dir, "HS256");
    const second = (await read(dir)).keys[0]!;
    const tokenOfSecond = await sign(second);
    const run = await keyset(dir, WRITE, "add", FILE, "HS256", "--keep", "2");
    assertEquals(run.stderr, `dropped ${first.kid}\n`);
    const third = (await read(dir)).keys[0]!;
    const tokenOfThird = await sign(third);

    // What a verifier does: the key whose kid the token names, from the file.
    const { keys } = await read(dir);
    const keyFor = async (header: jose.JWTHeaderParameters) => {
      const jwk = keys.find((key) => key.kid === header.kid);
      if (jwk === undefined) throw new Error(`no key ${header.kid}`);
      return await jose.importJWK(jwk, header.alg);
    };
    for (const token of [tokenOfThird, tokenOfSecond]) {
      const { payload } = await jose.jwtVerify(token, keyFor);
      assertEquals(payload.sub, "user");
    }
    let refused = "";
    await jose.jwtVerify(tokenOfFirst, keyFor).catch((error) =>
      refused = error.message
    );
    assertEquals(refused, `no key ${first.kid}`);
  },
);

inFolder(
  "keyset: an A256KW set unwraps a JWE made with its newest key",
  async (dir) => {
    await add(dir, "A256KW", "--kid", "kw-1");
    await add(dir, "A256KW", "--kid", "kw-2");
    const { keys } = await read(dir);
    const newest = keys[0]!;
    const jwe = await new jose.CompactEncrypt(encoder.encode("rotated"))
      .setProtectedHeader({ alg: "A256KW", enc: "A256GCM", kid: newest.kid! })
      .encrypt(await jose.importJWK(newest));
    const { plaintext } = await jose.compactDecrypt(
      jwe,
      async (header) =>
        await jose.importJWK(
          keys.find((key) => key.kid === header.kid)!,
        ),
    );
    assertEquals(new TextDecoder().decode(plaintext), "rotated");
  },
);
