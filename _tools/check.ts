// Copyright 2026 the @x/jose authors. MIT license.
/**
 * Every check CI runs, in order, each as its own command: format, lint, types
 * (also with browser libraries only), documentation lint, the publish dry
 * run, the tests and documentation examples, the bundle size against jose's,
 * task runs side by side and interrupted, the runtime matrix, run with its
 * home and temporary folders pointed at an empty folder that must still be
 * empty afterwards, and the web app in real browsers; and last, that none of
 * them left a file in the working tree. `@std/*` comes from JSR or its npm mirror (see
 * `_tools/deno.ts`). It runs them all, prints a line per check and a summary,
 * and fails if any check failed.
 *
 * The matrix and the web test skip a browser that is not installed, saying
 * so, unless `CI` is set: there, a missing browser fails.
 *
 * @example
 * ```sh
 * deno task check
 * ```
 *
 * @module
 */
import { runOwned, stoppedBy } from "./child.ts";
import { deno, stdSource } from "./deno.ts";
import { parseOptions } from "./usage.ts";

parseOptions(Deno.args, [], "deno task check takes no arguments");

const ENTRY_POINTS = ["mod.ts", "generate_secret.ts", "keyring.ts", "cli.ts"];
const BROWSER_DRIVER = "_tools/web_browsers.ts";
const PAGE_SCRIPT = "web/app.ts";
const DOM_FILES = [
  BROWSER_DRIVER,
  PAGE_SCRIPT,
  "_tools/bench_web.ts",
  "_tools/browser_launch.ts",
];
const TEST_PERMISSIONS = [
  "--allow-env",
  "--allow-read",
  "--allow-write",
  "--allow-run",
];
const TOOL_PERMISSIONS = [
  "--allow-env",
  "--allow-read",
  "--allow-write",
  "--allow-run",
];

/** A check: its name, and what runs it, to its exit code. */
type Check = [name: string, run: () => Promise<number>];

/** `deno <command> <args>` through `_tools/deno.ts`. */
function denoCheck(name: string, command: string, args: string[]): Check {
  return [name, () => deno(command, args, source)];
}

/** A task script of `_tools/`, run as its task runs it. */
function script(
  name: string,
  path: string,
  permissions: string[],
  env: Record<string, string> = {},
): Check {
  return [name, () =>
    runOwned(
      new Deno.Command(Deno.execPath(), {
        args: ["run", ...permissions, new URL(path, import.meta.url).pathname],
        env,
      }),
    )];
}

async function output(command: string, args: string[]): Promise<string> {
  const { stdout } = await new Deno.Command(command, {
    args,
    stdout: "piped",
    stderr: "inherit",
  }).output();
  return new TextDecoder().decode(stdout).trim();
}

/**
 * The runtime matrix with `HOME`, `TMPDIR` and the XDG folders pointed at an
 * empty folder, which must be empty again when the matrix ends: whatever a
 * runtime or browser left behind would be there. Deno's and npm's caches stay
 * where they are, so that nothing is downloaded twice.
 */
const matrixLeavesNothing: Check = [
  "runtime matrix, leaving nothing behind",
  async () => {
    const denoDir = JSON.parse(
      await output(Deno.execPath(), ["info", "--json"]),
    ).denoDir;
    const npmCache = await output("npm", ["config", "get", "cache"]);
    // A short name: Chromium's socket path under it must fit in 108 bytes.
    const sandbox = await Deno.makeTempDir({ prefix: "xjs" });
    try {
      const [, run] = script(
        "matrix",
        "runtimes/matrix.ts",
        [...TOOL_PERMISSIONS, "--allow-net=127.0.0.1"],
        {
          HOME: sandbox,
          TMPDIR: sandbox,
          XDG_CONFIG_HOME: `${sandbox}/.config`,
          XDG_CACHE_HOME: `${sandbox}/.cache`,
          XDG_DATA_HOME: `${sandbox}/.local/share`,
          DENO_DIR: denoDir,
          npm_config_cache: npmCache,
        },
      );
      const code = await run();
      const left = [];
      for await (const entry of Deno.readDir(sandbox)) left.push(entry.name);
      if (left.length > 0) {
        console.log(`left behind in HOME or TMPDIR: ${left.sort().join(", ")}`);
        return code || 1;
      }
      console.log("nothing left behind in HOME or TMPDIR");
      return code;
    } finally {
      await Deno.remove(sandbox, { recursive: true });
    }
  },
];

