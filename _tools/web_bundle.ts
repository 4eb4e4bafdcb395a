// Copyright 2026 the @x/jose authors. MIT license.
/**
 * Builds what the page puts inline: `web/app.ts`, with the package's own
 * modules it imports, into `web/static/app.js`, and `web/style.css` into
 * `web/static/app.css`, both minified by the pinned esbuild of
 * `_tools/npm.ts`, so that the same sources give the same bytes on every
 * machine. Minified output has no comments, so no path of the machine that
 * built it reaches a file. `web/bundle_test.ts` rebuilds both and compares
 * them whole.
 *
 * @example
 * ```sh
 * deno task web:bundle
 * ```
 *
 * @module
 */
import { installNpmTools, NPM_TOOLS, npmBin } from "./npm.ts";
import { parseOptions } from "./usage.ts";

const ROOT = new URL("../", import.meta.url);

/** Each built file, and the esbuild arguments that build it. */
export const BUILDS: Record<string, string[]> = {
  "web/static/app.js": [
    "web/app.ts",
    "--bundle",
    "--format=esm",
    "--target=es2022",
  ],
  "web/static/app.css": ["web/style.css"],
};
const COMMON = [
  "--minify",
  "--charset=utf8",
  "--legal-comments=none",
  "--log-level=warning",
];

/** What esbuild makes of the file `path` of {@linkcode BUILDS}. */
export async function build(path: string): Promise<string> {
  await installNpmTools(["esbuild"]);
  const args = [...BUILDS[path]!, ...COMMON];
  const { success, stdout, stderr } = await new Deno.Command(
    npmBin("esbuild"),
    { args, cwd: ROOT, stdout: "piped", stderr: "piped" },
  ).output();
  const errors = new TextDecoder().decode(stderr);
  if (!success || errors) {
    throw new Error(`${NPM_TOOLS.esbuild} ${args.join(" ")}: ${errors}`);
  }
  return new TextDecoder().decode(stdout);
}

/** Writes `text` to `path` whole or not at all: beside it, then renamed. */
async function replace(path: URL, text: string): Promise<void> {
  const temp = await Deno.makeTempFile({
    dir: new URL(".", path).pathname,
    prefix: ".build-",
  });
  try {
    await Deno.writeTextFile(temp, text);
    await Deno.chmod(temp, 0o644);
    await Deno.rename(temp, path);
  } catch (error) {
    await Deno.remove(temp).catch(() => {});
    throw error;
  }
}

if (import.meta.main) {
  parseOptions(Deno.args, [], "deno task web:bundle takes no arguments");
  for (const path of Object.keys(BUILDS)) {
    await replace(new URL(path, ROOT), await build(path));
  }
}
