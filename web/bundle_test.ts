// Copyright 2026 the @x/jose authors. MIT license.
import { assertEquals } from "@std/assert";
import { build, BUILDS } from "../_tools/web_bundle.ts";

const ROOT = new URL("../", import.meta.url);

for (const path of Object.keys(BUILDS)) {
  Deno.test(`${path} is what deno task web:bundle builds, byte for byte`, async () => {
    const committed = await Deno.readTextFile(new URL(path, ROOT));
    assertEquals(committed, await build(path), "run deno task web:bundle");
  });
}

Deno.test("the built files are minified and name no path of any machine", async () => {
  for (const path of Object.keys(BUILDS)) {
    const text = await Deno.readTextFile(new URL(path, ROOT));
    assertEquals(text.split("\n").length <= 8, true, `${path} is minified`);
    assertEquals(text.includes("/*"), false, `${path} has a comment`);
    assertEquals(
      text.match(/\/\/ |file:|\/(root|home|tmp|Users)\//),
      null,
      path,
    );
  }
});
