// Copyright 2026 the @x/jose authors. MIT license.
import {
  assert,
  assertEquals,
  assertInstanceOf,
  assertNotEquals,
  assertRejects,
} from "@std/assert";
import {
  compactDecrypt,
  CompactEncrypt,
  jwtVerify,
  SignJWT,
} from "./_tools/jose.ts";
import { decodeBase64Url, thumbprint } from "./format.ts";
import {
  generateSecret,
  JOSENotSupported,
  SECRET_ALGS,
  type SecretAlg,
} from "./generate_secret.ts";
import {
  JWKSNoMatchingKey,
  type KeyRing,
  KeyRingError,
  type KeyRingKv,
  type KeyRingOptions,
  openKeyRing,
} from "./keyring.ts";

const KEY = ["@x/jose", "keyring", "test"];
const HOUR = 3_600_000;
const START = Date.UTC(2026, 11, 1); // whole seconds
const NOT_FOUND = "no applicable key found in the JSON Web Key Set";

/** A clock the test moves by hand. */
function clock(at = START) {
  const now = () => at;
  return Object.assign(now, {
    set: (ms: number) => {
      at = ms;
    },
    add: (ms: number) => {
      at += ms;
    },
  });
}

/** A KV store in memory, and how many reads it served. */
async function memoryKv() {
  const kv = await Deno.openKv(":memory:");
  let reads = 0;
  const counted: KeyRingKv & { reads: () => number } = {
    get: (key) => {
      reads++;
      return kv.get(key);
    },
    atomic: () => kv.atomic(),
    reads: () => reads,
  };
  return { kv, counted, [Symbol.dispose]: () => kv.close() };
}

/** The options of a ring on `test`, HS256, hourly, keep 2, refresh 1 min. */
function options<Alg extends SecretAlg = "HS256">(
  now: () => number,
  more: Partial<KeyRingOptions<Alg>> = {},
): KeyRingOptions<Alg> {
  return {
    name: "test",
    alg: "HS256" as Alg,
    rotateAfter: HOUR,
    refresh: 60_000,
    now,
    ...more,
  };
}

interface StoredKey {
  kty: string;
  kid: string;
  alg: string;
  k: string;
  iat: number;
  nbf: number;
}

async function stored(kv: Deno.Kv): Promise<StoredKey[]> {
  const { value } = await kv.get<{ keys: StoredKey[] }>(KEY);
  return value?.keys ?? [];
}

Deno.test("current() makes the first key of an empty ring and stores it as a JWK Set", async () => {
  using kv = await Deno.openKv(":memory:");
  const now = clock(START + 1_234);
  using ring = await openKeyRing(kv, options(now));
  const current = await ring.current();
  const [jwk, ...rest] = await stored(kv);
  assertEquals(rest, []);
  assertEquals(Object.keys(jwk!), ["kty", "kid", "alg", "k", "iat", "nbf"]);
  assertEquals(jwk!.kty, "oct");
  assertEquals(jwk!.alg, "HS256");
  assertEquals(jwk!.iat, START / 1000 + 1);
  assertEquals(jwk!.nbf, START / 1000 + 1);
  assertEquals(jwk!.kid, await thumbprint(jwk!.k));
  assertEquals(decodeBase64Url(jwk!.k)!.length, 32);
  assertEquals(current.kid, jwk!.kid);
  assertEquals(current.alg, "HS256");
  assertEquals(current.created, START + 1_000);
  assertEquals(current.key.extractable, false);
  assertEquals(current.key.algorithm, {
    name: "HMAC",
    hash: { name: "SHA-256" },
    length: 256,
  });
  assertEquals(current.key.usages.toSorted(), ["sign", "verify"]);
  assertEquals(await ring.current(), current);
});

Deno.test("current() gives each identifier the key generateSecret() gives", async () => {
  for (const alg of SECRET_ALGS) {
    using kv = await Deno.openKv(":memory:");
    using ring = await openKeyRing(kv, options(clock(), { alg }));
    const { key } = await ring.current();
    const expected = await generateSecret(alg);
    if (expected instanceof Uint8Array) {
      assertEquals(key instanceof Uint8Array && key.length, expected.length);
    } else {
      assertEquals(
        key instanceof CryptoKey &&
          [key.algorithm, key.usages.toSorted(), key.extractable],
        [
          expected.algorithm,
          expected.usages.toSorted(),
          false,
        ],
      );
    }
  }
});

