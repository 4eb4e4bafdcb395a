// Copyright 2026 the @x/jose authors. MIT license.
import { assert, assertEquals, assertMatch } from "@std/assert";
import { decodeBase64Url } from "@std/encoding/base64url";
import { decodeHex } from "@std/encoding/hex";
import * as jose from "../_tools/jose.ts";
import { JOSE_ALGS } from "../_tools/jose.ts";
import { SECRET_ALGS } from "../mod.ts";
import app from "./main.ts";
import { hashSource } from "./page.ts";

const ORIGIN = "http://localhost:8000";

function get(
  path: string,
  method = "GET",
  headers: Record<string, string> = {},
): Promise<Response> {
  return Promise.resolve(
    app.fetch(new Request(ORIGIN + path, { method, headers })),
  );
}

const read = (path: string) =>
  Deno.readTextFile(new URL(path, import.meta.url));
const SCRIPT = await read("static/app.js");
const STYLE = await read("static/app.css");
const POLICY = `default-src 'none'; script-src ${await hashSource(
  SCRIPT,
)}; style-src ${await hashSource(
  STYLE,
)}; img-src data:; connect-src 'none'; base-uri 'none'; form-action 'none'`;

const SECURITY_HEADERS = {
  "content-security-policy": `${POLICY}; frame-ancestors 'none'`,
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "cross-origin-opener-policy": "same-origin",
  "cross-origin-resource-policy": "same-origin",
};

function assertSecurityHeaders(response: Response, what: string): void {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) {
    assertEquals(response.headers.get(name), value, `${what}: ${name}`);
  }
}

/** The one block of `tag` in `html`: its text. */
function block(html: string, tag: string): string {
  const blocks = [
    ...html.matchAll(new RegExp(`<${tag}[^>]*>([^]*?)</${tag}>`, "g")),
  ];
  assertEquals(blocks.length, 1, tag);
  return blocks[0]![1]!;
}

Deno.test("GET / is the whole page in one document: the built script and style inline", async () => {
  const response = await get("/");
  assertEquals(response.status, 200);
  assertEquals(
    response.headers.get("content-type"),
    "text/html; charset=utf-8",
  );
  assertEquals(response.headers.get("cache-control"), "no-cache");
  assertSecurityHeaders(response, "/");
  const html = await response.text();
  assertEquals(block(html, "script"), SCRIPT);
  assertEquals(block(html, "style"), STYLE);
  assertEquals(html.match(/<script/g)?.length, 1);
  assertEquals(html.match(/ src=| href="(?!https:|data:|")/g), null);
});

Deno.test("the page's policy, in the header and in the document, allows its two inline blocks by hash", async () => {
  const response = await get("/");
  const html = await response.text();
  const hashes = (policy: string) =>
    [...policy.matchAll(/(script|style)-src ('sha256-[^']+')/g)].map((
      [, kind, hash],
    ) => [kind, hash]);
  const header = response.headers.get("content-security-policy")!;
  const meta = html.match(
    /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/,
  )![1]!;
  const inline = [
    ["script", await hashSource(block(html, "script"))],
    ["style", await hashSource(block(html, "style"))],
  ];
  assertEquals(hashes(header), inline);
  assertEquals(hashes(meta), inline);
  // The same policy; a <meta> cannot carry frame-ancestors.
  assertEquals(header, `${meta}; frame-ancestors 'none'`);
  assertEquals(meta.includes("connect-src 'none'"), true);
  assertEquals(meta.startsWith("default-src 'none'; "), true);
  // The policy comes before anything it governs.
  assertEquals(
    html.indexOf("Content-Security-Policy") < html.indexOf("<style"),
    true,
  );
});

