// Copyright 2026 the @x/jose authors. MIT license.
/**
 * Starts `deno task web` as the tools and their checks need it: on a free
 * port of 127.0.0.1, in a session of its own (`setsid`, so that its top
 * process is the task's own and the whole of it can be stopped at once),
 * and says which port `deno serve` listens on.
 *
 * @module
 */

const ROOT = new URL("../", import.meta.url).pathname;

/** A started `deno task web`: its top process and its port. */
export interface WebTask {
  /** The top process (setsid execs it): its pid is the session's id. */
  child: Deno.ChildProcess;
  /** The port `deno serve` said it listens on. */
  port: number;
}

/** The port `deno serve` says it listens on, read from its stderr. */
async function listeningPort(
  stream: ReadableStream<Uint8Array>,
): Promise<{ port?: number; seen: string }> {
  const decoder = new TextDecoder();
  let seen = "";
  for await (const chunk of stream) {
    seen += decoder.decode(chunk, { stream: true });
    const port = seen.match(/Listening on http:\/\/127\.0\.0\.1:(\d+)\//)?.[1];
    if (port) return { port: Number(port), seen };
  }
  return { seen };
}

/**
 * Starts `deno task web --port 0 --host 127.0.0.1` with `env`, under
 * `wrapper` if given (a command that runs it as `npx` does, without passing
 * signals on); resolves once it listens. One that does not within 60 s is
 * stopped, and throws.
 */
export async function startWeb(
  env: Record<string, string> = {},
  wrapper: string[] = [],
): Promise<WebTask> {
  const child = new Deno.Command("setsid", {
    args: [
      ...wrapper,
      Deno.execPath(),
      "task",
      "--quiet",
      "web",
      "--port",
      "0",
      "--host",
      "127.0.0.1",
    ],
    cwd: ROOT,
    env: { NO_COLOR: "1", ...env },
    stdin: "null",
    stdout: "null",
    stderr: "piped",
  }).spawn();
  const reader = child.stderr;
  const timer = setTimeout(() => reader.cancel().catch(() => {}), 60_000);
  const { port, seen } = await listeningPort(reader).catch(() => ({
    port: undefined,
    seen: "",
  }));
  clearTimeout(timer);
  if (port === undefined) {
    await stopWeb(child);
    throw new Error(`deno task web did not start: ${seen.slice(-400)}`);
  }
  // Keep reading, so that the server never blocks on a full pipe.
  reader.pipeTo(new WritableStream()).catch(() => {});
  return { child, port };
}

/** Stops the whole of a started `deno task web`, and waits for its end. */
export async function stopWeb(child: Deno.ChildProcess): Promise<void> {
  try {
    Deno.kill(-child.pid, "SIGTERM");
  } catch {
    // Already gone.
  }
  await child.status;
}