Deno.test("current() and getKey answer from memory between rereads, and one reread serves every call waiting", async () => {
  using store = await memoryKv();
  const { counted } = store;
  const now = clock();
  using ring = await openKeyRing(counted, options(now));
  const { kid } = await ring.current();
  const reads = counted.reads();
  for (let i = 0; i < 100; i++) {
    await ring.current();
    await ring.getKey({ alg: "HS256", kid });
  }
  assertEquals(counted.reads(), reads);
  now.add(60_000);
  await Promise.all(Array.from({ length: 50 }, () => ring.current()));
  assertEquals(counted.reads(), reads + 1);
});

Deno.test("current() on many instances of an empty ring at once makes one key", async () => {
  using kv = await Deno.openKv(":memory:");
  const now = clock();
  const rings = await Promise.all(
    Array.from({ length: 8 }, () => openKeyRing(kv, options(now))),
  );
  const kids = await Promise.all(
    rings.map(async (ring) => (await ring.current()).kid),
  );
  for (const ring of rings) ring.close();
  assertEquals(new Set(kids).size, 1);
  assertEquals((await stored(kv)).map((key) => key.kid), [kids[0]]);
});

Deno.test("current() stages the next key rotateAfter - refresh into a period, and it takes over at the period's end", async () => {
  using kv = await Deno.openKv(":memory:");
  const now = clock();
  using ring = await openKeyRing(kv, options(now));
  const first = await ring.current();
  now.set(START + HOUR - 60_000 - 1);
  assertEquals(await ring.current(), first);
  assertEquals((await stored(kv)).length, 1);
  now.set(START + HOUR - 60_000);
  assertEquals(await ring.current(), first);
  const [next, old] = await stored(kv);
  assertEquals(old!.kid, first.kid);
  assertEquals(next!.iat, (START + HOUR - 60_000) / 1000);
  assertEquals(next!.nbf, (START + HOUR) / 1000);
  assertEquals(await ring.list(), [
    {
      kid: next!.kid,
      alg: "HS256",
      created: START + HOUR - 60_000,
      nbf: START + HOUR,
      current: false,
    },
    {
      kid: first.kid,
      alg: "HS256",
      created: START,
      nbf: START,
      current: true,
    },
  ]);
  now.set(START + HOUR - 1);
  assertEquals((await ring.current()).kid, first.kid);
  now.set(START + HOUR);
  assertEquals((await ring.current()).kid, next!.kid);
  assertEquals((await stored(kv)).length, 2);
});

Deno.test("current() after an idle stretch makes a key that starts now", async () => {
  using kv = await Deno.openKv(":memory:");
  const now = clock();
  using ring = await openKeyRing(kv, options(now));
  const first = await ring.current();
  now.set(START + 10 * HOUR + 500);
  const late = await ring.current();
  assertNotEquals(late.kid, first.kid);
  const keys = await stored(kv);
  assertEquals(keys.map((key) => key.kid), [late.kid, first.kid]);
  assertEquals(keys[0]!.nbf, (START + 10 * HOUR) / 1000);
});

Deno.test("keep counts started keys: the entry holds at most keep of them and one pending key", async () => {
  for (const keep of [1, 2, 3]) {
    using kv = await Deno.openKv(":memory:");
    const now = clock();
    using ring = await openKeyRing(kv, options(now, { keep }));
    const kids = new Set<string>();
    for (let t = START; t < START + 8 * HOUR; t += 60_000) {
      now.set(t);
      kids.add((await ring.current()).kid);
      const keys = await stored(kv);
      const started = keys.filter((key) => key.nbf * 1000 <= t);
      assert(keys.length - started.length <= 1, `${keep}: pending keys`);
      assert(
        started.length <= keep + 1 && (await ring.list()).length <= keep + 1,
        `${keep}: ${started.length} started keys`,
      );
      assertEquals(
        (await ring.list()).filter((key) => key.nbf <= t).length,
        Math.min(keep, kids.size),
      );
    }
    // One key a period: 8 periods, and the one staged for the ninth.
    assertEquals(kids.size, 8);
    assertEquals((await stored(kv)).length, keep + 1);
  }
});

