// Copyright 2026 the @x/jose authors. MIT license.
/**
 * The runtime matrix: runs `conformance.ts` against the module in Deno (with
 * no permissions), Node.js (the machine's own and the 22, 24 and 26 lines),
 * Bun, workerd, headless Chromium and Firefox on a page served from
 * 127.0.0.1, and in Chromium on an insecure page (a non-local host name
 * mapped to 127.0.0.1), where `crypto.subtle` is missing.
 *
 * The non-Deno runtimes get the TypeScript as JavaScript, bundled by esbuild
 * the way JSR's npm layer would hand it to them. Each runtime has a timeout,
 * and a temporary folder of its own that is its home, cache, config and temp
 * folder (`HOME`, `XDG_*`, `TMPDIR`): every process and that folder are
 * removed, pass or fail, so nothing is left behind. It prints a table of
 * runtime, version and result, and fails if any runtime failed. A browser
 * that is not installed is skipped, with a note, unless `CI` is set.
 *
 * @example
 * ```sh
 * deno task test:runtimes
 * ```
 *
 * @module
 */
import { installNpmTools, nodeBin, npmBin, npmPackage } from "../npm.ts";
import { modTs } from "../docs.ts";
import { parseOptions } from "../usage.ts";
import type { Context, Report } from "./conformance.ts";

const CONFORMANCE = new URL("conformance.ts", import.meta.url);
const KEYRING = new URL("keyring_conformance.ts", import.meta.url);
const TIMEOUT_MS = 120_000;
const INSECURE_HOST = "insecure.test";
// Debian's commands by default; elsewhere, say `CHROMIUM=google-chrome`.
const CHROMIUM = Deno.env.get("CHROMIUM") ?? "chromium";
const FIREFOX = Deno.env.get("FIREFOX") ?? "firefox-esr";
// Where Deno keeps its cache, for the runtimes whose HOME is moved.
const DENO_DIR: string = Deno.env.get("DENO_DIR") ?? JSON.parse(
  new TextDecoder().decode(
    (await new Deno.Command(Deno.execPath(), {
      args: ["info", "--json"],
      stdout: "piped",
    }).output()).stdout,
  ),
).denoDir;

/** A runtime: `dir` is the folder it runs in and its home. */
interface Runtime {
  name: string;
  version: (dir: string) => Promise<string>;
  run: (dir: string) => Promise<Report>;
  /** The command that must be installed, for a runtime that may be absent. */
  optional?: string;
}

interface Output {
  code: number;
  stdout: string;
  stderr: string;
}

/** Points a runtime's home, config, cache and temporary folders at `dir`. */
function homeIn(dir: string): Record<string, string> {
  return {
    NO_COLOR: "1",
    HOME: dir,
    TMPDIR: dir,
    XDG_CONFIG_HOME: `${dir}/.config`,
    XDG_CACHE_HOME: `${dir}/.cache`,
    XDG_DATA_HOME: `${dir}/.local/share`,
    XDG_STATE_HOME: `${dir}/.local/state`,
    // Deno's own cache stays where it is: a cache, not something left over.
    DENO_DIR: DENO_DIR,
  };
}

/**
 * Runs a command in `dir`, its home, in a session of its own, so that it and
 * every process it starts (browsers start many) can be killed together, on
 * timeout or when `until` settles first.
 */
async function spawn(
  command: string,
  args: string[],
  dir: string,
  until?: Promise<unknown>,
): Promise<Output> {
  const child = new Deno.Command("setsid", {
    args: [command, ...args],
    cwd: dir,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
    env: homeIn(dir),
  }).spawn();
  const output = child.output();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), TIMEOUT_MS);
  });
  try {
    const first = await Promise.race([
      output,
      timeout,
      ...(until ? [until] : []),
    ]);
    if (first === "timeout") {
      throw new Error(`${command}: no result in ${TIMEOUT_MS / 1000} s`);
    }
  } finally {
    clearTimeout(timer);
    try {
      Deno.kill(-child.pid, "SIGKILL");
    } catch {
      // The whole group has exited already.
    }
  }
  const { code, stdout, stderr } = await output;
  const text = new TextDecoder();
  return { code, stdout: text.decode(stdout), stderr: text.decode(stderr) };
}

