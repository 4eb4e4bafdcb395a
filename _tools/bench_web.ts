// Copyright 2026 the @x/jose authors. MIT license.
// The functions handed to the page run there, with the DOM.
/// <reference lib="dom" />
/**
 * Measures the web app against the bare platform doing the same work, as
 * ratios taken in one run, the two sides interleaved (A, B, B, A, …), from
 * medians:
 *
 * - the API: `GET /api/secret` of `web/main.ts` under `deno serve`, against
 *   `_tools/bench_web_baseline.ts` (WebCrypto by hand, the same bytes and
 *   headers), in requests per second from `wrk`, at concurrency 1, 10 and 64,
 *   for an HS256 JWK and a JWK Set of ten A256GCM keys;
 * - the page, in Chromium and Firefox (the system's, through puppeteer-core
 *   as in the web tests): from the click on Generate to the text in the
 *   result box, for a JWK Set of 100 A256GCM keys with thumbprint ids and
 *   for one JWK, against the bare platform in the same page: a plain button
 *   whose click listener makes the same WebCrypto calls by hand and puts the
 *   same text in the same box.
 *
 * Goals: the API at least 0.95 of the baseline's requests per second, the
 * page at most 1.5 times its time. It reports; it never fails on a timing.
 * Absolute figures mean little on a shared machine; the ratios are the
 * point.
 *
 * @example
 * ```sh
 * deno task bench:web
 * deno task bench:web --rounds 30 --seconds 1
 * deno task bench:web --only page
 * ```
 *
 * @module
 */
import type { Browser, Page } from "npm:puppeteer-core@24.43.1";
import { launchBrowser, removeTree } from "./browser_launch.ts";
import { onStop, stoppedBy, which } from "./child.ts";
import { parseOptions, usageError } from "./usage.ts";

const ACCEPTED =
  "deno task bench:web takes --rounds N (10 or more), --seconds S (1 to 60, per wrk run) and --only api or page";
const {
  // Twenty short rounds rather than ten long ones: the same time, and on a
  // shared machine whose speed wanders within seconds, a steadier median.
  rounds: roundsText = "20",
  seconds: secondsText = "1",
  only,
} = parseOptions(Deno.args, ["rounds", "seconds", "only"], ACCEPTED);
if (only !== undefined && only !== "api" && only !== "page") {
  usageError(`--only ${JSON.stringify(only)}: ${ACCEPTED}`);
}
const ROUNDS = Number(roundsText);
const SECONDS = Number(secondsText);
if (!/^\d+$/.test(roundsText) || ROUNDS < 10) {
  usageError(`--rounds ${JSON.stringify(roundsText)}: ${ACCEPTED}`);
}
if (!/^\d+$/.test(secondsText) || SECONDS < 1 || SECONDS > 60) {
  usageError(`--seconds ${JSON.stringify(secondsText)}: ${ACCEPTED}`);
}

const ROOT = new URL("../", import.meta.url).pathname;
const CHROMIUM = Deno.env.get("CHROMIUM") ?? "chromium";
const FIREFOX = Deno.env.get("FIREFOX") ?? "firefox-esr";
const decoder = new TextDecoder();