Deno.test("find() gives kept keys, a pending one too, and nothing else", async () => {
  using kv = await Deno.openKv(":memory:");
  const now = clock();
  using ring = await openKeyRing(kv, options(now, { keep: 1 }));
  const first = await ring.current();
  now.set(START + HOUR - 60_000);
  await ring.current();
  const [pending] = await stored(kv);
  assertEquals((await ring.find(pending!.kid))?.kid, pending!.kid);
  assertEquals(await ring.find(first.kid), first);
  now.set(START + HOUR);
  // keep 1: the first key has stopped being kept.
  assertEquals(await ring.find(first.kid), undefined);
  assertEquals(await ring.find("no such kid"), undefined);
  assertEquals(await ring.find(42 as unknown as string), undefined);
});

Deno.test("find() rereads for an unknown kid, once a second at most for the same kid", async () => {
  using store = await memoryKv();
  const { kv, counted } = store;
  const now = clock();
  using a = await openKeyRing(counted, options(now));
  using b = await openKeyRing(kv, options(now));
  await a.current();
  const rotated = await b.rotate();
  const reads = counted.reads();
  assertEquals((await a.find(rotated.kid))?.kid, rotated.kid);
  assertEquals(counted.reads(), reads + 1);
  const unknown = "A".repeat(43);
  assertEquals(await a.find(unknown), undefined);
  assertEquals(await a.find(unknown), undefined);
  assertEquals(counted.reads(), reads + 2);
  now.add(1_000);
  assertEquals(await a.find(unknown), undefined);
  assertEquals(counted.reads(), reads + 3);
  // Not a thumbprint, so never one of the ring's: no reread.
  assertEquals(await a.find("short"), undefined);
  assertEquals(counted.reads(), reads + 3);
});

Deno.test("getKey verifies jose's tokens signed with any kept key", async () => {
  using kv = await Deno.openKv(":memory:");
  const now = clock();
  using ring = await openKeyRing(kv, options(now));
  const sign = async () => {
    const { kid, key } = await ring.current();
    return await new SignJWT({ sub: "ada" })
      .setProtectedHeader({ alg: "HS256", kid })
      .sign(key);
  };
  const before = await sign();
  now.set(START + HOUR);
  const after = await sign();
  assertNotEquals(
    (await jwtVerify(after, ring.getKey)).protectedHeader.kid,
    (await jwtVerify(before, ring.getKey)).protectedHeader.kid,
  );
  assertEquals((await jwtVerify(before, ring.getKey)).payload.sub, "ada");
});

Deno.test("getKey rejects an unknown kid and a header that is not the ring's with jose's code", async () => {
  using kv = await Deno.openKv(":memory:");
  using ring = await openKeyRing(kv, options(clock()));
  const { kid } = await ring.current();
  const cases: [unknown, string][] = [
    [{ alg: "HS256", kid: "A".repeat(43) }, NOT_FOUND],
    [{ alg: "HS256" }, NOT_FOUND],
    [
      { alg: "HS384", kid },
      'key ring "test" holds HS256 keys, not keys for "HS384"',
    ],
    [
      { alg: "dir", enc: "A256GCM", kid },
      'key ring "test" holds HS256 keys, not keys for dir with enc "A256GCM"',
    ],
    [null, 'key ring "test" holds HS256 keys, not keys for "undefined"'],
  ];
  for (const [header, message] of cases) {
    const error = await assertRejects(
      () => ring.getKey(header as { alg: string }),
      JWKSNoMatchingKey,
      message,
    );
    assertEquals(error.message, message);
    assertEquals(error.code, "ERR_JWKS_NO_MATCHING_KEY");
    assertEquals(error.name, "JWKSNoMatchingKey");
  }
});

Deno.test("getKey opens jose's JWEs: dir with a content ring's enc, or a key-wrapping ring's alg", async () => {
  const cases: [SecretAlg, { alg: string; enc: string }][] = [
    ["A256GCM", { alg: "dir", enc: "A256GCM" }],
    ["A128CBC-HS256", { alg: "dir", enc: "A128CBC-HS256" }],
    ["A256KW", { alg: "A256KW", enc: "A256GCM" }],
    ["A128GCMKW", { alg: "A128GCMKW", enc: "A128GCM" }],
  ];
  for (const [alg, header] of cases) {
    using kv = await Deno.openKv(":memory:");
    using ring = await openKeyRing(kv, options(clock(), { alg }));
    const { kid, key } = await ring.current();
    const jwe = await new CompactEncrypt(new TextEncoder().encode(alg))
      .setProtectedHeader({ ...header, kid })
      .encrypt(key);
    const { plaintext } = await compactDecrypt(jwe, ring.getKey);
    assertEquals(new TextDecoder().decode(plaintext), alg);
    await assertRejects(
      () => ring.getKey({ alg: "HS256", kid }),
      JWKSNoMatchingKey,
      `key ring "test" holds ${alg} keys, not keys for "HS256"`,
    );
  }
});

