// Copyright 2026 the @x/jose authors. MIT license.
import { assertEquals } from "@std/assert";

const TOOLS = new URL(".", import.meta.url);

/** Runs a task script as its task does, with `env` added. */
async function tool(
  script: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<[code: number, stdout: string, stderr: string]> {
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    // Quiet: a first run on an empty cache prints "Download …" lines.
    args: ["run", "-q", "-A", new URL(script, TOOLS).pathname, ...args],
    env: { NO_COLOR: "1", ...env },
    stdin: "null",
  }).output();
  const decoder = new TextDecoder();
  return [code, decoder.decode(stdout), decoder.decode(stderr)];
}

const BENCH = "deno task bench takes only --runs N, N a whole number from 1";
const CASES: [string, string[], Record<string, string>, string][] = [
  [
    "bench.ts",
    ["--runs", "x"],
    {},
    `--runs "x" is not a number of runs: ${BENCH}`,
  ],
  [
    "bench.ts",
    ["--runs=0"],
    {},
    `--runs "0" is not a number of runs: ${BENCH}`,
  ],
  [
    "bench.ts",
    ["--runs", "1.5"],
    {},
    `--runs "1.5" is not a number of runs: ${BENCH}`,
  ],
  ["bench.ts", ["--runs"], {}, `--runs needs a value: ${BENCH}`],
  ["bench.ts", ["--fast"], {}, `unknown argument "--fast": ${BENCH}`],
  ["bench.ts", ["5"], {}, `unknown argument "5": ${BENCH}`],
  [
    "size.ts",
    ["--verbose"],
    {},
    'unknown argument "--verbose": deno task size takes no arguments',
  ],
  [
    "check.ts",
    ["--quick"],
    {},
    'unknown argument "--quick": deno task check takes no arguments',
  ],
  [
    "check.ts",
    [],
    { STD_SOURCE: "NPM" },
    'STD_SOURCE="NPM" is not a source: use jsr or npm',
  ],
  [
    "deno.ts",
    ["test"],
    { STD_SOURCE: "yes" },
    'STD_SOURCE="yes" is not a source: use jsr or npm',
  ],
  [
    "deno.ts",
    [],
    {},
    "missing <deno command>: run as _tools/deno.ts <command> [args…]",
  ],
  [
    "parallel.ts",
    ["-x"],
    {},
    'unknown argument "-x": _tools/parallel.ts takes no arguments',
  ],
  [
    "runtimes/matrix.ts",
    ["--only=deno"],
    {},
    'unknown argument "--only=deno": _tools/runtimes/matrix.ts takes --write (the table into README.md) or nothing',
  ],
  [
    "bench_web.ts",
    ["--rounds", "5"],
    {},
    '--rounds "5": deno task bench:web takes --rounds N (10 or more), --seconds S (1 to 60, per wrk run) and --only api or page',
  ],
  [
    "bench_web.ts",
    ["--only", "all"],
    {},
    '--only "all": deno task bench:web takes --rounds N (10 or more), --seconds S (1 to 60, per wrk run) and --only api or page',
  ],
  [
    "web_bundle.ts",
    ["--watch"],
    {},
    'unknown argument "--watch": deno task web:bundle takes no arguments',
  ],
];

for (const [script, args, env, message] of CASES) {
  const input = [
    ...Object.entries(env).map(([name, value]) => `${name}=${value}`),
    script,
    ...args,
  ].join(" ");
  Deno.test(`${script} rejects bad input in one line with exit code 2: ${input}`, async () => {
    assertEquals(await tool(script, args, env), [2, "", `error: ${message}\n`]);
  });
}