/** The first line of a command's `--version`. */
async function versionOf(command: string, dir: string): Promise<string> {
  const { stdout } = await spawn(command, ["--version"], dir);
  // Debian's Chromium adds " built on Debian GNU/Linux 12 (bookworm)".
  return (stdout.trim().split("\n")[0] ?? "").replace(/ built on .*/, "");
}

// How the scripts print their report, and how it is found in their output.
const MARKER = "CONFORMANCE ";
const PRINT_REPORT = `console.log(${
  JSON.stringify(MARKER)
} + JSON.stringify(await conformance("secure")));`;

/** Finds the report a script printed after {@linkcode MARKER}. */
function reportIn({ code, stdout, stderr }: Output): Report {
  const line = `${stdout}\n${stderr}`.split("\n").find((l) =>
    l.includes(MARKER)
  );
  if (line === undefined) {
    throw new Error(
      `no report (exit ${code}): ${(stderr || stdout).trim().slice(-400)}`,
    );
  }
  return JSON.parse(line.slice(line.indexOf(MARKER) + MARKER.length));
}

/** A script that runs the checks from `module` and prints the report. */
function script(module: string): string {
  return `import { conformance } from ${JSON.stringify(module)};
${PRINT_REPORT}
`;
}

/**
 * Bundles the checks and the module once, for every non-Deno runtime: the
 * module's (`conformance.js`) and the key ring's (`keyring.js`).
 */
async function bundle(dir: string): Promise<void> {
  const bundles = [[CONFORMANCE, "conformance"], [KEYRING, "keyring"]] as const;
  for (const [source, out] of bundles) {
    const { code, stderr } = await spawn(npmBin("esbuild"), [
      source.pathname,
      "--bundle",
      "--format=esm",
      "--target=es2022",
      `--outfile=${dir}/${out}.js`,
      "--log-level=warning",
    ], dir);
    if (code !== 0) throw new Error(`esbuild failed: ${stderr}`);
  }
}

/**
 * A script that runs the key ring's checks on Deno KV files in `dir`:
 * `open` is the runtime's way to open one, after `imports`.
 */
function ringScript(
  imports: string,
  module: string,
  open: string,
  dir: string,
): string {
  return `${imports}
import { keyringConformance } from ${JSON.stringify(module)};
const report = await keyringConformance(${open}, ${JSON.stringify(dir)});
console.log(${JSON.stringify(MARKER)} + JSON.stringify(report));
`;
}

const denoRing: Runtime = {
  name: "Key ring: Deno (Deno.openKv)",
  version: () => Promise.resolve(Deno.version.deno),
  async run(dir) {
    await Deno.writeTextFile(
      `${dir}/ring.ts`,
      ringScript("", KEYRING.href, "(path) => Deno.openKv(path)", dir),
    );
    return reportIn(
      await spawn(Deno.execPath(), [
        "run",
        "--no-prompt",
        "--no-config",
        "--unstable-kv",
        `--allow-read=${dir}`,
        `--allow-write=${dir}`,
        "ring.ts",
      ], dir),
    );
  },
};

// Bun's `node:v8` serializes in JavaScriptCore's format, which `@deno/kv`
// refuses; JSON will do as its codec (its files are then its own: Deno reads
// V8's format).
const JSON_CODEC = `{
  encodeV8: (value) => new TextEncoder().encode(JSON.stringify(value)),
  decodeV8: (bytes) => JSON.parse(new TextDecoder().decode(bytes)),
}`;

/** The key ring in Node.js or Bun, through the npm package `@deno/kv`. */
function npmRing(name: string, command: string, codec = "{}"): Runtime {
  return {
    name,
    version: (dir) => versionOf(command, dir),
    async run(dir) {
      const kv = new URL(`file://${npmPackage("denokv")}/esm/npm.js`).href;
      await Deno.writeTextFile(
        `${dir}/ring.mjs`,
        ringScript(
          `import { openKv } from ${JSON.stringify(kv)};`,
          "./keyring.js",
          `(path) => openKv(path, ${codec})`,
          dir,
        ),
      );
      return reportIn(await spawn(command, ["ring.mjs"], dir));
    },
  };
}

