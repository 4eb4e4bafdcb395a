// Copyright 2026 the @x/jose authors. MIT license.
/**
 * Serves the web app (`web/main.ts`) with `deno serve`, on
 * http://localhost:8000 unless `--port` or `--host` say otherwise, with
 * `@std/*` from JSR or its npm mirror (see `_tools/deno.ts`).
 *
 * @example
 * ```sh
 * deno task web
 * deno task web --port 9000 --host 127.0.0.1
 * ```
 *
 * @module
 */
import { deno, stdSource } from "./deno.ts";
import { parseOptions, usageError } from "./usage.ts";

const ACCEPTED =
  "deno task web takes --port N (0 to 65535) and --host NAME (default 0.0.0.0)";
const { port = "8000", host = "0.0.0.0" } = parseOptions(
  Deno.args,
  ["port", "host"],
  ACCEPTED,
);
if (!/^\d{1,5}$/.test(port) || Number(port) > 65535) {
  usageError(`--port ${JSON.stringify(port)} is not a port: ${ACCEPTED}`);
}
Deno.exit(
  await deno("serve", [
    "--port",
    port,
    "--host",
    host,
    "web/main.ts",
  ], await stdSource()),
);
