// Copyright 2026 the @x/jose authors. MIT license.
/**
 * Runs `deno <command> …` with `@std/*` taken from wherever this network can
 * reach: JSR, as `deno.json` says, or else the same code from the npm package
 * `deno-std` (`_tools/std_mirror.json`), through a copy of `deno.json` whose
 * `imports` point there. `STD_SOURCE=jsr` or `STD_SOURCE=npm` skips the probe.
 *
 * The chosen config is passed on in `X_JOSE_DENO_CONFIG` so that tests which
 * start Deno themselves resolve `@std/*` the same way.
 *
 * @example
 * ```sh
 * deno run -A _tools/deno.ts test --doc
 * ```
 *
 * @module
 */

const ROOT = new URL("../", import.meta.url);
const MIRROR_CONFIG = ".deno.mirror.json";
const JSR_PROBE = "https://jsr.io/@std/assert/meta.json";

/** Where `@std/*` comes from. */
export type StdSource = "jsr" | "npm";

/** Tells whether JSR answers, unless `STD_SOURCE` already says where to go. */
export async function stdSource(): Promise<StdSource> {
  const forced = Deno.env.get("STD_SOURCE");
  if (forced === "jsr" || forced === "npm") return forced;
  if (forced) {
    throw new Error(`STD_SOURCE must be "jsr" or "npm", not "${forced}"`);
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

/**
 * The `--config` arguments for `source`: none for JSR; for npm, writes the
 * mirror variant of `deno.json` beside it (it must sit there: the package
 * root is the config's folder) and names it.
 */
export async function configArgs(source: StdSource): Promise<string[]> {
  if (source === "jsr") return [];
  const config = JSON.parse(
    await Deno.readTextFile(new URL("deno.json", ROOT)),
  );
  const mirror = JSON.parse(
    await Deno.readTextFile(new URL("_tools/std_mirror.json", ROOT)),
  );
  config.imports = { ...config.imports, ...mirror.imports };
  delete config.tasks;
  await Deno.writeTextFile(
    new URL(MIRROR_CONFIG, ROOT),
    JSON.stringify(config, null, 2) + "\n",
  );
  return ["--config", MIRROR_CONFIG];
}

/** Runs `deno <command> <config args> <args>` in the repository root. */
export async function deno(
  command: string,
  args: string[],
  config: string[],
): Promise<number> {
  const { code } = await new Deno.Command(Deno.execPath(), {
    args: [command, ...config, ...args],
    cwd: ROOT,
    env: { X_JOSE_DENO_CONFIG: config[1] ?? "" },
  }).spawn().status;
  return code;
}

if (import.meta.main) {
  const [command, ...args] = Deno.args;
  if (command === undefined) {
    console.error("usage: deno run -A _tools/deno.ts <deno command> [args…]");
    Deno.exit(2);
  }
  Deno.exit(await deno(command, args, await configArgs(await stdSource())));
}