function median(values: number[]): number {
  const sorted = values.toSorted((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2
    ? sorted[mid]!
    : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

interface Server {
  origin: string;
  stop(): Promise<void>;
}

const servers: Server[] = [];

// Where taskset is there, the servers get the first core and wrk the
// second, so that the load generator never takes the server's time.
const TASKSET = await which("taskset");
const onCore = (core: number, command: string, args: string[]) =>
  TASKSET
    ? { command: TASKSET, args: ["-c", String(core), command, ...args] }
    : { command, args };

/** Starts `deno serve` on a free port of 127.0.0.1 for `file`. */
async function serve(file: string, env: Record<string, string> = {}) {
  const { command, args } = onCore(0, Deno.execPath(), [
    "serve",
    "--no-config",
    "--allow-env=X_JOSE_BENCH_HEADERS",
    "--port",
    "0",
    "--host",
    "127.0.0.1",
    file,
  ]);
  const child = new Deno.Command(command, {
    args,
    cwd: ROOT,
    env,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const server: Server = {
    origin: "",
    async stop() {
      try {
        child.kill("SIGTERM");
      } catch {
        // Already gone.
      }
      await child.status;
    },
  };
  servers.push(server);
  let seen = "";
  for await (const chunk of child.stderr) {
    seen += decoder.decode(chunk);
    const port = seen.match(/Listening on http:\/\/127\.0\.0\.1:(\d+)\//)?.[1];
    if (port) {
      server.origin = `http://127.0.0.1:${port}`;
      child.stderr.pipeTo(new WritableStream()).catch(() => {});
      child.stdout.pipeTo(new WritableStream()).catch(() => {});
      return server;
    }
  }
  throw new Error(`deno serve ${file} did not start: ${seen}`);
}

/** Requests per second from one wrk run. */
async function wrk(url: string, connections: number): Promise<number> {
  const { command, args } = onCore(1, "wrk", [
    "-t1",
    `-c${connections}`,
    `-d${SECONDS}s`,
    url,
  ]);
  const { stdout, success } = await new Deno.Command(command, {
    args,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = decoder.decode(stdout);
  const rate = text.match(/Requests\/sec:\s+([\d.]+)/)?.[1];
  const errors = text.match(/Non-2xx or 3xx responses: (\d+)/)?.[1];
  if (!success || rate === undefined || errors) {
    throw new Error(`wrk ${url}: ${text}`);
  }
  return Number(rate);
}

/** A row of the report. */
interface Row {
  what: string;
  ours: number;
  bare: number;
  /** The median of the rounds' ratios, ours ÷ bare. */
  ratio: number;
  unit: "req/s" | "ms";
}

const rows: Row[] = [];

/**
 * Runs `a` and `b` in rounds of A, B, B, A (then B, A, A, B): each side's
 * median, and the median of the rounds' own ratios, which a slow stretch of
 * the machine, falling on both sides of a round alike, leaves alone.
 */
async function interleaved(
  a: () => Promise<number>,
  b: () => Promise<number>,
): Promise<[number, number, number]> {
  const as: number[] = [], bs: number[] = [], ratios: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 ? [b, a, a, b] : [a, b, b, a];
    const ra: number[] = [], rb: number[] = [];
    for (const run of order) (run === a ? ra : rb).push(await run());
    as.push(...ra);
    bs.push(...rb);
    ratios.push((ra[0]! + ra[1]!) / (rb[0]! + rb[1]!));
  }
  return [median(as), median(bs), median(ratios)];
}

async function apiRows(): Promise<void> {
  if (await which("wrk") === undefined) {
    console.log("API: skipped, wrk is not installed (apt-get install wrk)");
    return;
  }
  const ours = await serve("web/main.ts");
  const sample = await fetch(`${ours.origin}/api/secret?alg=HS256`);
  await sample.body?.cancel();
  const headers = Object.fromEntries(
    [...sample.headers].filter(([name]) =>
      !["content-type", "content-length", "date", "vary"].includes(name)
    ),
  );
  const bare = await serve("_tools/bench_web_baseline.ts", {
    X_JOSE_BENCH_HEADERS: JSON.stringify(headers),
  });
  const paths = [
    ["HS256 JWK", "/api/secret?alg=HS256"],
    [
      "10 A256GCM keys, JWK Set",
      "/api/secret?alg=A256GCM&format=jwks&count=10",
    ],
  ];
  for (const [what, path] of paths) {
    // Same status, same headers but the date, same shape of body.
    const [a, b] = await Promise.all(
      [ours, bare].map((server) => fetch(server.origin + path!)),
    );
    const [textA, textB] = await Promise.all([a!.text(), b!.text()]);
    const shape = (text: string) =>
      text.replace(/"(k|kid)":"[\w-]+"/g, '"$1":""');
    const same = (response: Response) =>
      JSON.stringify([...response.headers].filter(([n]) => n !== "date"));
    if (same(a!) !== same(b!) || shape(textA) !== shape(textB)) {
      throw new Error(`the baseline answers ${path} otherwise than the app`);
    }
    for (const connections of [1, 10, 64]) {
      const run = (server: Server) => () =>
        wrk(server.origin + path!, connections);
      await run(ours)();
      await run(bare)();
      const [a, b, ratio] = await interleaved(run(ours), run(bare));
      rows.push({
        what: `API: ${what}, concurrency ${connections}`,
        ours: a,
        bare: b,
        ratio,
        unit: "req/s",
      });
      console.error(`${rows.at(-1)!.what}: ${a.toFixed(0)} / ${b.toFixed(0)}`);
    }
  }
  for (const server of [ours, bare]) await server.stop();
}

/** Sets the page's controls. */
function setChoice(page: Page, format: string, count: string) {
  return page.evaluate(
    (format, count) => {
      (document.getElementById("alg") as HTMLSelectElement).value = "A256GCM";
      (document.getElementById("format") as HTMLSelectElement).value = format;
      (document.getElementById("count") as HTMLInputElement).value = count;
    },
    format,
    count,
  );
}

/**
 * Mean time of `reps` clicks on the button `id`, each from the click to the
 * new text in the result box. The box keeps the last text, as it does for
 * someone who clicks again: a change to it, whether new nodes or text written
 * into those there, ends a click.
 */
function clicks(page: Page, id: string, reps: number) {
  return () =>
    page.evaluate(
      async (id, reps) => {
        const result = document.getElementById("result")!;
        const button = document.getElementById(id)!;
        const start = performance.now();
        for (let i = 0; i < reps; i++) {
          await new Promise<void>((resolve) => {
            const observer = new MutationObserver(() => {
              observer.disconnect();
              resolve();
            });
            observer.observe(result, {
              childList: true,
              characterData: true,
              subtree: true,
            });
            button.click();
          });
        }
        return (performance.now() - start) / reps;
      },
      id,
      reps,
    );
}

/**
 * Adds to the page the bare platform's own button, `#bare`: on a click, the
 * same WebCrypto work written by hand (generate, export, hash), its text put
 * in the same result box.
 */
function bareButton(page: Page, count: number, thumbprints: boolean) {
  return page.evaluate(
    (count, thumbprints) => {
      document.getElementById("bare")?.remove();
      const button = document.createElement("button");
      button.id = "bare";
      button.type = "button";
      button.hidden = true;
      document.body.append(button);
      const result = document.getElementById("result")!;
      const encoder = new TextEncoder();
      const base64url = (bytes: Uint8Array) => {
        const native = (bytes as Uint8Array & {
          toBase64?(o: { alphabet: string; omitPadding: boolean }): string;
        }).toBase64;
        if (native) {
          return native.call(bytes, {
            alphabet: "base64url",
            omitPadding: true,
          });
        }
        let binary = "";
        for (const byte of bytes) binary += String.fromCharCode(byte);
        return btoa(binary).replace(/=+$/, "").replaceAll("+", "-")
          .replaceAll("/", "_");
      };
      const one = async () => {
        const key = await crypto.subtle.generateKey(
          { name: "AES-GCM", length: 256 },
          true,
          ["encrypt", "decrypt"],
        );
        const { k } = await crypto.subtle.exportKey("jwk", key);
        if (!thumbprints) return `{"kty":"oct","alg":"A256GCM","k":"${k}"}`;
        const digest = await crypto.subtle.digest(
          "SHA-256",
          encoder.encode(`{"k":"${k}","kty":"oct"}`),
        );
        const kid = base64url(new Uint8Array(digest));
        return `{"kty":"oct","kid":"${kid}","alg":"A256GCM","k":"${k}"}`;
      };
      button.addEventListener("click", async () => {
        const keys = await Promise.all(Array.from({ length: count }, one));
        result.textContent = thumbprints
          ? `{"keys":[\n${keys.join(",\n")}\n]}`
          : keys.join("\n");
      });
    },
    count,
    thumbprints,
  );
}

/** The browser being measured, and the folder it lives in, while they are. */
let browsing: { browser?: Browser; home: string } | undefined;

async function pageRows(): Promise<void> {
  const ours = await serve("web/main.ts");
  browsing = { home: await Deno.makeTempDir({ prefix: "xjb" }) };
  try {
    for (
      const [name, kind, command] of [
        ["Chromium", "chrome", CHROMIUM],
        ["Firefox", "firefox", FIREFOX],
      ] as const
    ) {
      const path = await which(command);
      if (path === undefined) {
        console.log(`${name}: skipped, ${command} is not installed`);
        continue;
      }
      const browser = browsing.browser = await launchBrowser(
        kind,
        path,
        browsing.home,
        // Full timer precision: the browsers round it down otherwise.
        { extraPrefsFirefox: { "privacy.reduceTimerPrecision": false } },
      );
      try {
        const page = await browser.newPage();
        await page.goto(`${ours.origin}/`, { waitUntil: "load" });
        // Clicks per sample: enough for about 20 ms, so that Chromium's timer,
        // coarse to 0.1 ms outside a cross-origin isolated page, reads each
        // sample to within 1%.
        const cases = [
          ["a JWK Set of 100 A256GCM keys, thumbprint ids", "jwks", 100, 10],
          ["one A256GCM JWK", "jwk", 1, 500],
        ] as const;
        for (const [what, format, count, reps] of cases) {
          await setChoice(page, format, String(count));
          await bareButton(page, count, format === "jwks");
          const a = clicks(page, "generate", reps);
          const b = clicks(page, "bare", reps);
          for (let i = 0; i < 3; i++) await a(), await b();
          const [ms, bare, ratio] = await interleaved(a, b);
          rows.push({
            what: `${name}: ${what}`,
            ours: ms,
            bare,
            ratio,
            unit: "ms",
          });
          console.error(
            `${rows.at(-1)!.what}: ${ms.toFixed(3)} / ${bare.toFixed(3)}`,
          );
        }
        console.error(`${name}: ${await browser.version()}`);
      } finally {
        await browser.close();
        delete browsing.browser;
      }
    }
  } finally {
    await ours.stop();
    await removeTree(browsing.home);
    browsing = undefined;
  }
}

/** Closes what runs: the browser, its folder, the servers. */
async function cleanUp(): Promise<void> {
  await browsing?.browser?.close().catch(() => {});
  await Promise.all(servers.map((server) => server.stop()));
  if (browsing) await removeTree(browsing.home);
}

const unwatch = onStop(cleanUp);
try {
  if (only !== "page") await apiRows();
  if (only !== "api") await pageRows();
} finally {
  unwatch();
  await cleanUp();
}

// Stopped by a signal: the run has no result to report.
const signal = stoppedBy();
if (signal !== undefined) Deno.exit(signal);
// Three significant digits: one JWK takes some hundredths of a millisecond.
const figure = (value: number, unit: Row["unit"]) =>
  unit === "ms" ? `${value.toPrecision(3)} ms` : `${Math.round(value)} req/s`;
console.log(
  `\n${ROUNDS} rounds of A, B, B, A: each side's median, and the median of the rounds' ratios (ours ÷ bare platform)\n`,
);
console.log("| what | @x/jose | bare platform | ratio | goal met |");
console.log("| --- | --- | --- | --- | --- |");
for (const { what, ours, bare, ratio, unit } of rows) {
  const met = unit === "ms" ? ratio <= 1.5 : ratio >= 0.95;
  console.log(
    `| ${what} | ${figure(ours, unit)} | ${figure(bare, unit)} | ${
      ratio.toFixed(2)
    } | ${met ? "yes" : "no"} (${unit === "ms" ? "≤ 1.5" : "≥ 0.95"}) |`,
  );
}
