// Copyright 2026 the @x/jose authors. MIT license.
import { assert, assertEquals } from "@std/assert";

const ROOT = new URL("../", import.meta.url);
const BUNDLE = new URL("static/app.js", import.meta.url);
const IMPORT_MAP = Deno.env.get("X_JOSE_IMPORT_MAP");

/**
 * A bundle's modules: esbuild starts each with a line `// <path>`. Our own
 * files have paths in the repository; `@std/encoding`'s are wherever JSR or
 * its npm mirror put them, which differs from machine to machine.
 */
function modules(bundle: string): Map<string, string> {
  const found = new Map<string, string>();
  const parts = bundle.split(/^\/\/ (\S+)\n/m);
  assertEquals(parts[0], "", "the bundle starts with a module");
  for (let i = 1; i < parts.length; i += 2) found.set(parts[i]!, parts[i + 1]!);
  return found;
}

const ours = (path: string) => !path.startsWith("../") && !path.includes(":");

Deno.test("web/static/app.js holds exactly the code of generate_secret.ts, format.ts, input.ts and web/ (deno task web:bundle)", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const { success, stderr } = await new Deno.Command(Deno.execPath(), {
      args: [
        "bundle",
        "--quiet",
        ...(IMPORT_MAP ? ["--import-map", IMPORT_MAP] : []),
        "--platform",
        "browser",
        "--output",
        `${dir}/app.js`,
        "web/app.ts",
      ],
      cwd: ROOT,
      env: { NO_COLOR: "1" },
    }).output();
    assert(success, new TextDecoder().decode(stderr));
    const fresh = modules(await Deno.readTextFile(`${dir}/app.js`));
    const committed = modules(await Deno.readTextFile(BUNDLE));
    const [freshOurs, committedOurs] = [fresh, committed].map((found) =>
      [...found].filter(([path]) => ours(path))
    );
    assertEquals(committedOurs!.map(([path]) => path), [
      "generate_secret.ts",
      "format.ts",
      "input.ts",
      "web/api.ts",
      "web/app.ts",
    ]);
    // Byte for byte: what the page runs is what these files say.
    assertEquals(committedOurs, freshOurs);
    // The rest is @std/encoding: the same modules, from JSR or its mirror.
    const name = (path: string) =>
      path.split("/").at(-1)!.replace(/\.ts$/, ".js");
    assertEquals(
      [...committed.keys()].filter((path) => !ours(path)).map(name),
      [...fresh.keys()].filter((path) => !ours(path)).map(name),
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