Deno.test("GET / is compressed when asked, with a strong ETag and 304 on a match", async () => {
  const plain = await get("/");
  const etag = plain.headers.get("etag")!;
  assertEquals(/^"[\w-]{27}"$/.test(etag), true, etag);
  assertEquals(plain.headers.get("vary"), "Accept-Encoding");
  assertEquals(plain.headers.get("content-encoding"), null);
  await plain.body?.cancel();
  for (
    const [accept, coding] of [["gzip", "gzip"], ["gzip, br", "br"], [
      "identity",
      null,
    ]]
  ) {
    const response = await get("/", "GET", { "accept-encoding": accept! });
    assertEquals(response.headers.get("content-encoding"), coding, accept);
    assertEquals(response.headers.get("vary"), "Accept-Encoding");
    assertSecurityHeaders(response, accept!);
    const bytes = (await response.arrayBuffer()).byteLength;
    // The whole first load, compressed: at most 5,000 bytes on the wire.
    if (coding) assertEquals(bytes <= 5_000, true, `${coding}: ${bytes} bytes`);
    const again = await get("/", "GET", {
      "accept-encoding": accept!,
      "if-none-match": response.headers.get("etag")!,
    });
    assertEquals(again.status, 304);
    assertEquals(again.body, null);
    assertSecurityHeaders(again, `304 ${accept}`);
  }
});

Deno.test("HEAD / answers the headers without a body", async () => {
  const response = await get("/", "HEAD");
  assertEquals(response.status, 200);
  assertEquals(
    response.headers.get("content-type"),
    "text/html; charset=utf-8",
  );
  assertSecurityHeaders(response, "HEAD /");
  assertEquals(response.body, null);
});

Deno.test("the page offers the 15 identifiers, starting at HS256, and says which fits which job", async () => {
  const html = await (await get("/")).text();
  // An option without a value attribute has its text as its value.
  const options = [
    ...html.matchAll(/<option(?:\s+value="([^"]+)")?[^>]*>([^<]+)</g),
  ].map(([, value, label]): [string, string] => [value ?? label!, label!]);
  const algs = options.filter(([value]) => value.match(/^[AH]/));
  assertEquals(algs.map(([value]) => value), [...SECRET_ALGS]);
  for (const [value, label] of algs) assertEquals(label, value);
  assertMatch(html, /<option selected>HS256</);
  assertEquals(options.filter(([value]) => !value.match(/^[AH]/)), [
    ["jwk", "JWK"],
    ["jwks", "JWK Set"],
    ["base64url", "base64url"],
    ["hex", "hex"],
  ]);
  // In the words of the CLI's help.
  const help = block(html, "ul").replace(/<\/?b>/g, "").replace(/\s+/g, " ");
  for (
    const line of [
      "sign JWTs with a shared secret (HMAC): HS256 (or HS384, HS512)",
      'encrypt JWE content directly (alg "dir"): A256GCM',
      "wrap JWE content encryption keys: A256KW",
    ]
  ) {
    assertEquals(help.includes(line), true, line);
  }
  assertMatch(
    html,
    /<a id="save" href="" download="jose-secret-generator\.html">Save this page<\/a>/,
  );
});

Deno.test("unknown paths are 404, with the security headers", async () => {
  for (
    const path of [
      "/nope",
      "/api",
      "/index.html",
      "/app.js",
      "/style.css",
      "/static/app.js",
      "/static/app.css",
      "/__proto__",
      "/constructor",
    ]
  ) {
    // Whatever the method: there is nothing there to allow.
    for (const method of ["GET", "POST"]) {
      const response = await get(path, method);
      assertEquals(response.status, 404, `${method} ${path}`);
      assertEquals(response.headers.get("allow"), null);
      assertEquals(await response.text(), "not found\n");
      assertSecurityHeaders(response, path);
    }
  }
});

Deno.test("other methods are 405 with Allow, with the security headers", async () => {
  for (const method of ["POST", "PUT", "DELETE", "PATCH", "OPTIONS"]) {
    const response = await get("/", method);
    assertEquals(response.status, 405, `${method} /`);
    assertEquals(response.headers.get("allow"), "GET, HEAD");
    assertEquals(await response.text(), "method not allowed\n");
    assertSecurityHeaders(response, `${method} /`);
  }
});

