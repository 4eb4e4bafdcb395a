// Copyright 2026 the @x/jose authors. MIT license.
/**
 * Runs the CLI (`cli.ts`) as its users do, for the tests: `deno run` with no
 * permissions unless the test grants some, and never a permission prompt.
 * Where only npm is reachable, `_tools/deno.ts` names the import map of the
 * npm mirror (`X_JOSE_IMPORT_MAP`), so the CLI resolves `@std/encoding` as
 * the tests do.
 *
 * @module
 */

const ROOT = new URL("../", import.meta.url).pathname;
const IMPORT_MAP = Deno.env.get("X_JOSE_IMPORT_MAP");
const IMPORT_MAP_FLAGS = IMPORT_MAP ? ["--import-map", IMPORT_MAP] : [];

/** What a run printed, and its exit code. */
export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** The command line that runs the CLI with `flags`, for a shell or a spawn. */
export function cliCommand(flags: string[], ...args: string[]): string[] {
  return [
    Deno.execPath(),
    "run",
    // Deno's own notes (a download, a busy cache) are not the CLI's output.
    "--quiet",
    // A permission request fails the run instead of waiting.
    "--no-prompt",
    ...IMPORT_MAP_FLAGS,
    ...flags,
    `${ROOT}cli.ts`,
    ...args,
  ];
}

/**
 * Runs `deno run [flags] cli.ts …args`, with no permissions unless `flags`
 * grant some, in `cwd` (the repository by default), with `env` added.
 */
export async function cliWith(
  { flags = [], cwd = ROOT, env = {} }: {
    flags?: string[];
    cwd?: string;
    env?: Record<string, string>;
  },
  ...args: string[]
): Promise<Run> {
  const [command, ...rest] = cliCommand(flags, ...args);
  const { code, stdout, stderr } = await new Deno.Command(command!, {
    args: rest,
    cwd,
    stdin: "null",
    env: { NO_COLOR: "1", ...env },
  }).output();
  const decoder = new TextDecoder();
  return {
    code,
    stdout: decoder.decode(stdout),
    stderr: decoder.decode(stderr),
  };
}
