// Copyright 2026 the @x/jose authors. MIT license.
import { assertEquals } from "@std/assert";
import { cliWith, type Run } from "./_tools/cli_run.ts";
import { permissionFlags } from "./cli.ts";
import { generateSecret } from "./generate_secret.ts";
import { openKeyRing } from "./keyring.ts";

const HOUR = 3_600_000;

/** `keyring …args` in `dir`, with the permissions permissionFlags() gives. */
function keyring(
  dir: string,
  env: Record<string, string>,
  ...args: string[]
): Promise<Run> {
  const all = ["keyring", ...args];
  return cliWith({ flags: permissionFlags(all), cwd: dir, env }, ...all);
}

/** The ISO form the CLI prints, to the second. */
function iso(ms: number): string {
  return new Date(ms).toISOString().replace(".000Z", "Z");
}

/**
 * A folder with `kv.sqlite` holding the ring "session": a key started an
 * hour ago and one staged to start in 30 s; with `kek`, encrypted.
 */
async function withRing(
  test: (
    dir: string,
    kids: [pending: string, current: string],
    start: number,
  ) => Promise<void>,
  kek?: CryptoKey,
): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "x-jose-keyring-" });
  try {
    const start = Math.floor(Date.now() / 1000) * 1000 - HOUR + 30_000;
    let at = start;
    let kids: [string, string];
    {
      // The app that made the ring has stopped when the CLI runs.
      using kv = await Deno.openKv(`${dir}/kv.sqlite`);
      using ring = await openKeyRing(kv, {
        name: "session",
        alg: "HS256",
        rotateAfter: HOUR,
        refresh: 60_000,
        now: () => at,
        ...(kek ? { kek } : {}),
      });
      const current = await ring.current();
      at = start + HOUR - 60_000;
      await ring.current();
      const [pending] = await ring.list();
      kids = [pending!.kid, current.kid];
    }
    await test(dir, kids, start);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("permissionFlags() grants keyring Deno KV, its store and the kek's variable", () => {
  const cases: [string[], string[]][] = [
    [["keyring", "list", "s", "--kv", "kv.sqlite"], [
      "--unstable-kv",
      "--allow-read=kv.sqlite",
      "--allow-write=kv.sqlite",
    ]],
    [["keyring", "rotate", "s", "--kv", "kv.sqlite", "--kek-env", "KEK"], [
      "--unstable-kv",
      "--allow-read=kv.sqlite",
      "--allow-write=kv.sqlite",
      "--allow-env=KEK",
    ]],
    [["keyring", "remove", "s", "k", "--kv", "https://kv.example:4512/x"], [
      "--unstable-kv",
      "--allow-net=kv.example:4512",
      "--allow-env=DENO_KV_ACCESS_TOKEN",
    ]],
    [["keyring", "list", "s", "--kv", "http://127.0.0.1:4512", "--kek-env=K"], [
      "--unstable-kv",
      "--allow-net=127.0.0.1:4512",
      "--allow-env=DENO_KV_ACCESS_TOKEN,K",
    ]],
    [["keyring", "list", "s"], []],
    [["keyring", "drop", "s", "--kv", "kv.sqlite"], []],
    [["keyring", "list", "s", "--kv", "http://["], []],
    [["keyring", "list", "s", "--nope"], []],
  ];
  for (const [args, flags] of cases) {
    assertEquals(permissionFlags(args), flags, args.join(" "));
  }
});

Deno.test("cli keyring list shows each kept key's kid, alg, state and start, newest first", async () => {
  await withRing(async (dir, [pending, current], start) => {
    const run = await keyring(dir, {}, "list", "session", "--kv", "kv.sqlite");
    assertEquals(run, {
      code: 0,
      stdout: `${pending}\tHS256\tpending\tsince ${iso(start + HOUR)}\n` +
        `${current}\tHS256\tcurrent\tsince ${iso(start)}\n`,
      stderr: "",
    });
    // A ring that is not there: nothing to list.
    assertEquals(
      await keyring(dir, {}, "list", "other", "--kv", "kv.sqlite"),
      { code: 0, stdout: "", stderr: "" },
    );
  });
});

Deno.test("cli keyring rotate makes a new key current now and keeps every key", async () => {
  await withRing(async (dir, [, current]) => {
    const run = await keyring(
      dir,
      {},
      "rotate",
      "session",
      "--kv",
      "kv.sqlite",
    );
    assertEquals([run.code, run.stderr], [0, ""]);
    const kid = run.stdout.trim();
    const list = await keyring(dir, {}, "list", "session", "--kv", "kv.sqlite");
    assertEquals(
      list.stdout.split("\n").map((line) => line.split("\t").slice(0, 3)),
      [[kid, "HS256", "current"], [current, "HS256", "kept"], [""]],
    );
  });
});

Deno.test("cli keyring remove drops a key, never the current one, and says when there is none", async () => {
  await withRing(async (dir, [pending, current]) => {
    assertEquals(
      await keyring(dir, {}, "remove", "session", current, "--kv", "kv.sqlite"),
      {
        code: 1,
        stdout: "",
        stderr:
          `error: key ring "session": "${current}" is the current key: rotate first\n`,
      },
    );
    assertEquals(
      await keyring(dir, {}, "remove", "session", pending, "--kv", "kv.sqlite"),
      { code: 0, stdout: "", stderr: "" },
    );
    assertEquals(
      await keyring(dir, {}, "remove", "session", pending, "--kv", "kv.sqlite"),
      {
        code: 1,
        stdout: "",
        stderr: `error: key ring "session" has no key with kid "${pending}"\n`,
      },
    );
    const list = await keyring(dir, {}, "list", "session", "--kv", "kv.sqlite");
    assertEquals(list.stdout.split("\t")[0], current);
  });
});

Deno.test("cli keyring opens an encrypted ring with --kek-env, and only then", async () => {
  const kek = await generateSecret("A256KW", { extractable: true });
  const jwk = JSON.stringify(await crypto.subtle.exportKey("jwk", kek));
  await withRing(async (dir, [pending, current]) => {
    const listed = await keyring(
      dir,
      { KEK: jwk },
      "list",
      "session",
      "--kv",
      "kv.sqlite",
      "--kek-env",
      "KEK",
    );
    assertEquals(
      [listed.code, listed.stdout.split("\n").map((l) => l.split("\t")[0])],
      [0, [pending, current, ""]],
    );
    const cases: [Record<string, string>, string[], number, string][] = [
      [{}, [], 1, 'key ring "session" is encrypted: give --kek-env'],
      [{}, ["--kek-env", "KEK"], 2, '--kek-env "KEK": the variable is not set'],
      [
        { KEK: "{}" },
        ["--kek-env", "KEK"],
        2,
        '--kek-env "KEK": not an A256KW JWK (deno task secret A256KW prints one)',
      ],
      [
        { KEK: '{"kty":"oct","alg":"HS256","k":"AAAA"}' },
        ["--kek-env", "KEK"],
        2,
        '--kek-env "KEK": not an A256KW JWK (deno task secret A256KW prints one)',
      ],
      [
        {
          KEK: JSON.stringify({
            ...JSON.parse(jwk),
            k: "A".repeat(43),
          }),
        },
        ["--kek-env", "KEK"],
        1,
        'key ring "session" cannot be opened: the kek does not open it',
      ],
    ];
    for (const [env, more, code, message] of cases) {
      assertEquals(
        await keyring(
          dir,
          env,
          "list",
          "session",
          "--kv",
          "kv.sqlite",
          ...more,
        ),
        { code, stdout: "", stderr: `error: ${message}\n` },
        message,
      );
    }
  }, kek);
});

Deno.test("cli keyring refuses bad arguments with exit 2, and a store it cannot use with exit 1", async () => {
  await withRing(async (dir) => {
    const LIST = "keyring list <name> --kv <file or URL> [--kek-env <VAR>]";
    const REMOVE =
      "keyring remove <name> <kid> --kv <file or URL> [--kek-env <VAR>]";
    const cases: [string[], number, string][] = [
      [[], 2, "missing keyring subcommand: list, rotate, remove"],
      [
        ["drop"],
        2,
        'unknown keyring subcommand "drop": use list, rotate, remove',
      ],
      [["list"], 2, `missing <name>: ${LIST}`],
      [["list", "session"], 2, `missing --kv: ${LIST}`],
      [
        ["list", "a", "b", "--kv", "kv.sqlite"],
        2,
        `too many arguments: ${LIST}`,
      ],
      [
        ["remove", "session", "--kv", "kv.sqlite"],
        2,
        `missing <kid>: ${REMOVE}`,
      ],
      [
        ["list", "session", "--kv"],
        2,
        "--kv needs a value: a KV file or a denokv server's URL",
      ],
      [
        ["list", "session", "--kv", "kv.sqlite", "--kek-env="],
        2,
        "--kek-env needs a value: the name of an environment variable",
      ],
      [
        ["list", "session", "--kv", "none.sqlite"],
        1,
        '"none.sqlite" does not exist: name the KV file an app uses',
      ],
      [
        ["rotate", "other", "--kv", "kv.sqlite"],
        1,
        '"kv.sqlite" has no key ring "other": an app makes it with its first openKeyRing().current()',
      ],
    ];
    for (const [args, code, message] of cases) {
      assertEquals(
        await keyring(dir, {}, ...args),
        { code, stdout: "", stderr: `error: ${message}\n` },
        args.join(" "),
      );
    }
    await Deno.writeTextFile(
      `${dir}/text.sqlite`,
      "a text file, no database\n",
    );
    assertEquals(
      await keyring(dir, {}, "list", "session", "--kv", "text.sqlite"),
      {
        code: 1,
        stdout: "",
        stderr: 'error: could not open "text.sqlite": file is not a database\n',
      },
    );
    // No file was made for the store that was not there.
    assertEquals(
      [...Deno.readDirSync(dir)].filter((entry) =>
        entry.name.startsWith("none")
      ),
      [],
    );
    const args = ["keyring", "list", "session", "--kv", "kv.sqlite"];
    // Without deno.json, whose "unstable" would enable it.
    assertEquals(await cliWith({ cwd: dir, flags: ["--no-config"] }, ...args), {
      code: 1,
      stdout: "",
      stderr: "error: Deno KV is not enabled: run deno with --unstable-kv\n",
    });
    assertEquals(
      await cliWith({ cwd: dir, flags: ["--unstable-kv"] }, ...args),
      {
        code: 1,
        stdout: "",
        stderr:
          'error: "kv.sqlite" needs permission: run deno with -R=kv.sqlite -W=kv.sqlite\n',
      },
    );
  });
});