const source = await stdSource();
console.log(
  `@std/* from ${source === "jsr" ? "JSR" : "npm (deno-std mirror)"}`,
);

const CHECKS: Check[] = [
  denoCheck("format", "fmt", ["--check"]),
  denoCheck("lint", "lint", []),
  // The files that reference the DOM library are checked one by one: the
  // DOM's global types (CryptoKey among them) would change how the rest is
  // checked.
  ["types", async () => {
    const files = (await output("git", [
      "ls-files",
      "--cached",
      "--others",
      "--exclude-standard",
      "*.ts",
    ])).split("\n").filter((file) => !DOM_FILES.includes(file));
    let code = await deno("check", files, source);
    for (const file of DOM_FILES) code ||= await deno("check", [file], source);
    return code;
  }],
  denoCheck("types with browser libraries only", "check", [
    "--config",
    "_tools/browser.json",
    "mod.ts",
    "generate_secret.ts",
    "keyring.ts",
  ]),
  // Each entry point alone, as its own page on jsr.io shows it: every type
  // it names must be its own export.
  ["documentation lint, each entry point alone", async () => {
    let code = 0;
    for (const entry of ENTRY_POINTS) {
      const linted = await deno("doc", ["--lint", entry], source);
      code ||= linted;
    }
    return code;
  }],
  denoCheck("publish dry run (no slow types)", "publish", [
    "--dry-run",
    "--allow-dirty",
  ]),
  denoCheck("tests and documentation examples", "test", [
    ...TEST_PERMISSIONS,
    "--doc",
  ]),
  script("bundle size against jose's", "size.ts", TOOL_PERMISSIONS),
  script(
    "task runs side by side and interrupted",
    "parallel.ts",
    TOOL_PERMISSIONS,
  ),
  matrixLeavesNothing,
  denoCheck("web app in Chromium and Firefox", "run", [
    ...TOOL_PERMISSIONS,
    "--allow-sys",
    "--allow-net=127.0.0.1,localhost",
    BROWSER_DRIVER,
  ]),
];

// No check may leave a file in the working tree (the git-ignored `.tools/`
// aside): runs side by side would trip over it, and it could be published.
const treeBefore = await output("git", [
  "status",
  "--porcelain",
  "--untracked-files=all",
]);

const failed: string[] = [];
for (const [name, run] of CHECKS) {
  console.log(`\n=== ${name}`);
  const code = await run();
  // Stopped by a signal, or by the loss of whoever started it: the check
  // that was running has ended; no other starts.
  const stopped = stoppedBy();
  if (stopped !== undefined) Deno.exit(stopped);
  if (code !== 0) failed.push(name);
  console.log(`=== ${name}: ${code === 0 ? "ok" : `FAILED (exit ${code})`}`);
}
const treeAfter = await output("git", [
  "status",
  "--porcelain",
  "--untracked-files=all",
]);
console.log("\n=== the working tree is as it was");
if (treeAfter !== treeBefore) {
  failed.push("the working tree is as it was");
  console.log(`before:\n${treeBefore}\nafter:\n${treeAfter}`);
}
const total = CHECKS.length + 1;
console.log(
  `\nchecks: ${total - failed.length} passed, ${failed.length} failed`,
);
if (failed.length > 0) {
  console.log(`failed: ${failed.join(", ")}`);
  Deno.exit(1);
}
