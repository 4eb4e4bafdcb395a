// Copyright 2026 the @x/jose authors. MIT license.
// The functions handed to the page run there, with the DOM.
/// <reference lib="dom" />
/**
 * Tests the web app in real browsers: starts `deno task web` on 127.0.0.1 and
 * drives headless Chromium (Chrome DevTools Protocol) and Firefox (WebDriver
 * BiDi) with puppeteer-core, pointed at the system's browsers. In each, for
 * one identifier of every family and every format, it generates through the
 * page's controls, reads the result and uses the key with WebCrypto; checks
 * that Copy and Download give the same text; that no request leaves the page
 * after load (and that its policy blocks one); that the controls work by
 * keyboard and fit a phone's width. Chromium also opens the page from
 * `http://insecure.test` (mapped to 127.0.0.1), where the page must say it is
 * not a secure context and still make CBC-HS bytes. A screenshot from each
 * browser is kept in a temporary folder, whose path it prints.
 *
 * A browser that is not installed is skipped, with a note, unless `CI` is
 * set.
 *
 * @example
 * ```sh
 * deno task test:web
 * ```
 *
 * @module
 */
import puppeteer, { type Browser, type Page } from "npm:puppeteer-core@24.43.1";
import { decodeBase64Url } from "@std/encoding/base64url";
import { decodeHex } from "@std/encoding/hex";
import { parseOptions } from "./usage.ts";

parseOptions(Deno.args, [], "deno task test:web takes no arguments");

const ROOT = new URL("../", import.meta.url).pathname;
const CHROMIUM = Deno.env.get("CHROMIUM") ?? "chromium";
const FIREFOX = Deno.env.get("FIREFOX") ?? "firefox-esr";
const INSECURE_HOST = "insecure.test";
const CASES = ["HS256", "A256KW", "A256GCM", "A128CBC-HS256"] as const;
const FORMATS = ["jwk", "jwks", "base64url", "hex"] as const;
type Alg = typeof CASES[number];
type Format = typeof FORMATS[number];

const failures: string[] = [];
let passed = 0;
function check(ok: boolean, what: string): void {
  if (ok) passed++;
  else failures.push(what);
  if (!ok) console.log(`FAILED: ${what}`);
}

/** The path of a command, or undefined where it is not installed. */
async function which(command: string): Promise<string | undefined> {
  const { success, stdout } = await new Deno.Command("sh", {
    args: ["-c", 'command -v "$0"', command],
    stdout: "piped",
    stderr: "null",
  }).output();
  return success ? new TextDecoder().decode(stdout).trim() : undefined;
}

