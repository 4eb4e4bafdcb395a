// Copyright 2026 the @x/jose authors. MIT license.
/// <reference lib="dom" />
/**
 * The page's script: wires `web/generator.ts` (what the page does) to the
 * document's controls. It is bundled, minified, into `web/static/app.js` by
 * `deno task web:bundle`, and the server puts that bundle inline in the page.
 *
 * @module
 */
import {
  countError,
  generate,
  insecureChoices,
  segments,
} from "./generator.ts";

function element<T extends HTMLElement>(id: string): T {
  return document.getElementById(id) as T;
}

const form = element<HTMLFormElement>("form");
const alg = element<HTMLSelectElement>("alg");
const format = element<HTMLSelectElement>("format");
const count = element<HTMLInputElement>("count");
const countMessage = element("count-error");
const result = element<HTMLPreElement>("result");
const status = element<HTMLOutputElement>("status");
const copy = element<HTMLButtonElement>("copy");
const download = element<HTMLButtonElement>("download");

// What was made last: the text shown, and what a download of it is.
let made: { text: string; fileName: string; type: string } | undefined;

// Without a secure context there is no `crypto.subtle`: only the CBC-HS
// bytes can be made, and no thumbprint for a JWK Set's key ids.
// A saved copy, opened from disk (no host), has no server to ask.
if (!location.host) element("api").remove();

if (!globalThis.isSecureContext) {
  element("insecure").hidden = false;
  const { algs, formats } = insecureChoices();
  for (const option of alg.options) {
    option.disabled = (algs as string[]).includes(option.value);
  }
  for (const option of format.options) {
    option.disabled = (formats as string[]).includes(option.value);
  }
  alg.value = "A128CBC-HS256";
}

function show(text: string): void {
  if (status.value !== text) status.value = text;
}

/** Marks the count field wrong, by it and for a screen reader, or clears it. */
function markCount(message: string | undefined): void {
  // Nothing to change: the document is left alone.
  if (message === undefined && countMessage.hidden) return;
  countMessage.textContent = message ?? "";
  countMessage.hidden = message === undefined;
  if (message === undefined) {
    count.removeAttribute("aria-invalid");
    count.removeAttribute("aria-describedby");
  } else {
    count.setAttribute("aria-invalid", "true");
    count.setAttribute("aria-describedby", "count-error");
  }
}

// A count marked wrong is cleared as soon as it is fixed.
count.addEventListener("input", () => {
  if (count.getAttribute("aria-invalid") === "true") {
    markCount(countError(count.value));
  }
});

/**
 * Shows a result, each long value in a span of its own so that only those
 * wrap. A result of the same shape as the one shown (the same format and
 * count) is written into the nodes already there: making and inserting spans
 * took Chromium longer than making the key, and made one JWK take 1.4 to 1.7
 * times the bare platform's time (`deno task bench:web`).
 */
function showResult(text: string): void {
  const runs = segments(text);
  const nodes = result.childNodes;
  // A span holds one Text node (even for ""); a Text node holds none.
  if (
    nodes.length === runs.length &&
    runs.every(({ long }, i) => long === !!nodes[i]!.firstChild)
  ) {
    runs.forEach(({ text }, i) => {
      const node = (nodes[i]!.firstChild ?? nodes[i]) as Text;
      if (node.data !== text) node.data = text;
    });
  } else {
    result.replaceChildren(...runs.map(({ text, long }) => {
      if (!long) return text;
      const span = document.createElement("span");
      span.className = "long";
      span.append(text);
      return span;
    }));
  }
}

async function make(): Promise<void> {
  const outcome = await generate({
    alg: alg.value,
    format: format.value,
    count: count.value,
  });
  if (outcome.ok) {
    made = outcome;
    markCount(undefined);
    showResult(outcome.text);
    show(outcome.status);
  } else {
    made = undefined;
    showResult("");
    if (outcome.field === "count") {
      markCount(outcome.message);
      show("");
      count.focus();
    } else {
      show(outcome.message);
    }
  }
  copy.disabled = download.disabled = made === undefined;
}

// Generate is a plain button, not a form's submit: Chromium's form
// submission alone takes longer than making a key. Enter in a field makes
// keys as a submit would; a submit by any other way does too.
const generateButton = element<HTMLButtonElement>("generate");
generateButton.addEventListener("click", make);
form.addEventListener("keydown", (event) => {
  const target = event.target as HTMLElement;
  if (event.key === "Enter" && target.tagName === "INPUT") {
    event.preventDefault();
    make();
  }
});
form.addEventListener("submit", (event) => {
  event.preventDefault();
  make();
});

copy.addEventListener("click", async () => {
  if (!made) return;
  try {
    await navigator.clipboard.writeText(made.text);
    show("copied");
  } catch {
    // No clipboard API (not a secure context) or no permission: select the
    // text so that the keyboard's copy takes it.
    getSelection()?.selectAllChildren(result);
    show("press Ctrl+C (⌘C) to copy the selected text");
  }
});

download.addEventListener("click", () => {
  if (!made) return;
  const link = document.createElement("a");
  link.href = URL.createObjectURL(new Blob([made.text], { type: made.type }));
  link.download = made.fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 1000);
  show(`saved as ${made.fileName}`);
});
