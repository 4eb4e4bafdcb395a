// Copyright 2026 the @x/jose authors. MIT license.
// The functions handed to the page run there, with the DOM.
/// <reference lib="dom" />
/**
 * Tests the web app in real browsers: starts `deno task web` on 127.0.0.1 and
 * drives headless Chromium (Chrome DevTools Protocol) and Firefox (WebDriver
 * BiDi) with puppeteer-core, pointed at the system's browsers. In each:
 *
 * - for one identifier of every family and every format, it generates
 *   through the page's controls, reads the result and uses the keys with
 *   WebCrypto; Copy and Download give the text shown;
 * - no request leaves the page after load, and its policy blocks one;
 * - a bad count is marked at its field, for sight and for a screen reader,
 *   takes the focus and clears once fixed;
 * - Tab reaches every control in order, Enter generates, side-by-side
 *   controls line up, and axe-core finds no violation (on load, after a JWK
 *   Set, with the count error shown, and in Chromium in dark mode too);
 * - "Save this page" downloads the page as one file, which, opened from
 *   disk with every network request blocked, makes keys in every format;
 * - on a 375 px wide phone nothing is cut or scrolls sideways.
 *
 * Chromium also opens the page from `http://insecure.test` (mapped to
 * 127.0.0.1), where the page must say it is not a secure context and still
 * make CBC-HS bytes.
 *
 * Viewports are set by the one command each protocol has always had for it,
 * and dark mode is asked of Chromium alone: nothing here needs a command
 * that an older browser (Firefox ESR 140, Chromium 150) lacks. A browser that
 * is not installed, or does not start, is one line: skipped, unless `CI` is
 * set, where it fails; so is a step a browser cannot take. With
 * `X_JOSE_SCREENSHOTS=<folder>`, a screenshot of each page is kept there.
 *
 * @example
 * ```sh
 * deno task test:web
 * X_JOSE_SCREENSHOTS=/tmp/shots deno task test:web
 * ```
 *
 * @module
 */
import type { Browser, Page } from "npm:puppeteer-core@24.43.1";
import { decodeBase64Url } from "@std/encoding/base64url";
import { decodeHex } from "@std/encoding/hex";
import { SECRET_ALGS } from "../generate_secret.ts";
import { installNpmTools, npmPackage } from "./npm.ts";
import {
  type BrowserKind,
  launchBrowser,
  removeTree,
} from "./browser_launch.ts";
import { onStop, stoppedBy, which } from "./child.ts";
import { startWeb, stopWeb } from "./web_server.ts";
import { parseOptions } from "./usage.ts";

parseOptions(Deno.args, [], "deno task test:web takes no arguments");

const CHROMIUM = Deno.env.get("CHROMIUM") ?? "chromium";
const FIREFOX = Deno.env.get("FIREFOX") ?? "firefox-esr";
const SHOTS = Deno.env.get("X_JOSE_SCREENSHOTS");
const INSECURE_HOST = "insecure.test";
const CASES = ["HS256", "A256KW", "A256GCM", "A128CBC-HS256"] as const;
const FORMATS = ["jwk", "jwks", "base64url", "hex"] as const;
const SAVED_NAME = "jose-secret-generator.html";
const AXE_TAGS = [
  "wcag2a",
  "wcag2aa",
  "wcag21a",
  "wcag21aa",
  "best-practice",
];
type Alg = typeof CASES[number];
type Format = typeof FORMATS[number];