/** Starts `deno task web` on a free port; resolves to its port and stopper. */
async function startServer(): Promise<{ port: number; stop: () => void }> {
  const child = new Deno.Command("setsid", {
    args: [
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
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).spawn();
  const stop = () => {
    try {
      Deno.kill(-child.pid, "SIGTERM");
    } catch {
      // Already gone.
    }
  };
  let seen = "";
  const decoder = new TextDecoder();
  const listening = async (stream: ReadableStream<Uint8Array>) => {
    for await (const chunk of stream) {
      seen += decoder.decode(chunk);
      const match = seen.match(/Listening on http:\/\/127\.0\.0\.1:(\d+)\//);
      if (match) return Number(match[1]);
    }
    return undefined;
  };
  const port = await Promise.race([
    listening(child.stderr),
    listening(child.stdout),
    new Promise<undefined>((resolve) =>
      setTimeout(() => resolve(undefined), 60_000)
    ),
  ]);
  if (port === undefined) {
    stop();
    throw new Error(`deno task web did not start: ${seen.slice(-400)}`);
  }
  return { port, stop };
}

// Installed before the page's own script: records what Copy and Download
// produce, instead of touching the real clipboard or the disk.
function spies(): void {
  const record = globalThis as unknown as {
    copied?: string[];
    saved?: unknown[];
  };
  record.copied = [];
  record.saved = [];
  const blobs = new Map<string, Blob>();
  Object.defineProperty(navigator, "clipboard", {
    value: {
      writeText(text: string) {
        record.copied!.push(text);
        return Promise.resolve();
      },
    },
  });
  const createObjectURL = URL.createObjectURL;
  URL.createObjectURL = (blob: Blob) => {
    const url = createObjectURL(blob);
    blobs.set(url, blob);
    return url;
  };
  HTMLAnchorElement.prototype.click = function () {
    const blob = blobs.get(this.href)!;
    blob.text().then((text) =>
      record.saved!.push({ name: this.download, type: blob.type, text })
    );
  };
}

async function choose(page: Page, alg: Alg, format: Format, count: number) {
  await page.select("#alg", alg);
  await page.select("#format", format);
  await page.locator("#count").fill(String(count));
  await page.evaluate(() => {
    (document.getElementById("status") as HTMLOutputElement).value = "";
  });
  await page.click("#generate");
  await page.waitForFunction(() =>
    (document.getElementById("status") as HTMLOutputElement).value !== ""
  );
  return await page.evaluate(() => ({
    status: (document.getElementById("status") as HTMLOutputElement).value,
    text: (document.getElementById("result") as HTMLTextAreaElement).value,
  }));
}

/** The raw key bytes of every secret in the page's text. */
function secretsIn(text: string, format: Format): Uint8Array[] {
  switch (format) {
    case "jwk":
      return text.split("\n").map((line) =>
        decodeBase64Url(JSON.parse(line).k)
      );
    case "jwks":
      return JSON.parse(text).keys.map((key: { k: string }) =>
        decodeBase64Url(key.k)
      );
    case "base64url":
      return text.split("\n").map(decodeBase64Url);
    case "hex":
      return text.split("\n").map(decodeHex);
  }
}

/** Imports a key with WebCrypto and uses it for what its identifier is for. */
async function use(alg: Alg, bytes: Uint8Array<ArrayBuffer>): Promise<boolean> {
  const data = new TextEncoder().encode("made in a browser");
  if (alg === "HS256") {
    const key = await crypto.subtle.importKey(
      "raw",
      bytes,
      { name: "HMAC", hash: "SHA-256" },
      false,
      ["sign", "verify"],
    );
    const mac = await crypto.subtle.sign("HMAC", key, data);
    return bytes.length === 32 &&
      await crypto.subtle.verify("HMAC", key, mac, data);
  }
  if (alg === "A256KW") {
    const kek = await crypto.subtle.importKey("raw", bytes, "AES-KW", false, [
      "wrapKey",
      "unwrapKey",
    ]);
    const cek = await crypto.subtle.generateKey(
      { name: "AES-GCM", length: 128 },
      true,
      ["encrypt"],
    );
    const wrapped = await crypto.subtle.wrapKey("raw", cek, kek, "AES-KW");
    return bytes.length === 32 && wrapped.byteLength === 24;
  }
  // A256GCM, and the AES-CBC half of A128CBC-HS256 (its second 16 bytes).
  const gcm = alg === "A256GCM";
  const name = gcm ? "AES-GCM" : "AES-CBC";
  const key = await crypto.subtle.importKey(
    "raw",
    gcm ? bytes : bytes.slice(16),
    name,
    false,
    ["encrypt", "decrypt"],
  );
  const iv = crypto.getRandomValues(new Uint8Array(gcm ? 12 : 16));
  const sealed = await crypto.subtle.encrypt({ name, iv }, key, data);
  const opened = await crypto.subtle.decrypt({ name, iv }, key, sealed);
  return bytes.length === 32 &&
    new TextDecoder().decode(opened) === "made in a browser";
}

async function secureChecks(
  name: string,
  browser: Browser,
  origin: string,
  shots: string,
): Promise<void> {
  const page = await browser.newPage();
  await page.setViewport({ width: 900, height: 1100 });
  await page.evaluateOnNewDocument(spies);
  const requests: string[] = [];
  let loaded = false;
  page.on("request", (request) => {
    if (loaded) requests.push(request.url());
  });
  await page.goto(`${origin}/`, { waitUntil: "load" });
  loaded = true;
  const insecureShown = await page.$eval(
    "#insecure",
    (e) => !(e as HTMLElement).hidden,
  );
  check(!insecureShown, `${name}: no insecure-context notice on ${origin}`);

  for (const alg of CASES) {
    for (const format of FORMATS) {
      const count = format === "jwk" || format === "hex" ? 1 : 2;
      const what = `${name}: ${alg} as ${format} ×${count}`;
      const { status, text } = await choose(page, alg, format, count);
      const made = count === 1 ? "1 secret" : `${count} secrets`;
      check(status === `${made} made in this browser`, `${what}: ${status}`);
      const secrets = secretsIn(text, format);
      check(secrets.length === count, `${what}: ${secrets.length} secrets`);
      for (const bytes of secrets) {
        check(
          await use(alg, bytes as Uint8Array<ArrayBuffer>),
          `${what}: used`,
        );
      }
      if (format === "jwks") {
        const kids = JSON.parse(text).keys.map((key: { kid?: string }) =>
          key.kid
        );
        check(
          kids.every((kid: unknown) => typeof kid === "string"),
          `${what}: kids`,
        );
      }
      await page.click("#copy");
      await page.click("#download");
      type Recorded = {
        copied: string[];
        saved: { name: string; text: string }[];
      };
      const handle = await page.waitForFunction(() => {
        const r = globalThis as unknown as Recorded;
        return r.saved.length > 0 && r.copied.length > 0 &&
          { copied: r.copied.splice(0), saved: r.saved.splice(0) };
      });
      const { copied, saved } = await handle.jsonValue() as Recorded;
      const json = format === "jwk" || format === "jwks";
      check(
        copied.length === 1 && copied[0] === text,
        `${what}: Copy gives the result`,
      );
      check(
        saved.length === 1 && saved[0]!.text === text &&
          saved[0]!.name === `${alg}.${format}${json ? ".json" : ".txt"}`,
        `${what}: Download gives the result as ${saved[0]?.name}`,
      );
    }
  }

  // Bad input through the controls: an error in the page, nothing made.
  const bad = await choose(page, "HS256", "jwk", 101);
  check(
    bad.status === 'error: how many "101" is not a number from 1 to 100' &&
      bad.text === "",
    `${name}: a count of 101 is refused (${bad.status})`,
  );

  // The policy forbids the page any request of its own.
  const blocked = await page.evaluate(() =>
    fetch("/api/secret?alg=HS256").then(() => "fetched", (e) => e.name)
  );
  check(
    blocked === "TypeError",
    `${name}: the policy blocks fetch (${blocked})`,
  );
  check(
    requests.length === 0,
    `${name}: no request after load (${requests.join(", ")})`,
  );

  // Keyboard alone: Tab reaches every control in order; Enter generates.
  await page.goto(`${origin}/`, { waitUntil: "load" });
  const order: string[] = [];
  for (let i = 0; i < 6; i++) {
    await page.keyboard.press("Tab");
    order.push(await page.evaluate(() => document.activeElement?.id ?? ""));
  }
  check(
    order.slice(order.indexOf("alg"), order.indexOf("alg") + 4).join() ===
      "alg,format,count,generate",
    `${name}: Tab order ${order.join(",")}`,
  );
  await page.focus("#generate");
  await page.keyboard.press("Enter");
  await page.waitForFunction(() =>
    (document.getElementById("status") as HTMLOutputElement).value !== ""
  );
  const byKeyboard = await page.$eval(
    "#status",
    (e) => (e as HTMLOutputElement).value,
  );
  check(
    byKeyboard === "1 secret made in this browser",
    `${name}: Enter generates`,
  );
  await page.screenshot({ path: `${shots}/${name}.png`, fullPage: true });

  // A phone: nothing wider than the screen.
  await page.setViewport({ width: 375, height: 740, isMobile: true });
  const fits = await page.evaluate(() =>
    document.documentElement.scrollWidth <= globalThis.innerWidth
  );
  check(fits, `${name}: fits a 375 px wide phone`);
  await page.screenshot({ path: `${shots}/${name}-phone.png`, fullPage: true });
  await page.close();
}

async function insecureChecks(browser: Browser, port: number): Promise<void> {
  const page = await browser.newPage();
  await page.goto(`http://${INSECURE_HOST}:${port}/`, { waitUntil: "load" });
  const state = await page.evaluate(() => ({
    secure: globalThis.isSecureContext,
    notice: !document.getElementById("insecure")!.hidden,
    alg: (document.getElementById("alg") as HTMLSelectElement).value,
    disabled: [...document.querySelectorAll("option:disabled")].map((o) =>
      (o as HTMLOptionElement).value
    ),
  }));
  check(!state.secure && state.notice, "insecure page: says it is not secure");
  check(state.alg === "A128CBC-HS256", `insecure page: picks ${state.alg}`);
  check(
    state.disabled.length === 13 &&
      !state.disabled.some((v) => v.includes("CBC")),
    `insecure page: CryptoKey identifiers and JWK Sets disabled (${state.disabled})`,
  );
  const { status, text } = await choose(page, "A128CBC-HS256", "hex", 1);
  check(
    status === "1 secret made in this browser" && decodeHex(text).length === 32,
    `insecure page: makes A128CBC-HS256 bytes (${status})`,
  );
  await page.close();
}

const { port, stop } = await startServer();
const shots = await Deno.makeTempDir({ prefix: "x-jose-web-screenshots-" });
const home = await Deno.makeTempDir({ prefix: "xjw" });
let skipped = 0;
try {
  const browsers: [string, "chrome" | "firefox", string][] = [
    ["Chromium", "chrome", CHROMIUM],
    ["Firefox", "firefox", FIREFOX],
  ];
  for (const [name, kind, command] of browsers) {
    const path = await which(command);
    if (path === undefined) {
      if (Deno.env.get("CI") !== undefined) {
        check(false, `${name}: ${command} is not installed (CI is set)`);
      } else {
        skipped++;
        console.log(`${name}: skipped, ${command} is not installed`);
      }
      continue;
    }
    const browser = await puppeteer.launch({
      browser: kind,
      executablePath: path,
      headless: true,
      args: kind === "chrome"
        ? [
          "--no-sandbox",
          "--disable-gpu",
          `--host-resolver-rules=MAP ${INSECURE_HOST} 127.0.0.1`,
          "--disable-features=HttpsUpgrades,HttpsFirstBalancedModeAutoEnable",
        ]
        : [],
      // Home, cache and temp folders of the run's own, removed after.
      env: { ...Deno.env.toObject(), HOME: home, TMPDIR: home },
    });
    try {
      const before = passed + failures.length;
      await secureChecks(name, browser, `http://127.0.0.1:${port}`, shots);
      if (kind === "chrome") await insecureChecks(browser, port);
      console.log(
        `${name} ${await browser.version()}: ${
          passed + failures.length - before
        } checks`,
      );
    } finally {
      await browser.close();
    }
  }
} finally {
  stop();
  await Deno.remove(home, { recursive: true });
}
console.log(`screenshots: ${shots}`);
console.log(
  `\nweb: ${passed} passed, ${failures.length} failed${
    skipped ? `, ${skipped} browsers skipped` : ""
  }`,
);
if (failures.length > 0) Deno.exit(1);
