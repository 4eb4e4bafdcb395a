// Copyright 2026 the @x/jose authors. MIT license.
/**
 * Runs `deno <command> …` with `@std/*` taken from wherever this network can
 * reach: JSR, as `deno.json` says, or else the same code from the npm package
 * `deno-std` (`_tools/std_mirror.json`). `STD_SOURCE=jsr` or `STD_SOURCE=npm`
 * skips the probe.
 *
 * For the npm mirror, everything a run writes goes into a temporary folder of
 * its own, removed when the command ends (a signal included), so that any
 * number of runs side by side never touch a shared file: an import map
 * (`deno.json`'s imports with the mirror's over them) for the commands that
 * take `--import-map` (`run`, `serve`, `test`, `check`, `bench`, `bundle`,
 * `doc`), and for `deno publish`, which takes the package root
 * from its config's folder, a copy of the package with such a `deno.json`.
 * The import map's path is passed on in `X_JOSE_IMPORT_MAP` so that tests
 * which start Deno themselves resolve `@std/*` the same way.
 *
 * @example
 * ```sh
 * deno run -A _tools/deno.ts test --doc
 * ```
 *
 * @module
 */
import { runOwned } from "./child.ts";
import { usageError } from "./usage.ts";

const ROOT = new URL("../", import.meta.url);
const JSR_PROBE = "https://jsr.io/@std/assert/meta.json";

/** Where `@std/*` comes from. */
export type StdSource = "jsr" | "npm";

/**
 * Tells whether JSR answers, unless `STD_SOURCE` already says where to go.
 * Any other `STD_SOURCE` is bad input: one line, exit code 2.
 */
export async function stdSource(): Promise<StdSource> {
  const forced = Deno.env.get("STD_SOURCE");
  if (forced === "jsr" || forced === "npm") return forced;
  if (forced !== undefined) {
    usageError(
      `STD_SOURCE=${JSON.stringify(forced)} is not a source: use jsr or npm`,
    );
  }
  try {
    const response = await fetch(JSR_PROBE, {
      signal: AbortSignal.timeout(5_000),
    });
    await response.body?.cancel();
    return response.ok ? "jsr" : "npm";
  } catch {
    return "npm";
  }
}

/** `deno.json` with its `imports` pointing `@std/*` at the npm mirror. */
async function mirrorConfig(): Promise<
  { imports: Record<string, string>; [key: string]: unknown }
> {
  const config = JSON.parse(
    await Deno.readTextFile(new URL("deno.json", ROOT)),
  );
  const mirror = JSON.parse(
    await Deno.readTextFile(new URL("_tools/std_mirror.json", ROOT)),
  );
  config.imports = { ...config.imports, ...mirror.imports };
  delete config.tasks;
  return config;
}

/** The files `deno publish` would see: tracked, or new and not ignored. */
async function packageFiles(): Promise<string[]> {
  const { success, stdout, stderr } = await new Deno.Command("git", {
    args: ["ls-files", "-z", "--cached", "--others", "--exclude-standard"],
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!success) {
    throw new Error(
      `git ls-files failed: ${new TextDecoder().decode(stderr).trim()}`,
    );
  }
  return new TextDecoder().decode(stdout).split("\0").filter((path) => path);
}

/**
 * Makes, in `dir`, what a command needs to take `@std/*` from the mirror, and
 * returns its flag and the folder to run it in.
 */
async function prepareMirror(
  command: string,
  dir: string,
): Promise<{ flags: string[]; cwd: string; importMap: string }> {
  const config = await mirrorConfig();
  const importMap = `${dir}/import_map.json`;
  await Deno.writeTextFile(
    importMap,
    JSON.stringify({ imports: config.imports }, null, 2),
  );
  if (command !== "publish") {
    return {
      flags: ["--import-map", importMap],
      cwd: ROOT.pathname,
      importMap,
    };
  }
  // `deno publish` ignores import maps and publishes its config's folder.
  const copy = `${dir}/package`;
  for (const path of await packageFiles()) {
    const target = `${copy}/${path}`;
    await Deno.mkdir(target.slice(0, target.lastIndexOf("/")), {
      recursive: true,
    });
    try {
      await Deno.copyFile(new URL(path, ROOT), target);
    } catch (error) {
      // A file deleted but not yet committed is not in the package.
      if (!(error instanceof Deno.errors.NotFound)) throw error;
    }
  }
  await Deno.writeTextFile(
    `${copy}/deno.json`,
    JSON.stringify(config, null, 2) + "\n",
  );
  return { flags: ["--config", `${copy}/deno.json`], cwd: copy, importMap };
}

// The commands that resolve `@std/*` and so need the mirror.
const RESOLVING = new Set([
  "run",
  "serve",
  "test",
  "check",
  "bench",
  "bundle",
  "doc",
  "publish",
]);

/**
 * Runs `deno <command> <args>` in the repository root, with `@std/*` from
 * `source`, and returns its exit code.
 */
export async function deno(
  command: string,
  args: string[],
  source: StdSource,
): Promise<number> {
  const mirror = source === "npm" && RESOLVING.has(command);
  const dir = mirror
    ? await Deno.makeTempDir({ prefix: "x-jose-std-mirror-" })
    : undefined;
  try {
    const { flags, cwd, importMap } = dir
      ? await prepareMirror(command, dir)
      : { flags: [], cwd: ROOT.pathname, importMap: "" };
    // A signal, or the loss of whoever started this, reaches the child too;
    // its end is waited for, and the folder removed, before this ends.
    return await runOwned(
      new Deno.Command(Deno.execPath(), {
        args: [command, ...flags, ...args],
        cwd,
        env: { X_JOSE_IMPORT_MAP: importMap },
      }),
    );
  } finally {
    if (dir) await Deno.remove(dir, { recursive: true });
  }
}

if (import.meta.main) {
  const [command, ...args] = Deno.args;
  if (command === undefined) {
    usageError(
      "missing <deno command>: run as _tools/deno.ts <command> [args…]",
    );
  }
  Deno.exit(await deno(command, args, await stdSource()));
}
