// Copyright 2026 the @x/jose authors. MIT license.
/**
 * The page as one document: `web/index.html` with its stylesheet and its
 * script (`web/static/app.css` and `app.js`, built by `deno task web:bundle`)
 * put inline, and a
 * Content-Security-Policy that allows exactly those two blocks by their
 * SHA-256 hashes and nothing else. The policy is in the document too, as a
 * `<meta>`, so that a saved copy keeps it.
 *
 * @example
 * ```ts
 * import { onePage, SCRIPT_TAG, STYLE_LINK } from "./page.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const template = `<meta charset="utf-8">${STYLE_LINK}${SCRIPT_TAG}`;
 * const { html, policy } = await onePage(template, "go()", "p{}");
 * assertEquals(
 *   html.endsWith('<style>p{}</style><script type="module">go()</script>'),
 *   true,
 * );
 * assertEquals(policy.endsWith("; frame-ancestors 'none'"), true);
 * ```
 *
 * @module
 */
/** Where the template names its stylesheet and its script. */
export const STYLE_LINK = '<link rel="stylesheet" href="static/app.css">';
/** Where the template names its script. */
export const SCRIPT_TAG = '<script type="module" src="static/app.js"></script>';
const CHARSET = '<meta charset="utf-8">';

/** What the policy allows besides the page's own two blocks. */
const POLICY = [
  "default-src 'none'",
  "script-src SCRIPT",
  "style-src STYLE",
  "img-src data:",
  "connect-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
];

/** The CSP source for an inline block: `'sha256-…'` of its exact text. */
export async function hashSource(text: string): Promise<string> {
  const digest = await crypto.subtle.digest(
    "SHA-256",
    new TextEncoder().encode(text),
  );
  return `'sha256-${btoa(String.fromCharCode(...new Uint8Array(digest)))}'`;
}

/** The one-file page and the policy it is served with. */
export interface Page {
  /** The whole document. */
  html: string;
  /**
   * The Content-Security-Policy header: the document's own policy, and
   * `frame-ancestors 'none'`, which a `<meta>` policy cannot carry.
   */
  policy: string;
}

/** Puts `text` in place of the one `marker` in `html`; none, or two, throws. */
function replaceOnce(html: string, marker: string, text: string): string {
  const at = html.indexOf(marker);
  if (at < 0 || html.indexOf(marker, at + 1) >= 0) {
    throw new Error(`the page template needs exactly one ${marker}`);
  }
  return html.slice(0, at) + text + html.slice(at + marker.length);
}

/**
 * Builds the one-file page from the template, the script and the style. A
 * script or style that could end its block early is refused.
 */
export async function onePage(
  template: string,
  script: string,
  style: string,
): Promise<Page> {
  if (/<\/script|<!--/i.test(script) || /<\/style/i.test(style)) {
    throw new Error("the page's script or style would end its block early");
  }
  // Indentation is for the sources' readers, not the wire.
  template = template.replace(/\n\s+/g, "\n");
  const meta = POLICY.join("; ")
    .replace("SCRIPT", await hashSource(script))
    .replace("STYLE", await hashSource(style));
  let html = replaceOnce(
    template,
    CHARSET,
    `${CHARSET}\n    <meta http-equiv="Content-Security-Policy" content="${meta}">`,
  );
  html = replaceOnce(html, STYLE_LINK, `<style>${style}</style>`);
  html = replaceOnce(
    html,
    SCRIPT_TAG,
    `<script type="module">${script}</script>`,
  );
  return { html, policy: `${meta}; frame-ancestors 'none'` };
}