Deno.test("rotate() makes a key current now, drops a pending key and keeps keep keys", async () => {
  using kv = await Deno.openKv(":memory:");
  const now = clock();
  using ring = await openKeyRing(kv, options(now, { keep: 2 }));
  const first = await ring.current();
  now.set(START + HOUR);
  const second = await ring.current();
  now.set(START + 2 * HOUR - 60_000);
  await ring.current(); // stages a third
  assertEquals((await stored(kv)).length, 3);
  now.add(5_000);
  const rotated = await ring.rotate();
  assertEquals(await ring.current(), rotated);
  assertEquals(
    (await stored(kv)).map((key) => [key.kid, key.nbf]),
    [
      [rotated.kid, (START + 2 * HOUR - 55_000) / 1000],
      [second.kid, (START + HOUR) / 1000],
    ],
  );
  assertEquals(await ring.find(first.kid), undefined);
  // The next key is staged from the rotated key's start.
  now.set(START + 3 * HOUR - 55_000 - 60_000);
  await ring.current();
  assertEquals((await stored(kv))[0]!.nbf, (START + 3 * HOUR - 55_000) / 1000);
});

Deno.test("remove() drops a key from every instance, and never the current one", async () => {
  using kv = await Deno.openKv(":memory:");
  const now = clock();
  using a = await openKeyRing(kv, options(now));
  using b = await openKeyRing(kv, options(now));
  const old = await a.current();
  const current = await a.rotate();
  assertEquals((await b.find(old.kid))?.kid, old.kid);
  await assertRejects(
    () => a.remove(current.kid),
    KeyRingError,
    `key ring "test": "${current.kid}" is the current key: rotate first`,
  );
  assertEquals(await a.remove(old.kid), true);
  assertEquals(await a.remove(old.kid), false);
  assertEquals((await stored(kv)).map((key) => key.kid), [current.kid]);
  assertEquals(await a.find(old.kid), undefined);
  // The other instance drops it at its next reread, within refresh.
  now.add(60_000);
  assertEquals(await b.find(old.kid), undefined);
  assertEquals((await b.list()).map((key) => key.kid), [current.kid]);
});

Deno.test("remove() reaches an instance that watches the entry at once", async () => {
  using kv = await Deno.openKv(":memory:");
  const now = clock();
  using a = await openKeyRing(kv, options(now));
  using b = await openKeyRing(kv, options(now, { refresh: HOUR / 2 }));
  const old = await a.current();
  await a.rotate();
  assertEquals((await b.find(old.kid))?.kid, old.kid);
  await a.remove(old.kid);
  // The clock stands still: only the watch can tell b.
  for (let i = 0; i < 100 && await b.find(old.kid); i++) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  assertEquals(await b.find(old.kid), undefined);
});

Deno.test("list() gives kid, alg, created, nbf and current, newest first, never key material", async () => {
  using kv = await Deno.openKv(":memory:");
  const now = clock();
  using ring = await openKeyRing(kv, options(now, { alg: "A256GCM" }));
  const first = await ring.current();
  now.set(START + 2 * HOUR);
  const second = await ring.current();
  assertEquals(await ring.list(), [
    {
      kid: second.kid,
      alg: "A256GCM",
      created: START + 2 * HOUR,
      nbf: START + 2 * HOUR,
      current: true,
    },
    {
      kid: first.kid,
      alg: "A256GCM",
      created: START,
      nbf: START,
      current: false,
    },
  ]);
});