const deno: Runtime = {
  name: "Deno (no permission flags)",
  version: () => Promise.resolve(Deno.version.deno),
  async run(dir) {
    // The TypeScript itself, not the bundle: this is how Deno users get it.
    await Deno.writeTextFile(`${dir}/deno.ts`, script(CONFORMANCE.href));
    // --no-prompt: a permission request fails the run instead of waiting.
    return reportIn(
      await spawn(Deno.execPath(), [
        "run",
        "--no-prompt",
        "--no-config",
        "deno.ts",
      ], dir),
    );
  },
};

function scriptRuntime(name: string, command: string): Runtime {
  return {
    name,
    version: (dir) => versionOf(command, dir),
    async run(dir) {
      await Deno.writeTextFile(`${dir}/main.mjs`, script("./conformance.js"));
      return reportIn(await spawn(command, ["main.mjs"], dir));
    },
  };
}

const workerd: Runtime = {
  name: "Cloudflare workerd",
  version: (dir) => versionOf(npmBin("workerd"), dir),
  async run(dir) {
    await Deno.writeTextFile(
      `${dir}/worker.js`,
      `import { conformance } from "./conformance.js";
export default {
  async test() {
    ${PRINT_REPORT}
  },
};
`,
    );
    await Deno.writeTextFile(
      `${dir}/config.capnp`,
      `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (services = [(name = "main", worker = .worker)]);
const worker :Workerd.Worker = (
  modules = [
    (name = "worker.js", esModule = embed "worker.js"),
    (name = "conformance.js", esModule = embed "conformance.js"),
  ],
  compatibilityDate = "2026-11-01",
);
`,
    );
    return reportIn(
      await spawn(npmBin("workerd"), ["test", "config.capnp"], dir),
    );
  },
};

/** Serves each browser run's folder and collects the report its page posts. */
class PageServer {
  #reports = new Map<string, (report: Report) => void>();
  #dirs = new Map<string, string>();
  #server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen: () => {} },
    (request) => this.#handle(request),
  );

  get port(): number {
    return this.#server.addr.port;
  }

  /** Serves `dir` under `/<id>/`; resolves when its page posts a report. */
  expect(id: string, dir: string): Promise<Report> {
    this.#dirs.set(id, dir);
    return new Promise((resolve) => this.#reports.set(id, resolve));
  }

  async #handle(request: Request): Promise<Response> {
    const [, id = "", file = ""] = new URL(request.url).pathname.split("/");
    const dir = this.#dirs.get(id);
    if (dir === undefined) return new Response("not found", { status: 404 });
    if (request.method === "POST" && file === "result") {
      this.#reports.get(id)?.(await request.json());
      return new Response("ok");
    }
    const types: Record<string, string> = {
      "index.html": "text/html; charset=utf-8",
      "conformance.js": "text/javascript; charset=utf-8",
    };
    const type = types[file];
    if (type === undefined) return new Response("not found", { status: 404 });
    return new Response(await Deno.readFile(`${dir}/${file}`), {
      headers: { "content-type": type, "cache-control": "no-store" },
    });
  }

  async close(): Promise<void> {
    await this.#server.shutdown();
  }
}

function page(context: Context): string {
  return `<!doctype html>
<meta charset="utf-8">
<title>@x/jose conformance</title>
<script type="module">
const post = (report) => fetch("result", { method: "POST", body: JSON.stringify(report) });
try {
  const { conformance } = await import("./conformance.js");
  await post(await conformance(${JSON.stringify(context)}));
} catch (error) {
  await post({ passed: 0, failed: ["page: " + error] });
}
</script>
`;
}

const CHROMIUM_FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  // Keep http: as asked; the insecure case must not be upgraded to https:.
  "--disable-features=HttpsUpgrades,HttpsFirstBalancedModeAutoEnable",
];

