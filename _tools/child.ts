// Copyright 2026 the @x/jose authors. MIT license.
/**
 * A child process is owned: whoever starts one forwards SIGINT, SIGTERM and
 * SIGHUP to it, waits for it, then removes its own temporary files. And
 * since a process can be stopped without a signal reaching its children
 * (`kill -TERM` on `deno task`, or on the `npx` that runs it, ends that one
 * process and orphans the rest), a task script also watches the processes
 * above it, up to the leader of its process group: once one of them has
 * gone, it stops its child and cleans up as for SIGTERM. (Where `ps` runs;
 * elsewhere the signals alone.)
 *
 * @example
 * ```ts ignore
 * import { runOwned } from "./child.ts";
 *
 * const code = await runOwned(new Deno.Command("sleep", { args: ["60"] }));
 * ```
 *
 * @module
 */

/** The signals a task passes on to its child, and a shell's exit codes. */
export const SIGNALS: [Deno.Signal, number][] = [
  ["SIGHUP", 129],
  ["SIGINT", 130],
  ["SIGTERM", 143],
];

let stopSignal: number | undefined;

/**
 * The shell's exit code for the signal that stopped this task (or 143 for
 * the loss of whoever started it), or undefined while nothing has.
 */
export function stoppedBy(): number | undefined {
  return stopSignal;
}

/**
 * The parent and process group of each of `pids` still running, by `ps`
 * (Deno reads `/proc` only with --allow-all; `ps` needs --allow-run, which a
 * task that starts processes has). Empty where `ps` cannot be run.
 */
function processes(pids: number[]): Map<number, [ppid: number, pgid: number]> {
  const found = new Map<number, [number, number]>();
  try {
    const { stdout } = new Deno.Command("ps", {
      args: ["-o", "pid=,ppid=,pgid=", "-p", pids.join(",")],
      stdout: "piped",
      stderr: "null",
    }).outputSync();
    for (const line of new TextDecoder().decode(stdout).split("\n")) {
      const [pid, ppid, pgid] = line.trim().split(/\s+/).map(Number);
      if (pid && ppid !== undefined && pgid !== undefined) {
        found.set(pid, [ppid, pgid]);
      }
    }
  } catch {
    // No ps, or no permission to run it: nothing is known.
  }
  return found;
}

/**
 * The processes above this one, up to the leader of its process group (or
 * the first that is not in it), with their parents: if one of them dies or
 * is re-parented, whoever started this task has gone.
 */
function ancestors(): [pid: number, ppid: number][] {
  const own = processes([Deno.pid]).get(Deno.pid);
  if (own === undefined) return [];
  const [, pgid] = own;
  const chain: [number, number][] = [];
  let pid = own[0];
  while (pid > 1 && chain.length < 64) {
    const found = processes([pid]).get(pid);
    if (found === undefined) break;
    chain.push([pid, found[0]]);
    if (pid === pgid || found[1] !== pgid) break;
    pid = found[0];
  }
  return chain;
}

/**
 * Calls `stop` once any process above this one, up to its process group's
 * leader, has gone. Returns what ends the watch.
 */
export function whenOrphaned(stop: () => void): () => void {
  const chain = ancestors();
  if (chain.length === 0) return () => {};
  const pids = chain.map(([pid]) => pid);
  const timer = setInterval(() => {
    const alive = processes(pids);
    const gone = chain.some(([pid, ppid]) => alive.get(pid)?.[0] !== ppid);
    if (gone) {
      clearInterval(timer);
      stop();
    }
  }, 200);
  Deno.unrefTimer(timer);
  return () => clearInterval(timer);
}

/**
 * Calls `stopped(signal, code)` on SIGINT, SIGTERM or SIGHUP, and as for
 * SIGTERM once whoever started this task has gone; notes the code for
 * {@linkcode stoppedBy}. Returns what ends the watch.
 */
function whenStopped(
  stopped: (signal: Deno.Signal, code: number) => void,
): () => void {
  const listeners = SIGNALS.map(([signal, code]) => {
    const listener = () => {
      stopSignal ??= code;
      stopped(signal, code);
    };
    try {
      Deno.addSignalListener(signal, listener);
    } catch {
      // Not every system has every signal.
    }
    return [signal, listener] as const;
  });
  const unwatch = whenOrphaned(() => {
    stopSignal ??= 143;
    stopped("SIGTERM", 143);
  });
  return () => {
    unwatch();
    for (const [signal, listener] of listeners) {
      try {
        Deno.removeSignalListener(signal, listener);
      } catch {
        // Never added.
      }
    }
  };
}

/**
 * Spawns `command`, passes SIGINT, SIGTERM and SIGHUP on to it, and stops it
 * (SIGTERM) if whoever started this task goes; waits for it to end. Returns
 * its exit code, or, once a signal came, the shell's code for that signal.
 */
export async function runOwned(command: Deno.Command): Promise<number> {
  const child = command.spawn();
  const unwatch = whenStopped((signal) => {
    try {
      child.kill(signal);
    } catch {
      // It has ended already.
    }
  });
  try {
    const { code } = await child.status;
    return stopSignal ?? code;
  } finally {
    unwatch();
  }
}

/**
 * Runs `cleanUp` and exits with the shell's code once this task is stopped:
 * by SIGINT, SIGTERM or SIGHUP, or by the loss of whoever started it. For a
 * task that holds what a signal would leave behind (a server, a browser, a
 * temporary folder). Returns what ends the watch.
 */
export function onStop(cleanUp: () => Promise<void>): () => void {
  let stopping = false;
  return whenStopped(async (_signal, code) => {
    if (stopping) return;
    stopping = true;
    await cleanUp().catch(() => {});
    Deno.exit(code);
  });
}

/** The path of a command on the PATH, or undefined where it is not there. */
export async function which(command: string): Promise<string | undefined> {
  const { success, stdout } = await new Deno.Command("sh", {
    args: ["-c", 'command -v "$0"', command],
    stdout: "piped",
    stderr: "null",
  }).output();
  return success ? new TextDecoder().decode(stdout).trim() : undefined;
}