Deno.test("a kek stores the ring as a JWE that jose opens, and jose's JWE is read back", async () => {
  using kv = await Deno.openKv(":memory:");
  const kek = await generateSecret("A256KW");
  const now = clock();
  using ring = await openKeyRing(kv, options(now, { kek }));
  const { kid } = await ring.current();
  const { value } = await kv.get<string>(KEY);
  assertEquals(typeof value, "string");
  assert(!value!.includes('"k"'));
  const { plaintext, protectedHeader } = await compactDecrypt(value!, kek, {
    keyManagementAlgorithms: ["A256KW"],
    contentEncryptionAlgorithms: ["A256GCM"],
  });
  assertEquals(protectedHeader, {
    alg: "A256KW",
    enc: "A256GCM",
    cty: "jwk-set+json",
  });
  const set = JSON.parse(new TextDecoder().decode(plaintext));
  assertEquals(set.keys.map((key: StoredKey) => key.kid), [kid]);
  // A set jose encrypted, with one key more.
  const extra = JSON.parse(new TextDecoder().decode(plaintext));
  const k = "A".repeat(43);
  extra.keys.push({
    kty: "oct",
    kid: await thumbprint(k),
    alg: "HS256",
    k,
    iat: 0,
    nbf: 0,
  });
  await kv.set(
    KEY,
    await new CompactEncrypt(new TextEncoder().encode(JSON.stringify(extra)))
      .setProtectedHeader({
        alg: "A256KW",
        enc: "A256GCM",
        cty: "jwk-set+json",
      })
      .encrypt(kek),
  );
  now.add(60_000);
  assertEquals((await ring.list()).map((key) => key.kid), [
    kid,
    await thumbprint(k),
  ]);
});

Deno.test("an entry a ring cannot use rejects every call and is never overwritten", async () => {
  const kek = await generateSecret("A256KW");
  const otherKek = await generateSecret("A256KW");
  const k = "A".repeat(43);
  const jwk = async (more: Record<string, unknown> = {}) => ({
    kty: "oct",
    kid: await thumbprint(k),
    alg: "HS256",
    k,
    iat: 0,
    nbf: 0,
    ...more,
  });
  const encrypted = async (key: CryptoKey, header = {}) =>
    await new CompactEncrypt(new TextEncoder().encode('{"keys":[]}'))
      .setProtectedHeader({
        alg: "A256KW",
        enc: "A256GCM",
        cty: "jwk-set+json",
        ...header,
      })
      .encrypt(key);
  const cases: [unknown, CryptoKey | undefined, string][] = [
    [
      "eyJ...",
      undefined,
      "its entry is encrypted: give the kek it was made with",
    ],
    [{ keys: [] }, kek, "its entry is not encrypted, but a kek was given"],
    [
      await encrypted(otherKek),
      kek,
      "its entry cannot be opened: the kek does not open it",
    ],
    [
      await encrypted(kek, { zip: "DEF" }),
      kek,
      "its entry cannot be opened: its header has zip",
    ],
    [[1], undefined, "its entry is not a JWK Set"],
    [{ keys: "none" }, undefined, "its entry is not a JWK Set"],
    [{ keys: [1] }, undefined, "key 1 of its entry is not a JWK"],
    [
      { keys: [await jwk(), await jwk({ kty: "RSA" })] },
      undefined,
      "key 2 of its entry is not a symmetric key",
    ],
    [
      { keys: [await jwk({ alg: "HS384" })] },
      undefined,
      'key 1 of its entry is for "HS384", not HS256',
    ],
    [
      { keys: [await jwk({ nbf: "0" })] },
      undefined,
      "key 1 of its entry has no iat or nbf",
    ],
    [
      { keys: [await jwk({ kid: undefined })] },
      undefined,
      "key 1 of its entry has no kid or k",
    ],
    [
      { keys: [await jwk({ k: "AAAA" })] },
      undefined,
      "key 1 of its entry has a k that is not 32 bytes",
    ],
    [
      { keys: [await jwk({ kid: "B".repeat(43) })] },
      undefined,
      "key 1 of its entry has a kid that is not its thumbprint",
    ],
  ];
  for (const [value, key, message] of cases) {
    using kv = await Deno.openKv(":memory:");
    await kv.set(KEY, value);
    const { versionstamp } = await kv.get(KEY);
    const full = `key ring "test": ${message}`;
    await assertRejects(
      () => openKeyRing(kv, options(clock(), key ? { kek: key } : {})),
      KeyRingError,
      full,
    );
    assertEquals((await kv.get(KEY)).versionstamp, versionstamp);
  }
  // A ring already open: every call rejects once it rereads.
  using kv = await Deno.openKv(":memory:");
  const now = clock();
  using ring = await openKeyRing(kv, options(now));
  await ring.current();
  await kv.set(KEY, { keys: [1] });
  now.add(60_000);
  const message = 'key ring "test": key 1 of its entry is not a JWK';
  for (
    const call of [
      () => ring.current(),
      () => ring.find("A".repeat(43)),
      () => ring.rotate(),
      () => ring.list(),
      () => ring.remove("A".repeat(43)),
    ]
  ) {
    await assertRejects(call, KeyRingError, message);
  }
  assertEquals((await kv.get(KEY)).value, { keys: [1] });
});