Deno.test("the API's 405 and 404 speak JSON, as its 400 does", async () => {
  for (const method of ["POST", "PUT", "DELETE", "PATCH", "OPTIONS"]) {
    const response = await get("/api/secret?alg=HS256", method);
    assertEquals(
      [
        response.status,
        response.headers.get("allow"),
        response.headers.get("content-type"),
        response.headers.get("cache-control"),
        await response.json(),
      ],
      [405, "GET, HEAD", "application/json; charset=utf-8", "no-store", {
        error: "method not allowed: use GET or HEAD",
      }],
    );
    assertSecurityHeaders(response, `${method} /api/secret`);
  }
  for (
    const path of ["/api/", "/api/secret/", "/api/secrets", "/api/secret/x"]
  ) {
    for (const method of ["GET", "POST"]) {
      const response = await get(path, method);
      assertEquals(
        [
          response.status,
          response.headers.get("allow"),
          response.headers.get("content-type"),
          await response.json(),
        ],
        [404, null, "application/json; charset=utf-8", {
          error: "not found: the API is GET /api/secret",
        }],
        `${method} ${path}`,
      );
      assertSecurityHeaders(response, `${method} ${path}`);
    }
  }
});

/** Uses a JWK the API made, with jose, for what its identifier is for. */
async function use(jwk: jose.JWK): Promise<void> {
  const key = await jose.importJWK(jwk);
  const alg = jwk.alg!;
  const data = new TextEncoder().encode("made on the server");
  if (alg.startsWith("HS")) {
    const jws = await new jose.CompactSign(data).setProtectedHeader({ alg })
      .sign(key);
    assertEquals((await jose.compactVerify(jws, key)).payload, data);
    return;
  }
  const header = alg.endsWith("KW")
    ? { alg, enc: "A128GCM" }
    : { alg: "dir", enc: alg };
  const jwe = await new jose.CompactEncrypt(data).setProtectedHeader(header)
    .encrypt(key);
  assertEquals((await jose.compactDecrypt(jwe, key)).plaintext, data);
}

Deno.test("GET /api/secret makes a JWK by default, never cached, for every identifier", async () => {
  for (const alg of SECRET_ALGS) {
    const response = await get(`/api/secret?alg=${alg}`);
    assertEquals(response.status, 200, alg);
    assertEquals(response.headers.get("content-type"), "application/jwk+json");
    assertEquals(response.headers.get("cache-control"), "no-store");
    assertSecurityHeaders(response, alg);
    const text = await response.text();
    assertMatch(text, /^\{[^\n]+\}\n$/);
    const jwk = JSON.parse(text);
    assertEquals(Object.keys(jwk), ["kty", "alg", "k"]);
    if (JOSE_ALGS.includes(alg)) await use(jwk);
  }
});

Deno.test("GET /api/secret is never stored nor compressed, whatever the client accepts", async () => {
  const response = await get("/api/secret?alg=HS256", "GET", {
    "accept-encoding": "gzip, br",
  });
  assertEquals(response.headers.get("cache-control"), "no-store");
  assertEquals(response.headers.get("content-encoding"), null);
  assertEquals(response.headers.get("etag"), null);
  assertMatch(
    await response.text(),
    /^\{"kty":"oct","alg":"HS256","k":"[\w-]{43}"\}\n$/,
  );
  const head = await get("/api/secret?alg=HS256", "HEAD");
  assertEquals([head.status, head.body], [200, null]);
  assertEquals(head.headers.get("content-type"), "application/jwk+json");
});

Deno.test("GET /api/secret makes JWK Sets with thumbprint kids", async () => {
  const response = await get("/api/secret?alg=A256GCM&format=jwks&count=3");
  assertEquals(
    response.headers.get("content-type"),
    "application/jwk-set+json",
  );
  const { keys } = JSON.parse(await response.text()) as { keys: jose.JWK[] };
  assertEquals(keys.length, 3);
  for (const key of keys) {
    assertEquals(key.kid, await jose.calculateJwkThumbprint(key, "sha256"));
    await use(key);
  }
});

Deno.test("GET /api/secret makes several JWKs, base64url or hex, one a line", async () => {
  const cases: [string, number, (line: string) => Uint8Array][] = [
    ["jwk", 2, (line) => decodeBase64Url(JSON.parse(line).k)],
    ["base64url", 3, decodeBase64Url],
    ["hex", 4, decodeHex],
  ];
  for (const [format, count, decode] of cases) {
    const response = await get(
      `/api/secret?alg=HS384&format=${format}&count=${count}`,
    );
    assertEquals(response.status, 200);
    assertEquals(
      response.headers.get("content-type"),
      "text/plain; charset=utf-8",
    );
    const lines = (await response.text()).split("\n");
    assertEquals(lines.pop(), "");
    assertEquals(lines.length, count, format);
    for (const line of lines) assertEquals(decode(line).length, 48, format);
    assertEquals(new Set(lines).size, count);
  }
});

