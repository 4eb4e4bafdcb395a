// Copyright 2026 the @x/jose authors. MIT license.
/**
 * Proves that task runs never trip over each other, on the npm-mirror path
 * (`STD_SOURCE=npm`), the one that writes files: 8 `deno task secret HS256`,
 * two `deno task test` and a publish dry run, all at once, must all succeed,
 * and the dry run must list only the package's own files. Then a run stopped
 * with Ctrl-C (SIGINT to its process group, as a terminal sends it) must
 * leave nothing in its temporary folder, and the next run must succeed; and
 * SIGTERM, SIGHUP or SIGINT sent to the top process of `deno task web` alone,
 * or SIGTERM or SIGKILL to a shell that runs it and passes no signal on (as
 * `npx` does), must stop the server (its port closed within 2 s), leave no
 * process of the task running and no file behind. So must SIGINT or SIGTERM
 * to the top process of `deno task test:web` while a browser of it runs: no
 * browser, server or folder of it may remain. Last, `deno task secret --out`
 * must write its one file.
 *
 * Every run gets `TMPDIR` pointed at a folder of this script's, which must be
 * empty at the end.
 *
 * @example
 * ```sh
 * deno run -A _tools/parallel.ts
 * ```
 *
 * @module
 */
import { which } from "./child.ts";
import { parseOptions } from "./usage.ts";
import { startWeb, type WebTask } from "./web_server.ts";

parseOptions(Deno.args, [], "_tools/parallel.ts takes no arguments");

const ROOT = new URL("../", import.meta.url).pathname;
const TMPDIR = await Deno.makeTempDir({ prefix: "x-jose-parallel-" });
const ENV = { STD_SOURCE: "npm", TMPDIR, NO_COLOR: "1" };
const decoder = new TextDecoder();

interface Run {
  what: string;
  code: number;
  stdout: string;
  stderr: string;
}

async function run(what: string, args: string[]): Promise<Run> {
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args,
    cwd: ROOT,
    env: ENV,
    stdin: "null",
  }).output();
  return {
    what,
    code,
    stdout: decoder.decode(stdout),
    stderr: decoder.decode(stderr),
  };
}