Deno.test("openKeyRing() rejects bad options before it touches KV", async () => {
  using store = await memoryKv();
  const { counted } = store;
  const hmac = await generateSecret("HS256");
  const kw128 = await generateSecret("A128KW");
  const wrapOnly = await crypto.subtle.generateKey(
    { name: "AES-KW", length: 256 },
    false,
    ["wrapKey"],
  );
  const cases: [unknown, Record<string, unknown>, string][] = [
    [{}, {}, "kv must be a Deno KV store, with get() and atomic()"],
    [
      { get: () => {} },
      {},
      "kv must be a Deno KV store, with get() and atomic()",
    ],
    [counted, { name: "" }, '"name" option must be a non-empty string'],
    [counted, { name: 1 }, '"name" option must be a non-empty string'],
    [
      counted,
      { rotateAfter: undefined },
      '"rotateAfter" option must be a positive whole number of seconds, in ms',
    ],
    [
      counted,
      { rotateAfter: 1_500 },
      '"rotateAfter" option must be a positive whole number of seconds, in ms',
    ],
    [
      counted,
      { rotateAfter: -1_000 },
      '"rotateAfter" option must be a positive whole number of seconds, in ms',
    ],
    [
      counted,
      { rotateAfter: Infinity },
      '"rotateAfter" option must be a positive whole number of seconds, in ms',
    ],
    [
      counted,
      { refresh: HOUR },
      '"refresh" option must be a positive number of ms below "rotateAfter"',
    ],
    [
      counted,
      { refresh: 0 },
      '"refresh" option must be a positive number of ms below "rotateAfter"',
    ],
    [
      counted,
      { refresh: NaN },
      '"refresh" option must be a positive number of ms below "rotateAfter"',
    ],
    [
      counted,
      { keep: 0 },
      '"keep" option must be a whole number from 1 to 100',
    ],
    [
      counted,
      { keep: 101 },
      '"keep" option must be a whole number from 1 to 100',
    ],
    [
      counted,
      { keep: 1.5 },
      '"keep" option must be a whole number from 1 to 100',
    ],
    [
      counted,
      { keep: "2" },
      '"keep" option must be a whole number from 1 to 100',
    ],
    ...[hmac, kw128, wrapOnly, "key"].map((
      kek,
    ): [unknown, Record<string, unknown>, string] => [
      counted,
      { kek },
      '"kek" option must be a 256-bit AES-KW CryptoKey with the wrapKey and unwrapKey usages',
    ]),
    [counted, { now: 5 }, '"now" option must be a function'],
  ];
  for (const [store, more, message] of cases) {
    await assertRejects(
      () => openKeyRing(store as KeyRingKv, options(clock(), more)),
      TypeError,
      message,
    );
  }
  for (const alg of ["none", "hs256", "RS256", "__proto__", 1]) {
    await assertRejects(
      () => openKeyRing(counted, options(clock(), { alg: alg as SecretAlg })),
      JOSENotSupported,
      'Invalid or unsupported "alg" (Algorithm) value',
    );
  }
  await assertRejects(
    () => openKeyRing(counted, null as unknown as KeyRingOptions),
    TypeError,
    "options must be an object",
  );
  assertEquals(counted.reads(), 0);
});

Deno.test("a commit that throws is retried after a reread, and a store that keeps failing rejects the call", async () => {
  using kv = await Deno.openKv(":memory:");
  let failures = 0;
  const flaky: KeyRingKv = {
    get: (key) => kv.get(key),
    atomic: () => {
      const atomic = kv.atomic();
      const commit = atomic.commit.bind(atomic);
      return Object.assign(atomic, {
        commit: () =>
          failures-- > 0
            ? Promise.reject(new Error("database is locked"))
            : commit(),
      });
    },
  };
  const now = clock();
  failures = 3;
  using ring = await openKeyRing(flaky, options(now));
  const { kid } = await ring.current();
  assertEquals((await stored(kv)).map((key) => key.kid), [kid]);
  failures = Infinity;
  await assertRejects(
    () => ring.rotate(),
    KeyRingError,
    'key ring "test": KV failed 8 times: database is locked',
  );
  // Nothing was committed, so nothing is used.
  assertEquals((await ring.current()).kid, kid);
  assertEquals((await stored(kv)).map((key) => key.kid), [kid]);
});

