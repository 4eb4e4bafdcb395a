// Copyright 2026 the @x/jose authors. MIT license.
import { assertEquals, assertRejects } from "@std/assert";
import { hashSource, onePage, SCRIPT_TAG, STYLE_LINK } from "./page.ts";

const TEMPLATE =
  `<html>\n  <head>\n    <meta charset="utf-8">\n    ${STYLE_LINK}\n    ${SCRIPT_TAG}\n  </head>\n</html>`;

Deno.test("hashSource() is the CSP source of a block's SHA-256", async () => {
  // echo -n 'alert(1)' | openssl dgst -sha256 -binary | base64
  assertEquals(
    await hashSource("alert(1)"),
    "'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='",
  );
});

Deno.test("onePage() puts the style and the script inline, with a policy allowing exactly them", async () => {
  const { html, policy } = await onePage(TEMPLATE, "go()", "p{color:red}");
  const meta = `default-src 'none'; script-src ${await hashSource(
    "go()",
  )}; style-src ${await hashSource(
    "p{color:red}",
  )}; img-src data:; connect-src 'none'; base-uri 'none'; form-action 'none'`;
  assertEquals(
    html,
    `<html>\n<head>\n<meta charset="utf-8">\n    <meta http-equiv="Content-Security-Policy" content="${meta}">\n<style>p{color:red}</style>\n<script type="module">go()</script>\n</head>\n</html>`,
  );
  assertEquals(policy, `${meta}; frame-ancestors 'none'`);
});

Deno.test("onePage() refuses a template without its markers, or with two", async () => {
  for (
    const [template, marker] of [
      [TEMPLATE.replace(STYLE_LINK, ""), STYLE_LINK],
      [TEMPLATE.replace(SCRIPT_TAG, SCRIPT_TAG + SCRIPT_TAG), SCRIPT_TAG],
      [
        TEMPLATE.replace('<meta charset="utf-8">', ""),
        '<meta charset="utf-8">',
      ],
    ]
  ) {
    await assertRejects(
      () => onePage(template!, "go()", "p{}"),
      Error,
      `the page template needs exactly one ${marker}`,
    );
  }
});

Deno.test("onePage() refuses a script or style that would end its block early", async () => {
  for (
    const [script, style] of [
      ['let a="</script>"', ""],
      ['let a="</SCRIPT "', ""],
      ["let a='<!--'", ""],
      ["", 'p{content:"</style>"}'],
    ]
  ) {
    const error = await assertRejects(() => onePage(TEMPLATE, script!, style!));
    assertEquals(
      (error as Error).message,
      "the page's script or style would end its block early",
    );
  }
});