/** Whether nothing answers on `port` within `ms`. */
async function portClosedWithin(port: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    try {
      const connection = await Deno.connect({ hostname: "127.0.0.1", port });
      connection.close();
    } catch {
      return true;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return false;
}

/** The lines `ps` prints with `args`: running processes, zombies left out. */
async function ps(args: string[]): Promise<string[]> {
  const { stdout } = await new Deno.Command("ps", {
    args,
    stdout: "piped",
    stderr: "null",
  }).output();
  return decoder.decode(stdout).split("\n").map((line) => line.trim())
    .filter((line) => line && !/^\d+\s+Z/.test(line));
}

/** The processes of session `sid` still running, with their commands. */
function sessionProcesses(sid: number): Promise<string[]> {
  return ps(["-o", "pid=,stat=,comm=", "-s", String(sid)]);
}

/** What `find` still finds after up to 2 s of asking again. */
async function leftAfterTwoSeconds(
  find: () => Promise<string[]>,
): Promise<string[]> {
  let left = await find();
  for (let i = 0; i < 40 && left.length > 0; i++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    left = await find();
  }
  return left;
}

/** Starts `args` in a session of its own, its output dropped. */
function inSession(args: string[]): Deno.ChildProcess {
  return new Deno.Command("setsid", {
    args,
    cwd: ROOT,
    env: ENV,
    stdin: "null",
    stdout: "null",
    stderr: "null",
  }).spawn();
}

/** Ends whatever is left of session `sid`, so that a failure leaves nothing. */
async function stopSession(sid: number): Promise<void> {
  try {
    Deno.kill(-sid, "SIGKILL");
  } catch {
    // Nothing left.
  }
  await new Promise((resolve) => setTimeout(resolve, 100));
}

/** The names in the folder `path`. */
async function entries(path: string): Promise<string[]> {
  const names = [];
  for await (const entry of Deno.readDir(path)) names.push(entry.name);
  return names;
}

/** The processes whose command line names `path`, by pid and command. */
async function processesUsing(path: string): Promise<string[]> {
  return (await ps(["-e", "-o", "pid=,stat=,args="]))
    .filter((line) => line.includes(path));
}

/**
 * Whether, within 60 s, a browser started by the browser check runs: a
 * Chromium whose profile is under this TMPDIR. Then a second more, so that it
 * is at work.
 */
async function browserRunning(): Promise<boolean> {
  for (let i = 0; i < 600; i++) {
    const found = await processesUsing(TMPDIR);
    if (found.some((line) => /--user-data-dir=\S*\/chrome/.test(line))) {
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      return true;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

const failures: string[] = [];
function expect(ok: boolean, what: string, detail = ""): void {
  console.log(`${ok ? "ok" : "FAILED"}: ${what}`);
  if (!ok) {
    failures.push(what);
    if (detail) console.log(detail.trim().split("\n").slice(-15).join("\n"));
  }
}

// The files the package has, as the dry run lists them ("file:///…/x.ts").
const published = /^\s+file:\/\/\/\S+\/package\/(\S+)/;

try {
  const runs = await Promise.all([
    ...Array.from(
      { length: 8 },
      (_, i) =>
        run(`deno task secret HS256 #${i + 1}`, ["task", "secret", "HS256"]),
    ),
    run("deno task test #1", ["task", "test"]),
    run("deno task test #2", ["task", "test"]),
    run("publish dry run", [
      "run",
      "-A",
      "_tools/deno.ts",
      "publish",
      "--dry-run",
      "--allow-dirty",
    ]),
  ]);
  for (const { what, code, stdout, stderr } of runs) {
    if (what.startsWith("deno task secret")) {
      const printed = /^\{"kty":"oct","alg":"HS256","k":"[\w-]{43}"\}\n$/
        .test(stdout);
      expect(code === 0 && printed, `${what} prints a JWK`, stderr + stdout);
    } else {
      expect(code === 0, what, stderr + stdout);
    }
    if (what === "publish dry run") {
      const files = `${stdout}\n${stderr}`.split("\n")
        .map((line) => line.match(published)?.[1])
        .filter((file) => file !== undefined);
      const stray = files.filter((file) =>
        !/^(\w[\w/.-]*\.(ts|md|json)|LICENSE)$/.test(file) ||
        file.includes("mirror") || file.startsWith(".")
      );
      expect(
        files.includes("deno.json") && files.includes("mod.ts") &&
          stray.length === 0,
        `the dry run lists only the package's files (${files.join(", ")})`,
      );
    }
  }

  // Ctrl-C: a run waiting in `deno run`, stopped once its mirror is written.
  const child = inSession([
    Deno.execPath(),
    "run",
    "-A",
    "_tools/deno.ts",
    "run",
    "data:text/javascript,setTimeout(()=>{},60000)",
  ]);
  let mirrorWritten = false;
  for (let i = 0; i < 300 && !mirrorWritten; i++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    for await (const entry of Deno.readDir(TMPDIR)) {
      if (entry.name.startsWith("x-jose-std-mirror-")) mirrorWritten = true;
    }
  }
  await new Promise((resolve) => setTimeout(resolve, 500));
  Deno.kill(-child.pid, "SIGINT");
  const { code } = await child.status;
  expect(mirrorWritten, "the interrupted run had written its mirror");
  expect(code !== 0, `Ctrl-C stops the run (exit ${code})`);
  // A signal to a task's top process alone (as `kill` sends it, not a
  // terminal): whatever it started stops, its port closes within 2 s, and
  // it leaves nothing behind.
  // A wrapper that passes no signal on, as `npx` does: the task's scripts
  // see it gone and stop what they started.
  const WRAPPER = ["sh", "-c", '"$@"; exit $?', "sh"];
  for (
    const [signal, wrapper] of [
      ["SIGTERM", []],
      ["SIGHUP", []],
      ["SIGINT", []],
      ["SIGTERM", WRAPPER],
      ["SIGKILL", WRAPPER],
    ] as const
  ) {
    const what = `${signal} to ${
      wrapper.length ? "a shell running " : ""
    }deno task web`;
    let task: WebTask;
    try {
      task = await startWeb(ENV, [...wrapper]);
    } catch (error) {
      expect(false, `${what}: the server started`, (error as Error).message);
      continue;
    }
    const { child: top, port } = task;
    // setsid execs the command: its pid is the task's top process.
    Deno.kill(top.pid, signal);
    await top.status;
    const closed = await portClosedWithin(port, 2_000);
    // And every process of it gone within those 2 s too.
    const left = await leftAfterTwoSeconds(() => sessionProcesses(top.pid));
    expect(closed, `${what}: port ${port} closed within 2 s`);
    expect(
      left.length === 0,
      `${what}: no process left running within 2 s (${left.join(", ")})`,
    );
    await stopSession(top.pid);
  }

  // The browser check stopped while a browser runs: SIGINT or SIGTERM to
  // its top process alone. Its browsers, server and folders must all go
  // within 2 s (the browsers run in sessions of their own, so they are found
  // by the folder they live in, under this TMPDIR).
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    const what = `${signal} to deno task test:web`;
    // The system's Chromium, which the browser check starts first.
    if (await which(Deno.env.get("CHROMIUM") ?? "chromium") === undefined) {
      console.log(`skipped: ${what}, chromium is not installed`);
      continue;
    }
    const before = await entries(TMPDIR);
    const top = inSession([Deno.execPath(), "task", "test:web"]);
    const running = await browserRunning();
    try {
      Deno.kill(top.pid, signal);
    } catch {
      // Ended before: the check below says so.
    }
    const { code } = await top.status;
    const left = await leftAfterTwoSeconds(async () => [
      ...await sessionProcesses(top.pid),
      ...await processesUsing(TMPDIR),
    ]);
    expect(running, `${what}: a browser was running when it came`);
    expect(
      code === (signal === "SIGINT" ? 130 : 143),
      `${what}: exit code ${code}`,
    );
    expect(
      left.length === 0,
      `${what}: no process left running within 2 s (${
        left.map((line) => line.slice(0, 120)).join(", ")
      })`,
    );
    const made = (await entries(TMPDIR)).filter((name) =>
      !before.includes(name)
    );
    expect(
      made.length === 0,
      `${what}: no file or folder left (${made.join(", ")})`,
    );
    await stopSession(top.pid);
  }

  // `deno task secret --out`: write access to that one file, and no other.
  const key = `${TMPDIR}/key.json`;
  const out = await run("deno task secret --out", [
    "task",
    "secret",
    "A256GCM",
    "--out",
    key,
  ]);
  const mode = (await Deno.stat(key).catch(() => undefined))?.mode ?? null;
  expect(
    out.code === 0 && out.stdout === "" && mode !== null &&
      (mode & 0o777) === 0o600,
    "deno task secret --out writes a new owner-only file",
    out.stderr,
  );
  await Deno.remove(key).catch(() => {});

  const after = await run("deno task secret HS256 after Ctrl-C", [
    "task",
    "secret",
    "HS256",
  ]);
  expect(after.code === 0, after.what, after.stderr);
  const left = await entries(TMPDIR);
  expect(
    left.length === 0,
    `every run removed its temporary files${
      left.length ? ` (left: ${left.join(", ")})` : ""
    }`,
  );
} finally {
  await Deno.remove(TMPDIR, { recursive: true });
}

console.log(`\nparallel: ${failures.length === 0 ? "ok" : "FAILED"}`);
if (failures.length > 0) Deno.exit(1);
