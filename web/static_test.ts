// Copyright 2026 the @x/jose authors. MIT license.
import { assertEquals } from "@std/assert";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { chooseCoding, staticFile } from "./static.ts";

const TEXT = "<!doctype html><title>x</title>" +
  "<p>made in this browser".repeat(50);
const serve = await staticFile(TEXT, {
  "content-type": "text/html",
  "x-a": "1",
});

function get(headers: Record<string, string> = {}, method = "GET") {
  return serve(new Request("http://localhost/", { method, headers }));
}

Deno.test("chooseCoding() takes br, then gzip, from what the client accepts", () => {
  const cases: [string | null, string][] = [
    [null, "identity"],
    ["", "identity"],
    ["identity", "identity"],
    ["gzip", "gzip"],
    ["GZIP", "gzip"],
    ["gzip, deflate, br, zstd", "br"],
    ["br;q=0.5, gzip", "gzip"],
    ["br;q=0, gzip;q=0", "identity"],
    ["br;q=0", "identity"],
    ["*", "br"],
    ["*;q=0, gzip", "gzip"],
    ["deflate", "identity"],
    ["gzip;q=0.001", "gzip"],
  ];
  for (const [accept, coding] of cases) {
    assertEquals(chooseCoding(accept), coding, String(accept));
  }
});

Deno.test("staticFile() sends the file plain without Accept-Encoding, with Vary and a strong ETag", async () => {
  const response = get();
  assertEquals(response.status, 200);
  assertEquals(response.headers.get("content-encoding"), null);
  assertEquals(response.headers.get("vary"), "Accept-Encoding");
  assertEquals(response.headers.get("cache-control"), "no-cache");
  assertEquals(response.headers.get("content-type"), "text/html");
  assertEquals(response.headers.get("x-a"), "1");
  const etag = response.headers.get("etag")!;
  assertEquals(/^"[\w-]{27}"$/.test(etag), true, etag);
  assertEquals(await response.text(), TEXT);
  assertEquals(
    get({ "accept-encoding": "identity" }).headers.get("etag"),
    etag,
  );
});

Deno.test("staticFile() sends gzip or br when accepted, each with its own ETag", async () => {
  const plain = get().headers.get("etag")!.slice(1, -1);
  const gzip = get({ "accept-encoding": "gzip" });
  assertEquals(gzip.headers.get("content-encoding"), "gzip");
  assertEquals(gzip.headers.get("etag"), `"${plain}-gzip"`);
  assertEquals(gzip.headers.get("vary"), "Accept-Encoding");
  const gzipped = new Uint8Array(await gzip.arrayBuffer());
  assertEquals(new TextDecoder().decode(gunzipSync(gzipped)), TEXT);
  const br = get({ "accept-encoding": "gzip, br" });
  assertEquals(br.headers.get("content-encoding"), "br");
  assertEquals(br.headers.get("etag"), `"${plain}-br"`);
  const brotli = new Uint8Array(await br.arrayBuffer());
  assertEquals(new TextDecoder().decode(brotliDecompressSync(brotli)), TEXT);
  assertEquals(brotli.length < gzipped.length, true);
  assertEquals(gzipped.length < TEXT.length / 5, true);
});

Deno.test("staticFile() answers a matching If-None-Match with 304 and no body", async () => {
  for (const accept of ["", "gzip", "br"]) {
    const etag = get({ "accept-encoding": accept }).headers.get("etag")!;
    for (const ifNoneMatch of [etag, `W/${etag}`, `"x", ${etag}`, "*"]) {
      const response = get({
        "accept-encoding": accept,
        "if-none-match": ifNoneMatch,
      });
      assertEquals(response.status, 304, ifNoneMatch);
      assertEquals(response.body, null);
      assertEquals(response.headers.get("etag"), etag);
      assertEquals(response.headers.get("vary"), "Accept-Encoding");
      assertEquals(response.headers.get("cache-control"), "no-cache");
      assertEquals(response.headers.get("x-a"), "1");
      assertEquals(response.headers.get("content-type"), null);
      assertEquals(response.headers.get("content-encoding"), null);
    }
  }
  // Another form's tag, or an old one, gets the whole file.
  const gzipTag = get({ "accept-encoding": "gzip" }).headers.get("etag")!;
  for (const [accept, ifNoneMatch] of [["", gzipTag], ["gzip", '"old"']]) {
    const response = get({
      "accept-encoding": accept!,
      "if-none-match": ifNoneMatch!,
    });
    assertEquals(response.status, 200);
    await response.body?.cancel();
  }
});