Deno.test("GET /api/secret answers bad input with 400 and the error in the CLI's words", async () => {
  const cases: [string, string][] = [
    ["", "missing alg: such as ?alg=HS256"],
    ["?format=jwk", "missing alg: such as ?alg=HS256"],
    ["?alg=hs256", 'unsupported alg "hs256": did you mean "HS256"?'],
    [
      "?alg=RS256",
      'unsupported alg "RS256": it is asymmetric, and this makes symmetric secrets only',
    ],
    ["?alg=dir", 'unsupported alg "dir"'],
    ["?alg=", 'unsupported alg ""'],
    [
      "?alg=HS256&format=pem",
      'unknown format "pem": use jwk, jwks, base64url, hex',
    ],
    ["?alg=HS256&count=0", 'count "0" is not a number from 1 to 100'],
    ["?alg=HS256&count=101", 'count "101" is not a number from 1 to 100'],
    ["?alg=HS256&count=1.5", 'count "1.5" is not a number from 1 to 100'],
    ["?alg=HS256&count=", 'count "" is not a number from 1 to 100'],
    ["?alg=HS256&alg=HS384", "alg is given twice: give it once"],
    ["?alg=HS256&kid=a", 'unknown parameter "kid": use alg, format, count'],
    ["?alg=HS256&count=-5", 'count "-5" is not a number from 1 to 100'],
    [
      "?alg=HS256%E2%80%8D",
      'unsupported alg "HS256\\u200d": did you mean "HS256"?',
    ],
    [`?alg=${"A".repeat(20_000)}`, `unsupported alg "${"A".repeat(63)}…"`],
    [
      `?${"x".repeat(100)}=1`,
      `unknown parameter "${"x".repeat(63)}…": use alg, format, count`,
    ],
  ];
  for (const [query, error] of cases) {
    const response = await get(`/api/secret${query}`);
    assertEquals(response.status, 400, query);
    assertEquals(
      response.headers.get("content-type"),
      "application/json; charset=utf-8",
    );
    assertEquals(response.headers.get("cache-control"), "no-store");
    assertSecurityHeaders(response, query);
    assertEquals(
      await response.text(),
      JSON.stringify({ error }) + "\n",
      query,
    );
  }
});

Deno.test("GET /api/secret reads a query in any order or encoding as it reads the documented form", async () => {
  /** A response with each secret's material blanked: its shape. */
  const shape = async (query: string) => {
    const response = await get(`/api/secret${query}`);
    const text = (await response.text())
      .replace(/"(k|kid)":"[\w-]+"/g, '"$1":""')
      .replace(/^[0-9a-f]{64}$/gm, "hex");
    return [response.status, response.headers.get("content-type"), text];
  };
  const pairs: [string, string][] = [
    ["?alg=HS256", "?alg=%48S256"],
    ["?alg=A256GCM&format=jwks&count=3", "?count=3&format=jwks&alg=A256GCM"],
    [
      "?alg=A128CBC-HS256&format=hex&count=2",
      "?format=hex&alg=A128CBC%2DHS256&count=%32",
    ],
    ["?alg=A128KW&format=jwk", "?alg=A128KW&format=jwk&"],
    ["?alg=hs256", "?alg=%68s256"],
    ["?alg=HS256&count=0", "?count=0&alg=HS256"],
    ["?alg=HS256&format=pem", "?format=pem&alg=HS256"],
  ];
  for (const [plain, other] of pairs) {
    assertEquals(await shape(other), await shape(plain), `${plain} ${other}`);
  }
  assertEquals((await shape("?alg=HS256"))[0], 200);
  assertEquals((await shape("?alg=hs256"))[0], 400);
});

Deno.test("GET /api/secret answers 1000 requests at once with 1000 different keys", async () => {
  const responses = await Promise.all(
    Array.from(
      { length: 1000 },
      () => get("/api/secret?alg=HS256&format=base64url"),
    ),
  );
  const keys = new Set<string>();
  for (const response of responses) {
    assertEquals(response.status, 200);
    keys.add(await response.text());
  }
  assertEquals(keys.size, 1000);
  assert([...keys].every((key) => /^[\w-]{43}\n$/.test(key)));
});