const FIREFOX_PREFS = `user_pref("browser.shell.checkDefaultBrowser", false);
user_pref("browser.startup.homepage_override.mstone", "ignore");
user_pref("datareporting.policy.dataSubmissionEnabled", false);
user_pref("toolkit.telemetry.reportingpolicy.firstRun", false);
user_pref("app.update.disabledForTesting", true);
user_pref("network.captive-portal-service.enabled", false);
user_pref("network.connectivity-service.enabled", false);
`;

function browser(
  name: string,
  command: string,
  context: Context,
  server: PageServer,
): Runtime {
  const firefox = command === FIREFOX;
  return {
    name,
    optional: command,
    version: (dir) => versionOf(command, dir),
    async run(dir) {
      await Deno.writeTextFile(`${dir}/index.html`, page(context));
      const id = crypto.randomUUID();
      const report = server.expect(id, dir);
      const host = context === "secure" ? "127.0.0.1" : INSECURE_HOST;
      const url = `http://${host}:${server.port}/${id}/index.html`;
      const profile = `${dir}/profile`;
      await Deno.mkdir(profile);
      let args: string[];
      if (firefox) {
        await Deno.writeTextFile(`${profile}/user.js`, FIREFOX_PREFS);
        args = ["--headless", "--no-remote", "--profile", profile, url];
      } else {
        args = [...CHROMIUM_FLAGS, `--user-data-dir=${profile}`];
        if (context === "insecure") {
          args.push(`--host-resolver-rules=MAP ${INSECURE_HOST} 127.0.0.1`);
        }
        args.push(url);
      }
      const output = await spawn(command, args, dir, report);
      const result = await Promise.race([report, Promise.resolve(undefined)]);
      if (result === undefined) {
        throw new Error(
          `the page sent no report (exit ${output.code}): ${
            output.stderr.trim().slice(-400)
          }`,
        );
      }
      return result;
    },
  };
}

/** Whether `command` can be run: a path that exists, or a name on `PATH`. */
async function installed(command: string): Promise<boolean> {
  const { success } = await new Deno.Command("sh", {
    args: ["-c", 'command -v "$0" >/dev/null', command],
    stdout: "null",
    stderr: "null",
  }).output();
  return success;
}

/** The machine a run happened on, in one line for the README. */
async function machine(): Promise<string> {
  let os = Deno.build.os as string;
  try {
    const release = await Deno.readTextFile("/etc/os-release");
    os = release.match(/^PRETTY_NAME="?([^"\n]+)"?$/m)?.[1] ?? os;
  } catch {
    // No /etc/os-release: the OS's name will do.
  }
  return `${os}, ${Deno.build.arch}, ${navigator.hardwareConcurrency} cores`;
}

const START = "<!-- runtimes: written by deno task test:runtimes -->";
const END = "<!-- end of runtimes -->";

/**
 * The README with its runtime table replaced by this run's rows, its date
 * and machine: what was run, and nothing else, is what it claims.
 */
export function withRuntimes(
  readme: string,
  rows: string[][],
  date: string,
  where: string,
): string {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) {
    throw new Error(`README.md needs ${START} and ${END}`);
  }
  const widths = [0, 1, 2].map((i) =>
    Math.max(
      ["runtime", "version", "result"][i]!.length,
      ...rows.map((row) => row[i]!.length),
    )
  );
  const line = (cells: string[]) =>
    `| ${cells.map((cell, i) => cell.padEnd(widths[i]!)).join(" | ")} |`;
  const table = [
    `Last run ${date}, on ${where}:`,
    "",
    line(["runtime", "version", "result"]),
    line(widths.map((width) => "-".repeat(width))),
    ...rows.map(line),
  ].join("\n");
  return `${readme.slice(0, start + START.length)}\n\n${table}\n\n${
    readme.slice(end)
  }`;
}