Deno.test("while KV fails, current() keeps signing with the committed key and tries staging once a second", async () => {
  using kv = await Deno.openKv(":memory:");
  let failing = false;
  let commits = 0;
  const flaky: KeyRingKv = {
    get: (key) => kv.get(key),
    atomic: () => {
      const atomic = kv.atomic();
      const commit = atomic.commit.bind(atomic);
      return Object.assign(atomic, {
        commit: () => {
          commits++;
          return failing
            ? Promise.reject(new Error("database is locked"))
            : commit();
        },
      });
    },
  };
  const now = clock();
  using ring = await openKeyRing(flaky, options(now));
  const first = await ring.current();
  failing = true;
  now.set(START + HOUR - 60_000);
  commits = 0;
  assertEquals(await ring.current(), first);
  assertEquals(commits, 8);
  // Within the second: no new try.
  now.add(999);
  assertEquals(await ring.current(), first);
  assertEquals(commits, 8);
  failing = false;
  now.add(1);
  assertEquals(await ring.current(), first);
  assertEquals((await stored(kv)).length, 2);
  // An empty ring has nothing to sign with: the failure is the answer.
  failing = true;
  using empty = await openKeyRing(flaky, options(now, { name: "empty" }));
  await assertRejects(
    () => empty.current(),
    KeyRingError,
    'key ring "empty": KV failed 8 times: database is locked',
  );
});

Deno.test("a read that lands after the instance's own newer commit does not undo it", async () => {
  using kv = await Deno.openKv(":memory:");
  let hold: Promise<void> | undefined;
  let reading!: () => void;
  const slow: KeyRingKv = {
    get: async (key) => {
      const wait = hold;
      hold = undefined;
      const entry = await kv.get(key);
      reading?.();
      await wait;
      return entry;
    },
    atomic: () => kv.atomic(),
  };
  const now = clock();
  using ring = await openKeyRing(slow, options(now));
  await ring.current();
  let release!: () => void;
  hold = new Promise((resolve) => release = resolve);
  const read = new Promise<void>((resolve) => reading = resolve);
  // A reread for a kid no one has, held back with the entry as it was…
  const finding = ring.find("A".repeat(43));
  await read;
  // …while this instance commits a new key.
  const rotated = await ring.rotate();
  release();
  assertEquals(await finding, undefined);
  assertEquals(await ring.current(), rotated);
});

Deno.test("a closed store rejects the call", async () => {
  const kv = await Deno.openKv(":memory:");
  const now = clock();
  using ring = await openKeyRing(kv, options(now));
  await ring.current();
  kv.close();
  now.add(60_000);
  await assertRejects(() => ring.current());
});

Deno.test("an entry of 100 kept keys stays far below KV's 64 KiB", async () => {
  for (const alg of ["HS512", "A256CBC-HS512"] as const) {
    using kv = await Deno.openKv(":memory:");
    const kek = await generateSecret("A256KW");
    const now = clock();
    using ring = await openKeyRing(kv, options(now, { alg, keep: 100, kek }));
    // 100 started keys, one a period, and the next one pending.
    for (let i = 0; i < 100; i++) {
      now.set(START + i * HOUR);
      await ring.current();
    }
    now.set(START + 100 * HOUR - 60_000);
    await ring.current();
    const { value } = await kv.get<string>(KEY);
    assertEquals((await ring.list()).length, 101);
    assert(value!.length < 40_000, `${alg}: ${value!.length} bytes`);
  }
});

/** Opens a ring for its type tests. */
function typed(ring: KeyRing<"HS256">, bytes: KeyRing<"A128CBC-HS256">) {
  const key: Promise<CryptoKey> = ring.current().then(({ key }) => key);
  const raw: Promise<Uint8Array> = bytes.current().then(({ key }) => key);
  return [key, raw];
}
Deno.test("a ring's keys are typed by its identifier", async () => {
  using kv = await Deno.openKv(":memory:");
  using a = await openKeyRing(kv, options(clock()));
  using b = await openKeyRing(kv, {
    ...options(clock()),
    name: "bytes",
    alg: "A128CBC-HS256",
  });
  const [key, raw] = await Promise.all(typed(a, b));
  assertInstanceOf(key, CryptoKey);
  assertInstanceOf(raw, Uint8Array);
});
