// Copyright 2026 the @x/jose authors. MIT license.
/**
 * Runs `deno <command> …` with `@std/*` taken from wherever this network can
 * reach: JSR, as `deno.json` says, or else the same code from the npm package
 * `deno-std` (`_tools/std_mirror.json`), through a copy of `deno.json` whose
 * `imports` point there. `STD_SOURCE=jsr` or `STD_SOURCE=npm` skips the probe.
 *
 * The mirror's import map is passed on in `X_JOSE_IMPORT_MAP` so that tests
 * which start Deno themselves resolve `@std/*` the same way.
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
 * Writes, for the npm mirror, a copy of `deno.json` whose `imports` point at
 * it, and returns its name. It sits beside `deno.json` because `deno publish`
 * takes the package root from the config's folder; the other commands read
 * only its `imports`, as an import map.
 */
async function writeMirrorConfig(): Promise<string> {
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
  return MIRROR_CONFIG;
}

// How each command that resolves modules takes the mirror: `publish` ignores
// import maps, so it gets the whole config variant.
const MIRROR_FLAGS: Record<string, string> = {
  run: "--import-map",
  test: "--import-map",
  check: "--import-map",
  bench: "--import-map",
  doc: "--import-map",
  publish: "--config",
};

/**
 * Runs `deno <command> <args>` in the repository root, with `@std/*` from
 * `source`, and returns its exit code. The mirror's config is removed again
 * afterwards, so that nothing stale is left to publish.
 */
export async function deno(
  command: string,
  args: string[],
  source: StdSource,
): Promise<number> {
  const flag = source === "npm" ? MIRROR_FLAGS[command] : undefined;
  const mirror = flag ? await writeMirrorConfig() : "";
  try {
    const { code } = await new Deno.Command(Deno.execPath(), {
      args: [command, ...(flag ? [flag, mirror] : []), ...args],
      cwd: ROOT,
      env: { X_JOSE_IMPORT_MAP: mirror },
    }).spawn().status;
    return code;
  } finally {
    if (mirror) await Deno.remove(new URL(mirror, ROOT));
  }
}

if (import.meta.main) {
  const [command, ...args] = Deno.args;
  if (command === undefined) {
    console.error("usage: deno run -A _tools/deno.ts <deno command> [args…]");
    Deno.exit(2);
  }
  Deno.exit(await deno(command, args, await stdSource()));
}
