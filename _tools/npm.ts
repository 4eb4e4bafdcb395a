// Copyright 2026 the @x/jose authors. MIT license.
/**
 * The npm packages the runtime matrix, the size report and the benchmarks'
 * tooling run, pinned, and installed on first use into the git-ignored
 * `.tools/` folder with the machine's npm.
 *
 * @module
 */

const TOOLS = new URL("../.tools/", import.meta.url);

/** Each package and the exact version every script here uses. */
export const NPM_TOOLS = {
  bun: "1.4.5",
  workerd: "1.20261117.1",
  esbuild: "0.28.2",
  jose: "6.2.18",
} as const;

async function installedVersion(name: string): Promise<string | undefined> {
  try {
    const manifest = new URL(`node_modules/${name}/package.json`, TOOLS);
    return JSON.parse(await Deno.readTextFile(manifest)).version;
  } catch {
    return undefined;
  }
}

/** Installs whichever pinned package is missing or at another version. */
export async function installNpmTools(): Promise<void> {
  const wanted = Object.entries(NPM_TOOLS);
  const missing = [];
  for (const [name, version] of wanted) {
    if (await installedVersion(name) !== version) {
      missing.push(`${name}@${version}`);
    }
  }
  if (missing.length === 0) return;
  await Deno.mkdir(TOOLS, { recursive: true });
  console.error(`installing ${missing.join(" ")} into .tools/ with npm`);
  const { success } = await new Deno.Command("npm", {
    args: [
      "install",
      "--prefix",
      TOOLS.pathname,
      "--no-audit",
      "--no-fund",
      ...missing,
    ],
    stdout: "inherit",
    stderr: "inherit",
  }).output();
  if (!success) throw new Error(`npm install ${missing.join(" ")} failed`);
}

/** The path of an installed package's command, such as `esbuild`. */
export function npmBin(name: keyof typeof NPM_TOOLS): string {
  return new URL(`node_modules/.bin/${name}`, TOOLS).pathname;
}

/** The path of an installed package's folder, such as `jose`. */
export function npmPackage(name: keyof typeof NPM_TOOLS): string {
  return new URL(`node_modules/${name}`, TOOLS).pathname;
}
