// Copyright 2026 the @x/jose authors. MIT license.
import { assertEquals, assertThrows } from "@std/assert";
import { modTs, usersPart } from "./docs.ts";

const ROOT = new URL("../", import.meta.url);

Deno.test("mod.ts's module doc is the README's part for users (deno task docs writes it)", async () => {
  const readme = await Deno.readTextFile(new URL("README.md", ROOT));
  assertEquals(
    await Deno.readTextFile(new URL("mod.ts", ROOT)),
    modTs(readme),
  );
});

Deno.test("README.md stays at most 200 lines", async () => {
  const readme = await Deno.readTextFile(new URL("README.md", ROOT));
  const lines = readme.trimEnd().split("\n").length;
  assertEquals(lines <= 200, true, `${lines} lines`);
});

Deno.test("usersPart() takes what lies between the title and The web app, but Develop it", () => {
  assertEquals(
    usersPart(
      "# @x/jose\n\nFor users.\n\n## Develop it\n\nNot.\n\n## Use\n\nMore.\n\n## The web app\n\nNot.\n",
    ),
    "For users.\n\n## Use\n\nMore.",
  );
  assertThrows(() => usersPart("# @x/jose\n\nNo contributor part.\n"), Error);
  assertThrows(
    () => usersPart("# @x/jose\n\n## The web app\n\n## Develop it\n"),
    Error,
  );
});

Deno.test("modTs() writes the part as a JSDoc module doc and refuses a */", () => {
  assertEquals(
    modTs(
      "# @x/jose\n\nLine one\n\n## Develop it\n\nNot.\n\n## Use\n\nLine two\n\n## The web app\n",
    ),
    `// Copyright 2026 the @x/jose authors. MIT license.
/**
 * Line one
 *
 * ## Use
 *
 * Line two
 *
 * @module
 */
export * from "./generate_secret.ts";
`,
  );
  assertThrows(
    () => modTs("# @x/jose\n\nA*/B\n\n## Develop it\n\n## The web app\n"),
    Error,
  );
});
