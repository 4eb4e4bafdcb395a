// Copyright 2026 the @x/jose authors. MIT license.
/**
 * Runs the CLI as `deno task secret` does: `deno run --no-config cli.ts`, so
 * that a first run fetches nothing the CLI does not import (the project's
 * test and tool packages are in `deno.json`, which it does not read), with
 * no permission but the ones its arguments need (`permissionFlags()`: write
 * access to `--out`'s one file, read and write access to a key set and its
 * lock). Relative paths are taken from the folder the task was started in.
 *
 * @example
 * ```sh
 * deno task secret HS256
 * deno task secret A256GCM --out key.json
 * deno task secret keyset add keys.json HS256 --keep 3
 * ```
 *
 * @module
 */
import { permissionFlags } from "../cli.ts";
import { runOwned } from "./child.ts";

const CLI = new URL("../cli.ts", import.meta.url).pathname;

Deno.exit(
  await runOwned(
    new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "--no-config",
        "--no-prompt",
        ...permissionFlags(Deno.args),
        CLI,
        ...Deno.args,
      ],
      // `deno task` runs in the project's folder; INIT_CWD is where it was
      // typed.
      cwd: Deno.env.get("INIT_CWD") ?? Deno.cwd(),
    }),
  ),
);
