// Copyright 2026 the @x/jose authors. MIT license.
/**
 * Bundles and minifies our `./generate/secret` entry and jose's equivalent
 * (`jose/key/generate/secret`) with esbuild, and prints both sizes, minified
 * and gzipped: our whole entry, and `generateSecret` imported alone from each
 * (jose's entry has nothing else).
 *
 * The rule, for each of ours: minified, no larger than jose's; minified and
 * gzipped, within 1% of jose's. Robustness comes before bytes, so a few
 * gzipped bytes that buy safety are allowed, but no more. An identifier jose
 * lacks (`JOSE_LACKS` in `_tools/jose.ts`) is work jose's bundle does not do:
 * each is allowed what one table entry written out costs, 80 B minified and
 * 24 B gzipped (a trial `HS1` entry, HMAC with SHA-1, cost 75 B and 21 B).
 * Sizes do not depend on the machine (the tools are pinned), so this exits 1
 * if the rule is broken.
 *
 * @example
 * ```sh
 * deno task size
 * ```
 *
 * @module
 */
import { installNpmTools, NPM_TOOLS, npmBin, npmPackage } from "./npm.ts";
import { parseOptions } from "./usage.ts";
import { JOSE_LACKS } from "./jose.ts";

parseOptions(Deno.args, [], "deno task size takes no arguments");

const ENTRY = new URL("../generate_secret.ts", import.meta.url);

async function minify(
  args: string[],
  input = "",
): Promise<Uint8Array<ArrayBuffer>> {
  const child = new Deno.Command(npmBin("esbuild"), {
    args: [
      "--bundle",
      "--minify",
      "--format=esm",
      "--log-level=warning",
      ...args,
    ],
    // For stdin input, esbuild resolves packages from here.
    cwd: `${npmPackage("jose")}/../..`,
    stdin: "piped",
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode(input));
  await writer.close();
  const { success, stdout } = await child.output();
  if (!success) throw new Error(`esbuild ${args.join(" ")} failed`);
  return stdout;
}

async function gzipped(bytes: Uint8Array<ArrayBuffer>): Promise<number> {
  const stream = new Blob([bytes]).stream().pipeThrough(
    new CompressionStream("gzip"),
  );
  return (await new Response(stream).arrayBuffer()).byteLength;
}

await installNpmTools(["esbuild", "jose"]);
const OURS = `export { generateSecret } from ${
  JSON.stringify(ENTRY.pathname)
};`;
const JOSE = 'export { generateSecret } from "jose/key/generate/secret";';
const rows: [string, Uint8Array<ArrayBuffer>][] = [
  ["@x/jose/generate/secret, whole entry", await minify([ENTRY.pathname])],
  ["@x/jose/generate/secret, generateSecret", await minify([], OURS)],
  [
    `${NPM_TOOLS.jose} jose/key/generate/secret, generateSecret`,
    await minify([], JOSE),
  ],
];
type Size = [name: string, minified: number, gzipped: number];
const sizes: Size[] = [];
for (const [name, code] of rows) {
  sizes.push([name, code.length, await gzipped(code)]);
}

console.log(
  `${NPM_TOOLS.esbuild} --bundle --minify --format=esm; gzip: CompressionStream\n`,
);
console.log(
  "| what a bundle takes in | minified | minified + gzip |\n| --- | --- | --- |",
);
for (const [name, min, gz] of sizes) {
  console.log(`| ${name} | ${min} B | ${gz} B |`);
}

// Our whole entry, and what `import { generateSecret }` adds to a bundle,
// each against jose's entry.
const GZIP_SLACK = 1.01;
const [, , [, joseMin, joseGz]] = sizes as [unknown, unknown, Size];
const extra = JOSE_LACKS.length;
const [minLimit, gzLimit] = [
  joseMin + extra * 80,
  Math.floor(joseGz * GZIP_SLACK) + extra * 24,
];
const beyond = extra ? ` + ${extra} identifiers jose lacks` : "";
const verdicts: [string, boolean][] = [];
for (const [name, min, gz] of sizes.slice(0, 2)) {
  verdicts.push([
    `${name}, minified: ${min} B, no larger than jose's ${joseMin} B${
      extra ? `${beyond} (at most ${minLimit} B)` : ""
    }`,
    min <= minLimit,
  ]);
  verdicts.push([
    `${name}, minified + gzip: ${gz} B, within 1% of jose's ${joseGz} B${beyond} (at most ${gzLimit} B)`,
    gz <= gzLimit,
  ]);
}
console.log("");
for (const [what, ok] of verdicts) {
  console.log(`${ok ? "ok" : "FAILED"}: ${what}`);
}
const failed = verdicts.filter(([, ok]) => !ok).length;
console.log(`\nsize: ${verdicts.length - failed} passed, ${failed} failed`);
if (failed > 0) Deno.exit(1);
