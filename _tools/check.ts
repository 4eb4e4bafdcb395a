// Copyright 2026 the @x/jose authors. MIT license.
/**
 * Every check CI runs, in order, each as its own `deno` command, with `@std/*`
 * from JSR or its npm mirror (see `_tools/deno.ts`). It runs them all, prints
 * a line per check and a summary, and fails if any check failed.
 *
 * @example
 * ```sh
 * deno task check
 * ```
 *
 * @module
 */
import { deno, stdSource } from "./deno.ts";

const ENTRY_POINTS = ["mod.ts", "generate_secret.ts", "cli.ts"];
const TEST_PERMISSIONS = ["--allow-env", "--allow-read", "--allow-run"];

/** A check: its name, and the `deno` command and arguments that run it. */
type Check = [name: string, command: string, args: string[]];

const CHECKS: Check[] = [
  ["format", "fmt", ["--check"]],
  ["lint", "lint", []],
  ["types", "check", ["."]],
  ["types with browser libraries only", "check", [
    "--config",
    "_tools/browser.json",
    "mod.ts",
    "generate_secret.ts",
  ]],
  ["documentation lint", "doc", ["--lint", ...ENTRY_POINTS]],
  ["publish dry run (no slow types)", "publish", [
    "--dry-run",
    "--allow-dirty",
  ]],
  ["tests and documentation examples", "test", [...TEST_PERMISSIONS, "--doc"]],
];

const source = await stdSource();
console.log(
  `@std/* from ${source === "jsr" ? "JSR" : "npm (deno-std mirror)"}`,
);

const failed: string[] = [];
for (const [name, command, args] of CHECKS) {
  console.log(`\n=== ${name}: deno ${command} ${args.join(" ")}`);
  const code = await deno(command, args, source);
  if (code !== 0) failed.push(name);
  console.log(`=== ${name}: ${code === 0 ? "ok" : `FAILED (exit ${code})`}`);
}
console.log(
  `\nchecks: ${CHECKS.length - failed.length} passed, ${failed.length} failed`,
);
if (failed.length > 0) {
  console.log(`failed: ${failed.join(", ")}`);
  Deno.exit(1);
}