const failures: string[] = [];
let passed = 0;
function check(ok: boolean, what: string): void {
  if (ok) passed++;
  else failures.push(what);
  if (!ok) console.log(`FAILED: ${what}`);
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

/** What the page shows: its result text and status line. */
function shown(page: Page) {
  return page.evaluate(() => ({
    status: (document.getElementById("status") as HTMLOutputElement).value,
    text: document.getElementById("result")!.textContent ?? "",
  }));
}

/**
 * What `predicate` returns in the page, once it is truthy: asked every 20 ms
 * for up to 30 s. Not puppeteer's `waitForFunction()`, which builds its
 * function in the page with `Function()`, blocked there by the page's own
 * policy in Firefox ESR 140.
 */
async function waitFor<T>(page: Page, predicate: () => T): Promise<T> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const value = await page.evaluate(predicate);
    if (value) return value as T;
    if (Date.now() > deadline) {
      throw new Error(`waited 30 s in vain for ${predicate}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * Types `text` into the field `selector` in place of what it held, as a
 * person does: select all, delete, type. Not puppeteer's `Locator.fill()`,
 * whose wait for an enabled field Firefox ESR 140 never answers.
 */
async function typeInto(page: Page, selector: string, text: string) {
  await page.focus(selector);
  await page.$eval(selector, (field) => (field as HTMLInputElement).select());
  await page.keyboard.press("Backspace");
  await page.keyboard.type(text);
}

/** Chooses through the controls, presses Generate, waits for the outcome. */
async function choose(page: Page, alg: Alg, format: Format, count: string) {
  await page.select("#alg", alg);
  await page.select("#format", format);
  await typeInto(page, "#count", count);
  return await pressGenerate(page);
}

/**
 * Presses Generate and waits for the outcome: a status or a count error, both
 * cleared first. The result box is emptied first too, unless `keepResult`, as
 * for someone who presses Generate again.
 */
async function pressGenerate(page: Page, keepResult = false) {
  await page.evaluate((keepResult) => {
    (document.getElementById("status") as HTMLOutputElement).value = "";
    if (!keepResult) document.getElementById("result")!.textContent = "";
    document.getElementById("count-error")!.textContent = "";
  }, keepResult);
  await page.click("#generate");
  await waitFor(
    page,
    () =>
      (document.getElementById("status") as HTMLOutputElement).value !== "" ||
      document.getElementById("count-error")!.textContent !== "",
  );
  return await shown(page);
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

/**
 * Every family in every format through the page's controls: the keys work,
 * a JWK Set shows a key a line and parses to the CLI's JSON, and Copy and
 * Download give the text shown.
 */
async function makesEveryFormat(page: Page, name: string): Promise<void> {
  for (const alg of CASES) {
    for (const format of FORMATS) {
      const count = format === "jwk" || format === "hex" ? 1 : 2;
      const what = `${name}: ${alg} as ${format} ×${count}`;
      const { status, text } = await choose(page, alg, format, String(count));
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
        const { keys } = JSON.parse(text);
        const lines = text.split("\n");
        check(
          lines.length === count + 2 && lines[0] === '{"keys":[' &&
            lines.at(-1) === "]}" &&
            keys.every((key: { kid?: string }) => typeof key.kid === "string"),
          `${what}: one key a line, each with a kid`,
        );
      }
      await page.click("#copy");
      await page.click("#download");
      type Recorded = {
        copied: string[];
        saved: { name: string; text: string }[];
      };
      const { copied, saved } = await waitFor(page, () => {
        const r = globalThis as unknown as Recorded;
        return r.saved.length > 0 && r.copied.length > 0 &&
          { copied: r.copied.splice(0), saved: r.saved.splice(0) };
      }) as Recorded;
      const json = format === "jwk" || format === "jwks";
      check(
        copied.length === 1 && copied[0] === text,
        `${what}: Copy gives the text shown`,
      );
      check(
        saved.length === 1 && saved[0]!.text === text &&
          saved[0]!.name === `${alg}.${format}${json ? ".json" : ".txt"}`,
        `${what}: Download gives the text shown as ${saved[0]?.name}`,
      );
    }
  }
}

/** The long values of a result's text: what the page puts in spans. */
function longValues(text: string, format: Format): string[] {
  switch (format) {
    case "jwk":
      return text.split("\n").flatMap((line) => {
        const { kid, k } = JSON.parse(line);
        return kid === undefined ? [k] : [kid, k];
      });
    case "jwks":
      return JSON.parse(text).keys.flatMap((
        key: { kid: string; k: string },
      ) => [key.kid, key.k]);
    default:
      return text.split("\n");
  }
}

/**
 * Generate pressed again with the same choice, the result box not emptied:
 * the page writes the new text into the nodes already there, so the spans
 * are the same elements. The new text replaces the old whole, each long value
 * is still a span of its own, and Copy gives the text shown.
 */
async function generatesAgain(page: Page, name: string): Promise<void> {
  const cases = [["jwks", 3], ["jwk", 1], ["hex", 2]] as const;
  for (const [format, count] of cases) {
    const what = `${name}: A256GCM as ${format} ×${count}, generated again`;
    const first = await choose(page, "A256GCM", format, String(count));
    await page.evaluate(() => {
      for (const span of document.querySelectorAll("#result span")) {
        (span as HTMLElement & { mark?: boolean }).mark = true;
      }
    });
    const again = await pressGenerate(page, true);
    const spans = await page.evaluate(() =>
      [...document.querySelectorAll("#result span")].map((span) => ({
        text: span.textContent,
        mark: (span as HTMLElement & { mark?: boolean }).mark === true,
      }))
    );
    const values = longValues(again.text, format);
    check(
      again.text !== first.text &&
        secretsIn(again.text, format).length === count &&
        longValues(first.text, format).every((value) =>
          !again.text.includes(value)
        ),
      `${what}: the new text replaces the old`,
    );
    check(
      spans.length === values.length &&
        spans.every((span, i) => span.text === values[i]),
      `${what}: each long value is a span of its own`,
    );
    check(
      spans.every((span) => span.mark),
      `${what}: written into the spans already there`,
    );
    await page.click("#copy");
    const copied = await waitFor(page, () => {
      const record = globalThis as unknown as { copied: string[] };
      return record.copied.length > 0 && record.copied.splice(0);
    }) as string[];
    check(
      copied.length === 1 && copied[0] === again.text,
      `${what}: Copy gives the text shown`,
    );
  }
}

/** Runs axe-core in the page; the ids of the rules it finds violated. */
async function axe(page: Page, axeSource: string): Promise<string[]> {
  // Evaluated by the driver, so the page's policy does not apply to it.
  await page.evaluate(axeSource);
  return await page.evaluate(async (tags) => {
    const run = (globalThis as unknown as {
      axe: {
        run(
          context: Document,
          options: unknown,
        ): Promise<{ violations: { id: string; nodes: unknown[] }[] }>;
      };
    }).axe.run;
    const { violations } = await run(document, {
      runOnly: { type: "tag", values: tags },
    });
    return violations.map(({ id, nodes }) => `${id} (${nodes.length})`);
  }, AXE_TAGS);
}

async function audited(
  page: Page,
  axeSource: string,
  what: string,
): Promise<void> {
  const violations = await axe(page, axeSource);
  check(
    violations.length === 0,
    `${what}: axe finds ${violations.join(", ") || "nothing"}`,
  );
}

/** The contrast ratio (WCAG 2) of the count error's text on the page. */
function errorContrast(): number {
  const rgb = (color: string) =>
    (color.match(/[\d.]+/g) ?? []).slice(0, 3).map(Number);
  const luminance = (color: string) => {
    const [r, g, b] = rgb(color).map((c) => {
      const s = c / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
  };
  const text = getComputedStyle(document.getElementById("count-error")!).color;
  let background = "rgba(0, 0, 0, 0)";
  for (
    let node: Element | null = document.getElementById("count-error");
    node && /rgba\(.*, 0\)|transparent/.test(background);
    node = node.parentElement
  ) {
    background = getComputedStyle(node).backgroundColor;
  }
  if (/rgba\(.*, 0\)|transparent/.test(background)) {
    // The canvas: white in light mode, as the browser paints it in dark.
    background = matchMedia("(prefers-color-scheme: dark)").matches
      ? getComputedStyle(document.documentElement).backgroundColor
      : "rgb(255, 255, 255)";
  }
  const [a, b] = [luminance(text), luminance(background)].sort((x, y) => y - x);
  return (a! + 0.05) / (b! + 0.05);
}

/** A bad count: marked at its field, focused, in the CLI's words; fixed, cleared. */
async function countErrors(
  page: Page,
  name: string,
  axeSource: string,
): Promise<void> {
  for (
    const [typed, quoted] of [["0", '"0"'], ["abc", '"abc"'], ["-5", '"-5"']]
  ) {
    const outcome = await choose(page, "HS256", "jwk", typed!);
    const field = await page.evaluate(() => {
      const count = document.getElementById("count")!;
      const message = document.getElementById("count-error")!;
      return {
        invalid: count.getAttribute("aria-invalid"),
        describedBy: count.getAttribute("aria-describedby"),
        message: message.textContent,
        visible: !message.hidden && message.getBoundingClientRect().height > 0,
        focused: document.activeElement?.id,
        // Right by the field: below it, within a line's height.
        gap: message.getBoundingClientRect().top -
          count.getBoundingClientRect().bottom,
      };
    });
    const what = `${name}: a count of ${typed}`;
    check(
      field.invalid === "true" && field.describedBy === "count-error",
      `${what} marks the field (${field.invalid}, ${field.describedBy})`,
    );
    check(
      field.message ===
          `How many: ${quoted} is not a number from 1 to 100` && field.visible,
      `${what} says so by the field (${field.message})`,
    );
    check(
      field.gap >= 0 && field.gap < 16,
      `${what}: the message is right by the field (${field.gap} px)`,
    );
    check(field.focused === "count", `${what} takes the focus`);
    check(
      outcome.text === "" && outcome.status === "",
      `${what} makes nothing`,
    );
  }
  const contrast = await page.evaluate(errorContrast);
  check(contrast >= 4.5, `${name}: the error's contrast is ${contrast}`);
  await audited(page, axeSource, `${name}, count error shown`);
  // Fixed as it is typed: cleared.
  await typeInto(page, "#count", "2");
  const cleared = await page.evaluate(() => {
    const count = document.getElementById("count")!;
    return [
      count.getAttribute("aria-invalid"),
      count.getAttribute("aria-describedby"),
      document.getElementById("count-error")!.hidden,
    ];
  });
  check(
    cleared[0] === null && cleared[1] === null && cleared[2] === true,
    `${name}: fixing the count clears the error (${cleared})`,
  );
}

async function keyboardAndLayout(page: Page, name: string): Promise<void> {
  await page.reload({ waitUntil: "load" });
  const order: string[] = [];
  for (let i = 0; i < 7; i++) {
    await page.keyboard.press("Tab");
    order.push(await page.evaluate(() => document.activeElement?.id ?? ""));
  }
  check(
    order.slice(order.indexOf("alg") - 1, order.indexOf("alg") + 4).join() ===
      "save,alg,format,count,generate",
    `${name}: Tab order ${order.join(",")}`,
  );
  await page.focus("#generate");
  await page.keyboard.press("Enter");
  await waitFor(
    page,
    () => (document.getElementById("status") as HTMLOutputElement).value !== "",
  );
  const byKeyboard = await shown(page);
  check(
    byKeyboard.status === "1 secret made in this browser",
    `${name}: Enter on Generate makes keys (${byKeyboard.status})`,
  );
  const tops = await page.evaluate(() =>
    ["format", "count"].map((id) =>
      document.getElementById(id)!.getBoundingClientRect().top
    )
  );
  check(
    Math.abs(tops[0]! - tops[1]!) <= 1,
    `${name}: Format and How many line up (${tops})`,
  );
}

/** Serves nothing: every request but the file's own is aborted, and noted. */
async function offline(page: Page): Promise<string[]> {
  const asked: string[] = [];
  await page.setRequestInterception(true);
  page.on("request", (request) => {
    const url = request.url();
    if (url.startsWith("file:") || url.startsWith("data:")) {
      request.continue();
    } else {
      asked.push(url);
      request.abort();
    }
  });
  return asked;
}

/** Waits for a file to appear whole in `dir`. */
async function downloaded(dir: string, name: string): Promise<string> {
  const path = `${dir}/${name}`;
  for (let i = 0; i < 100; i++) {
    try {
      const text = await Deno.readTextFile(path);
      if (text.trimEnd().endsWith("</html>")) return text;
    } catch {
      // Not there yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`nothing downloaded as ${name}`);
}

/**
 * "Save this page" downloads the document as one file; opened from disk,
 * with every network request blocked, it makes keys in every format.
 */
async function savedCopy(
  browser: Browser,
  kind: BrowserKind,
  name: string,
  origin: string,
  downloads: string,
): Promise<void> {
  const page = await openPage(browser, kind, DESKTOP);
  await page.goto(`${origin}/`, { waitUntil: "load" });
  await page.click("#save");
  const served = await (await fetch(`${origin}/`)).text();
  let text = "";
  try {
    text = await downloaded(downloads, SAVED_NAME);
  } catch (error) {
    check(false, `${name}: Save this page: ${(error as Error).message}`);
    await page.close();
    return;
  }
  check(text === served, `${name}: the saved file is the page, byte for byte`);
  const footer = () => document.querySelector("footer")!.textContent!;
  check(
    (await page.evaluate(footer)).includes("GET /api/secret?alg=HS256"),
    `${name}: the served page names the API`,
  );
  await page.close();

  const copy = await openPage(browser, kind, DESKTOP);
  await copy.evaluateOnNewDocument(spies);
  const asked = await offline(copy);
  await copy.goto(`file://${downloads}/${SAVED_NAME}`, { waitUntil: "load" });
  await makesEveryFormat(copy, `${name} (saved file)`);
  const policy = await copy.evaluate(() =>
    fetch("https://example.com/").then(() => "fetched", (e) => e.name)
  );
  check(policy === "TypeError", `${name} (saved file): its policy holds`);
  const saidOffline = await copy.evaluate(footer);
  check(
    !saidOffline.includes("/api/") &&
      saidOffline.includes("deno run jsr:@x/jose/cli HS256."),
    `${name} (saved file): names the CLI, not the API it cannot reach (${saidOffline})`,
  );
  check(
    asked.length === 0,
    `${name} (saved file): no network request (${asked.join(", ")})`,
  );
  await copy.close();
}

async function desktopChecks(
  name: string,
  kind: BrowserKind,
  browser: Browser,
  origin: string,
  axeSource: string,
  downloads: string,
): Promise<void> {
  const page = await openPage(browser, kind, DESKTOP);
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
  await audited(page, axeSource, `${name}, on load`);

  await makesEveryFormat(page, name);
  await generatesAgain(page, name);
  await choose(page, "A256GCM", "jwks", "3");
  await audited(page, axeSource, `${name}, after a JWK Set`);
  if (SHOTS) {
    await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
  }
  await countErrors(page, name, axeSource);

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
  await keyboardAndLayout(page, name);

  if (kind === "chrome") {
    await page.emulateMediaFeatures([
      { name: "prefers-color-scheme", value: "dark" },
    ]);
    await choose(page, "HS256", "jwks", "2");
    await audited(page, axeSource, `${name}, dark, after a JWK Set`);
    await choose(page, "HS256", "jwk", "0");
    const contrast = await page.evaluate(errorContrast);
    check(
      contrast >= 4.5,
      `${name}, dark: the error's contrast is ${contrast}`,
    );
    await audited(page, axeSource, `${name}, dark, count error shown`);
    if (SHOTS) {
      await page.screenshot({ path: `${SHOTS}/${name}-dark.png` });
    }
  }
  await page.close();
  await savedCopy(browser, kind, name, origin, downloads);
}

/** At 375 px: nothing cut, nothing scrolls sideways. */
async function phoneChecks(
  name: string,
  kind: BrowserKind,
  browser: Browser,
  origin: string,
): Promise<void> {
  const page = await openPage(browser, kind, PHONE);
  await page.goto(`${origin}/`, { waitUntil: "load" });
  const width = await page.evaluate(() => globalThis.innerWidth);
  check(width <= 400, `${name}: a phone's width (${width} px)`);
  for (
    const [alg, format] of [["A256CBC-HS512", "jwks"], [
      "A128GCMKW",
      "base64url",
    ]]
  ) {
    await choose(page, alg as Alg, format as Format, "3");
    const fit = await page.evaluate(() => {
      const canvas = document.createElement("canvas").getContext("2d")!;
      const cut = [...document.querySelectorAll("select")].filter((select) => {
        const style = getComputedStyle(select);
        canvas.font =
          `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
        const text = select.selectedOptions[0]!.textContent!;
        const room = select.clientWidth - parseFloat(style.paddingLeft) -
          parseFloat(style.paddingRight) - 24; // the arrow
        return canvas.measureText(text).width > room;
      }).map((select) => select.id);
      const result = document.getElementById("result")!;
      return {
        cut,
        page: document.documentElement.scrollWidth <= globalThis.innerWidth,
        result: result.scrollWidth <= result.clientWidth &&
          result.getBoundingClientRect().right <= globalThis.innerWidth,
      };
    });
    const what = `${name}: ${alg} as ${format}`;
    check(fit.cut.length === 0, `${what}: no select cut (${fit.cut})`);
    check(fit.page, `${what}: the page does not scroll sideways`);
    check(fit.result, `${what}: the result fits its box`);
  }
  if (SHOTS) {
    await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
  }
  await page.close();
}

async function insecureChecks(browser: Browser, port: number): Promise<void> {
  const page = await openPage(browser, "chrome", DESKTOP);
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
  // Every identifier whose secret is a CryptoKey, and the format that hashes.
  const needSubtle = [
    ...SECRET_ALGS.filter((alg) => !alg.includes("CBC")),
    "jwks",
  ];
  check(
    state.disabled.join() === needSubtle.join(),
    `insecure page: CryptoKey identifiers and JWK Sets disabled (${state.disabled})`,
  );
  const { status, text } = await choose(page, "A128CBC-HS256", "hex", "1");
  check(
    status === "1 secret made in this browser" && decodeHex(text).length === 32,
    `insecure page: makes A128CBC-HS256 bytes (${status})`,
  );
  await page.close();
}

/**
 * Sizes a page's viewport. Over CDP, puppeteer's own call; over WebDriver
 * BiDi, the one command `browsingContext.setViewport`, which every Firefox
 * since 2023 has: puppeteer's call adds `emulation.setScreenOrientationOverride`,
 * which Firefox ESR 140 does not know. (Windows cannot be made narrower than
 * 500 px, so a phone's width has to be a viewport.)
 */
async function sizePage(
  page: Page,
  kind: BrowserKind,
  width: number,
  height: number,
): Promise<void> {
  if (kind === "chrome") return await page.setViewport({ width, height });
  const frame = page.mainFrame() as unknown as {
    browsingContext?: {
      setViewport(options: {
        viewport: { width: number; height: number };
      }): Promise<void>;
    };
  };
  if (!frame.browsingContext) {
    throw new Error("puppeteer-core no longer exposes a BiDi browsing context");
  }
  await frame.browsingContext.setViewport({ viewport: { width, height } });
}

/** Opens a page at `width` × `height`. */
async function openPage(
  browser: Browser,
  kind: BrowserKind,
  [width, height]: readonly [number, number],
): Promise<Page> {
  const page = await browser.newPage();
  await sizePage(page, kind, width, height);
  return page;
}

const DESKTOP = [1280, 900] as const;
const PHONE = [375, 740] as const;

/** Starts a browser, with downloads going to `downloads`. */
function launch(
  kind: BrowserKind,
  executablePath: string,
  home: string,
  downloads: string,
): Promise<Browser> {
  return launchBrowser(kind, executablePath, home, {
    args: kind === "chrome"
      ? [
        `--host-resolver-rules=MAP ${INSECURE_HOST} 127.0.0.1`,
        "--disable-features=HttpsUpgrades,HttpsFirstBalancedModeAutoEnable",
      ]
      : [],
    // Chromium is told by CDP, once it runs (allowDownloads).
    ...(kind === "firefox"
      ? {
        extraPrefsFirefox: {
          "browser.download.dir": downloads,
          "browser.download.folderList": 2,
          "browser.download.useDownloadDir": true,
          "browser.download.always_ask_before_handling_new_types": false,
        },
      }
      : {}),
  });
}

/** Lets Chromium download into `dir` (Firefox is told at launch). */
async function allowDownloads(browser: Browser, dir: string): Promise<void> {
  const session = await browser.target().createCDPSession();
  await session.send("Browser.setDownloadBehavior", {
    behavior: "allow",
    downloadPath: dir,
  });
}

await installNpmTools(["axe"]);
const axeSource = await Deno.readTextFile(`${npmPackage("axe")}/axe.min.js`);
const { child: server, port } = await startWeb();
const stop = () => stopWeb(server);
const home = await Deno.makeTempDir({ prefix: "xjw" });
const browsers: Browser[] = [];
/** The browser being started, if one is. */
let launching: Promise<unknown> = Promise.resolve();
/** Set once the run is ending, by its end or by a signal; run once. */
let ending: Promise<void> | undefined;
// Stopped by a signal, or orphaned: close the browsers and the server first.
// Once it has begun, the checks start nothing more.
const cleanUp = () => ending ??= endRun();
async function endRun(): Promise<void> {
  await launching.catch(() => {});
  await Promise.all(browsers.map((b) => b.close().catch(() => {})));
  await stop();
  await removeTree(home).catch((error) =>
    console.log(`${home} is left: ${error.message}`)
  );
}
const unwatch = onStop(cleanUp);
if (SHOTS) await Deno.mkdir(SHOTS, { recursive: true });
let skipped = 0;
try {
  const kinds: [string, BrowserKind, string][] = [
    ["Chromium", "chrome", CHROMIUM],
    ["Firefox", "firefox", FIREFOX],
  ];
  for (const [name, kind, command] of kinds) {
    const path = await which(command);
    const notRun = (why: string) => {
      if (Deno.env.get("CI") !== undefined) {
        check(false, `${name}: ${why} (CI is set)`);
      } else {
        skipped++;
        console.log(`${name}: skipped, ${why}`);
      }
    };
    if (path === undefined) {
      notRun(`${command} is not installed`);
      continue;
    }
    const downloads = await Deno.makeTempDir({ dir: home, prefix: "dl" });
    if (ending) break;
    let browser: Browser;
    try {
      const started = launch(kind, path, home, downloads);
      launching = started.then((browser) => browsers.push(browser));
      browser = await started;
    } catch (error) {
      if (ending) break;
      notRun(
        `${command} did not start: ${(error as Error).message.split("\n")[0]}`,
      );
      continue;
    }
    const version = await browser.version().catch(() => name);
    if (ending) break;
    const before = passed + failures.length;
    const origin = `http://127.0.0.1:${port}`;
    try {
      if (kind === "chrome") await allowDownloads(browser, downloads);
      await desktopChecks(name, kind, browser, origin, axeSource, downloads);
      await phoneChecks(`${name}-phone`, kind, browser, origin);
      if (kind === "chrome") await insecureChecks(browser, port);
    } catch (error) {
      // Closed under it by a stop: nothing failed.
      if (ending) break;
      // A step the browser cannot take (a command it lacks, a wait it never
      // answers) fails this browser's run in one line, not a stack trace.
      const { message, cause } = error as Error & { cause?: Error };
      const why = cause?.message ? `${message} (${cause.message})` : message;
      check(false, `${name} ${version}: stopped: ${why.split("\n")[0]}`);
    }
    console.log(
      `${name} ${version}: ${passed + failures.length - before} checks`,
    );
  }
} finally {
  unwatch();
  await cleanUp();
}
if (SHOTS) console.log(`screenshots: ${SHOTS}`);
// Stopped by a signal: the run has no result to report.
const signal = stoppedBy();
if (signal !== undefined) Deno.exit(signal);
console.log(
  `\nweb: ${passed} passed, ${failures.length} failed${
    skipped ? `, ${skipped} browsers skipped` : ""
  }`,
);
if (failures.length > 0) Deno.exit(1);
