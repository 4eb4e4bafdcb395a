// Copyright 2026 the @x/jose authors. MIT license.
import { assert, assertEquals, assertMatch } from "@std/assert";
import { decodeBase64Url } from "@std/encoding/base64url";
import { decodeHex } from "@std/encoding/hex";
import * as jose from "jose";
import { SECRET_ALGS } from "../mod.ts";
import app from "./main.ts";

const ORIGIN = "http://localhost:8000";

function get(path: string, method = "GET"): Promise<Response> {
  return app.fetch(new Request(ORIGIN + path, { method }));
}

const SECURITY_HEADERS = {
  "content-security-policy":
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src data:; connect-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
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

const STATIC: [string, string, string][] = [
  ["/", "text/html; charset=utf-8", "index.html"],
  ["/app.js", "text/javascript; charset=utf-8", "app.js"],
  ["/style.css", "text/css; charset=utf-8", "style.css"],
];

for (const [path, type, file] of STATIC) {
  Deno.test(`GET ${path} serves web/static/${file} with the security headers`, async () => {
    const response = await get(path);
    assertEquals(response.status, 200);
    assertEquals(response.headers.get("content-type"), type);
    assertEquals(response.headers.get("cache-control"), "no-cache");
    assertSecurityHeaders(response, path);
    assertEquals(
      new Uint8Array(await response.arrayBuffer()),
      await Deno.readFile(new URL(`static/${file}`, import.meta.url)),
    );
  });

  Deno.test(`HEAD ${path} answers the headers without a body`, async () => {
    const response = await get(path, "HEAD");
    assertEquals(response.status, 200);
    assertEquals(response.headers.get("content-type"), type);
    assertSecurityHeaders(response, path);
    assertEquals(response.body, null);
  });
}

Deno.test("the page offers the 15 identifiers, each with a line on what it is for", async () => {
  const html = await (await get("/")).text();
  const options = [...html.matchAll(/<option\s+value="([^"]+)"[^>]*>([^<]+)</g)]
    .map(([, value, label]): [string, string] => [value!, label!]);
  const algs = options.filter(([value]) => value.match(/^[AH]/));
  assertEquals(algs.map(([value]) => value), [...SECRET_ALGS]);
  for (const [value, label] of algs) {
    assertMatch(label, new RegExp(`^${value} · \\S.{15,}`), value);
  }
  assertEquals(options.filter(([value]) => !value.match(/^[AH]/)), [
    ["jwk", "JWK"],
    ["jwks", "JWK Set"],
    ["base64url", "base64url"],
    ["hex", "hex"],
  ]);
});

Deno.test("unknown paths are 404, with the security headers", async () => {
  for (
    const path of [
      "/nope",
      "/api",
      "/api/secret/",
      "/index.html",
      "/static/app.js",
    ]
  ) {
    const response = await get(path);
    assertEquals(response.status, 404, path);
    assertEquals(await response.text(), "not found\n");
    assertSecurityHeaders(response, path);
  }
});

Deno.test("other methods are 405 with Allow, with the security headers", async () => {
  for (const method of ["POST", "PUT", "DELETE", "PATCH", "OPTIONS"]) {
    for (const path of ["/", "/api/secret?alg=HS256"]) {
      const response = await get(path, method);
      assertEquals(response.status, 405, `${method} ${path}`);
      assertEquals(response.headers.get("allow"), "GET, HEAD");
      assertEquals(await response.text(), "method not allowed\n");
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
    await use(jwk);
  }
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