async function main(): Promise<number> {
  const write = Deno.args.includes("--write");
  parseOptions(
    Deno.args.filter((arg) => arg !== "--write"),
    [],
    "_tools/runtimes/matrix.ts takes --write (the table into README.md) or nothing",
  );
  await installNpmTools([
    "esbuild",
    "bun",
    "workerd",
    "node22",
    "node24",
    "node26",
    "denokv",
  ]);
  const server = new PageServer();
  const runtimes: Runtime[] = [
    deno,
    scriptRuntime("Node.js (this machine's)", "node"),
    scriptRuntime("Node.js 22", nodeBin("node22")),
    scriptRuntime("Node.js 24", nodeBin("node24")),
    scriptRuntime("Node.js 26", nodeBin("node26")),
    scriptRuntime("Bun", npmBin("bun")),
    workerd,
    denoRing,
    npmRing("Key ring: Node.js 22 (@deno/kv)", nodeBin("node22")),
    npmRing("Key ring: Node.js 24 (@deno/kv)", nodeBin("node24")),
    npmRing("Key ring: Bun (@deno/kv, JSON codec)", npmBin("bun"), JSON_CODEC),
    browser("Chromium (127.0.0.1)", CHROMIUM, "secure", server),
    browser("Firefox (127.0.0.1)", FIREFOX, "secure", server),
    browser(
      `Chromium (insecure http://${INSECURE_HOST})`,
      CHROMIUM,
      "insecure",
      server,
    ),
  ];
  const rows: string[][] = [];
  let failures = 0;
  let skipped = 0;
  const build = await Deno.makeTempDir({ prefix: "x-jose-matrix-build-" });
  try {
    await bundle(build);
    for (const runtime of runtimes) {
      if (runtime.optional && !await installed(runtime.optional)) {
        const required = Deno.env.get("CI") !== undefined;
        const result = `${required ? "FAIL" : "skipped"}: ${
          JSON.stringify(runtime.optional)
        } is not installed${
          required ? " (CI is set: every runtime runs)" : ""
        }`;
        if (required) failures++;
        else skipped++;
        rows.push([runtime.name, "-", result]);
        console.log(`${runtime.name}: ${result}`);
        continue;
      }
      // A short name: Chromium's socket path under it (its TMPDIR) must fit
      // in 108 bytes.
      const dir = await Deno.makeTempDir({ prefix: "xjm" });
      let version = "?";
      let result: string;
      try {
        version = await runtime.version(dir);
        await Deno.copyFile(`${build}/conformance.js`, `${dir}/conformance.js`);
        await Deno.copyFile(`${build}/keyring.js`, `${dir}/keyring.js`);
        const { passed, failed, notes } = await runtime.run(dir);
        const total = passed + failed.length;
        result = failed.length === 0
          ? `pass (${passed}/${total})`
          : `FAIL (${failed.length} of ${total}): ${failed.join("; ")}`;
        if (notes.length > 0) result += `; ${notes.join("; ")}`;
        if (failed.length > 0) failures++;
      } catch (error) {
        failures++;
        result = `FAIL: ${(error as Error).message}`;
      } finally {
        await Deno.remove(dir, { recursive: true });
      }
      rows.push([runtime.name, version, result]);
      console.log(`${runtime.name}: ${result}`);
    }
  } finally {
    await server.close();
    await Deno.remove(build, { recursive: true });
  }
  console.log("\n| runtime | version | result |\n| --- | --- | --- |");
  for (const row of rows) console.log(`| ${row.join(" | ")} |`);
  if (write) {
    const readme = new URL("../../README.md", import.meta.url);
    const text = withRuntimes(
      await Deno.readTextFile(readme),
      rows,
      new Date().toISOString().slice(0, 10),
      await machine(),
    );
    await Deno.writeTextFile(readme, text);
    await Deno.writeTextFile(
      new URL("../../mod.ts", import.meta.url),
      modTs(text),
    );
    console.log("README.md and mod.ts: the table of this run");
  }
  console.log(
    `\nruntimes: ${
      rows.length - failures - skipped
    } passed, ${failures} failed${skipped ? `, ${skipped} skipped` : ""}`,
  );
  return failures === 0 ? 0 : 1;
}

if (import.meta.main) Deno.exit(await main());
