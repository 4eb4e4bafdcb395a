// Copyright 2026 the @x/jose authors. MIT license.
/**
 * Serves the web app (`web/main.ts`) with `deno serve`, on port 8000 of every
 * interface (0.0.0.0) unless `--port` or `--host` say otherwise; stopped by
 * a signal, or once whoever started it has gone, it stops the server first.
 *
 * @example
 * ```sh
 * deno task web
 * deno task web --port 9000 --host 127.0.0.1
 * ```
 *
 * @module
 */
import { runOwned } from "./child.ts";
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
// The app imports nothing but its own files: no config, so nothing of the
// project's test tools is fetched. `deno serve` prints the address it
// listens on, port 0 resolved.
Deno.exit(
  await runOwned(
    new Deno.Command(Deno.execPath(), {
      args: [
        "serve",
        "--no-config",
        "--port",
        port,
        "--host",
        host,
        new URL("../web/main.ts", import.meta.url).pathname,
      ],
    }),
  ),
);
