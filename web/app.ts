// Copyright 2026 the @x/jose authors. MIT license.
/// <reference lib="dom" />
/**
 * The page's script: makes secrets in the browser with this package's own
 * `generateSecret()` and formats, and copies or downloads them. It is bundled
 * into `web/static/app.js` by `deno task web:bundle`; a test fails if that
 * bundle no longer holds this code.
 *
 * @module
 */
import { type Format, formatSecrets, generateSecrets } from "../format.ts";
import { InputError, parseAlg, parseCount, parseFormat } from "../input.ts";
import { MAX_COUNT } from "./api.ts";

function element<T extends HTMLElement>(id: string): T {
  return document.getElementById(id) as T;
}

const form = element<HTMLFormElement>("form");
const alg = element<HTMLSelectElement>("alg");
const format = element<HTMLSelectElement>("format");
const count = element<HTMLInputElement>("count");
const result = element<HTMLTextAreaElement>("result");
const status = element<HTMLOutputElement>("status");
const copy = element<HTMLButtonElement>("copy");
const download = element<HTMLButtonElement>("download");

// What the last secrets were, for the download's file name.
let made: { alg: string; format: Format } | undefined;

// Without a secure context there is no `crypto.subtle`: only the CBC-HS bytes
// can be made, and no thumbprint for a JWK Set's key ids.
if (!globalThis.isSecureContext) {
  element("insecure").hidden = false;
  for (const option of alg.options) {
    option.disabled = !option.value.includes("CBC-HS");
  }
  alg.value = "A128CBC-HS256";
  format.querySelector<HTMLOptionElement>('option[value="jwks"]')!.disabled =
    true;
}

function show(text: string, state: "done" | "error"): void {
  status.value = text;
  status.dataset["state"] = state;
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  try {
    const chosen = parseAlg(alg.value, "algorithm");
    const how = parseFormat(format.value);
    const n = parseCount(count.value, MAX_COUNT, "how many");
    result.value = await formatSecrets(await generateSecrets(chosen, n), how);
    made = { alg: chosen, format: how };
    copy.disabled = download.disabled = false;
    show(
      `${n === 1 ? "1 secret" : `${n} secrets`} made in this browser`,
      "done",
    );
  } catch (error) {
    result.value = "";
    made = undefined;
    copy.disabled = download.disabled = true;
    const message = error instanceof InputError
      ? error.message
      : `${(error as Error).name}: ${(error as Error).message}`;
    show(`error: ${message}`, "error");
  }
});

copy.addEventListener("click", async () => {
  try {
    await navigator.clipboard.writeText(result.value);
    show("copied", "done");
  } catch {
    // No clipboard API (not a secure context) or no permission: select the
    // text so that the keyboard's copy takes it.
    result.select();
    show("press Ctrl+C (⌘C) to copy the selected text", "done");
  }
});

download.addEventListener("click", () => {
  if (!made) return;
  const json = made.format === "jwk" || made.format === "jwks";
  const blob = new Blob([result.value], {
    type: json ? "application/json" : "text/plain",
  });
  const link = document.createElement("a");
  link.href = URL.createObjectURL(blob);
  link.download = `${made.alg}.${made.format}${json ? ".json" : ".txt"}`;
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 1000);
  show(`saved as ${link.download}`, "done");
});
