// Copyright 2026 the @x/jose authors. MIT license.
/**
 * Writes the module doc of `mod.ts`, which jsr.io shows as the package's
 * overview, from the README: the part written for users, everything between
 * its title and its "## The web app" section but the "## Develop it" section
 * (the two commands, near the top for a newcomer in a clone). One text, two
 * places; `_tools/docs_test.ts` fails when they differ.
 *
 * @example
 * ```sh
 * deno task docs
 * ```
 *
 * @module
 */
import { parseOptions } from "./usage.ts";

const ROOT = new URL("../", import.meta.url);
const HEADER = "// Copyright 2026 the @x/jose authors. MIT license.\n";
const EXPORTS = 'export * from "./generate_secret.ts";\n';

/** The README's part for users, without its title. */
export function usersPart(readme: string): string {
  const start = readme.indexOf("\n\n") + 2;
  const develop = readme.indexOf("\n## Develop it\n");
  const end = readme.indexOf("\n## The web app\n");
  if (!readme.startsWith("# @x/jose\n\n") || develop < 0 || end < develop) {
    throw new Error(
      'README.md needs its "# @x/jose" title, "## Develop it" and, after it, "## The web app"',
    );
  }
  const afterDevelop = readme.indexOf("\n## ", develop + 1);
  return (readme.slice(start, develop) + readme.slice(afterDevelop, end))
    .trimEnd();
}

/** `mod.ts` with the README's part for users as its module doc. */
export function modTs(readme: string): string {
  const text = usersPart(readme);
  if (text.includes("*/")) throw new Error('README.md: "*/" ends a JSDoc');
  const lines = text.split("\n").map((line) => line ? ` * ${line}` : " *");
  return `${HEADER}/**\n${lines.join("\n")}\n *\n * @module\n */\n${EXPORTS}`;
}

if (import.meta.main) {
  parseOptions(Deno.args, [], "deno task docs takes no arguments");
  const readme = await Deno.readTextFile(new URL("README.md", ROOT));
  await Deno.writeTextFile(new URL("mod.ts", ROOT), modTs(readme));
}
