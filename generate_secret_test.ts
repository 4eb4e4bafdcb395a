// Copyright 2026 the @x/jose authors. MIT license.
import {
  assert,
  assertEquals,
  assertInstanceOf,
  assertNotEquals,
  assertRejects,
  assertStrictEquals,
  assertThrows,
} from "@std/assert";
import * as jose from "./_tools/jose.ts";
import { JOSE_ALGS, JOSE_LACKS } from "./_tools/jose.ts";
import type * as joseEntry from "npm:jose@6.2.18/key/generate/secret";
import {
  type CbcHsAlg,
  type CryptoKeyAlg,
  type GeneratedSecret,
  generateSecret,
  type GenerateSecretAlgorithm,
  type GenerateSecretOptions,
  JOSENotSupported,
  SECRET_ALGS,
  type SecretAlg,
} from "./mod.ts";
import * as generateSubpath from "@x/jose/generate/secret";
import * as keySubpath from "@x/jose/key/generate/secret";
import * as main from "@x/jose";

// What RFC 7518 and jose say each identifier makes, written out by hand
// rather than taken from the module, so a wrong table entry fails here.
type Expected = { name: string; length: number; hash?: { name: string } };
const KEY_CASES: [CryptoKeyAlg, Expected, KeyUsage[]][] = [
  ["HS256", hmac("SHA-256", 256), ["sign", "verify"]],
  ["HS384", hmac("SHA-384", 384), ["sign", "verify"]],
  ["HS512", hmac("SHA-512", 512), ["sign", "verify"]],
  ["A128KW", { name: "AES-KW", length: 128 }, [
    "unwrapKey",
    "wrapKey",
  ]],
  ["A192KW", { name: "AES-KW", length: 192 }, [
    "unwrapKey",
    "wrapKey",
  ]],
  ["A256KW", { name: "AES-KW", length: 256 }, [
    "unwrapKey",
    "wrapKey",
  ]],
  ["A128GCMKW", { name: "AES-GCM", length: 128 }, [
    "decrypt",
    "encrypt",
  ]],
  ["A192GCMKW", { name: "AES-GCM", length: 192 }, [
    "decrypt",
    "encrypt",
  ]],
  ["A256GCMKW", { name: "AES-GCM", length: 256 }, [
    "decrypt",
    "encrypt",
  ]],
  ["A128GCM", { name: "AES-GCM", length: 128 }, [
    "decrypt",
    "encrypt",
  ]],
  ["A192GCM", { name: "AES-GCM", length: 192 }, [
    "decrypt",
    "encrypt",
  ]],
  ["A256GCM", { name: "AES-GCM", length: 256 }, [
    "decrypt",
    "encrypt",
  ]],
];
const BYTES_CASES: [CbcHsAlg, number][] = [
  ["A128CBC-HS256", 32],
  ["A192CBC-HS384", 48],
  ["A256CBC-HS512", 64],
];
const UNSUPPORTED_STRINGS = [
  "",
  "hs256",
  "HS256 ",
  " HS256",
  "HS1",
  "RS256",
  "ES256",
  "EdDSA",
  "dir",
  "none",
  "A128CBC",
  "A128CBC-HS512",
  "PBES2-HS256+A128KW",
  "ECDH-ES+A128KW",
  "__proto__",
  "constructor",
  "toString",
  "hasOwnProperty",
];
const NON_STRINGS: unknown[] = [
  undefined,
  null,
  256,
  256n,
  true,
  Symbol("HS256"),
  {},
  ["HS256"],
  new String("HS256"),
  { toString: () => "HS256" },
];
const NOT_BOOLEANS: unknown[] = [
  "false",
  "true",
  "",
  0,
  1,
  null,
  {},
  [],
  Symbol(),
];

function hmac(hash: string, length: number): Expected {
  return { name: "HMAC", hash: { name: hash }, length };
}

/** What can be compared of a secret without its value. */
function shape(secret: CryptoKey | Uint8Array): object {
  if (secret instanceof Uint8Array) return { bytes: secret.length };
  const { type, algorithm, extractable, usages } = secret;
  return { type, algorithm, extractable, usages: usages.toSorted() };
}

/** How a call ended: "resolved", or the rejection's name, code and message. */
function outcome(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => "resolved",
    (
      error: Error & { code?: string },
    ) => [error.name, error.code, error.message],
  );
}

async function rawBytes(key: CryptoKey): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.exportKey("raw", key));
}

/** Replaces `globalThis.crypto` while `fn` runs, as an insecure page would. */
async function withCrypto(
  stand_in: unknown,
  fn: () => Promise<void>,
): Promise<void> {
  const original = Object.getOwnPropertyDescriptor(globalThis, "crypto")!;
  Object.defineProperty(globalThis, "crypto", {
    value: stand_in,
    configurable: true,
  });
  try {
    await fn();
  } finally {
    Object.defineProperty(globalThis, "crypto", original);
  }
}

for (const [alg, algorithm, usages] of KEY_CASES) {
  Deno.test(`generateSecret() makes a non-extractable ${algorithm.name} CryptoKey for ${alg}`, async () => {
    const key = await generateSecret(alg);
    assertInstanceOf(key, CryptoKey);
    assertEquals(key.type, "secret");
    assertEquals(key.algorithm, algorithm);
    assertEquals(key.usages.toSorted(), usages);
    assertStrictEquals(key.extractable, false);
  });

  Deno.test(`generateSecret() makes an extractable ${alg} key of the right length when asked`, async () => {
    const key = await generateSecret(alg, { extractable: true });
    assertStrictEquals(key.extractable, true);
    assertEquals((await rawBytes(key)).length, algorithm.length / 8);
  });

  Deno.test(`generateSecret() makes a fresh ${alg} key each call`, async () => {
    const [a, b] = await Promise.all([
      generateSecret(alg, { extractable: true }),
      generateSecret(alg, { extractable: true }),
    ]);
    assertNotEquals(await rawBytes(a), await rawBytes(b));
  });
}

for (const [alg, length] of BYTES_CASES) {
  Deno.test(`generateSecret() returns ${length} random bytes for ${alg}`, async () => {
    const secret = await generateSecret(alg);
    assertInstanceOf(secret, Uint8Array);
    assertInstanceOf(secret.buffer, ArrayBuffer);
    assertEquals(secret.length, length);
    assertEquals(secret.byteOffset, 0);
    assertEquals(secret.buffer.byteLength, length);
  });

  Deno.test(`generateSecret() returns fresh bytes for ${alg} each call`, async () => {
    const a = await generateSecret(alg);
    const b = await generateSecret(alg);
    assertNotEquals(a, b);
    // 32 or more random bytes are never all zero: the array was filled.
    assert(a.some((byte) => byte !== 0));
  });

  Deno.test(`generateSecret() accepts and ignores the extractable option for ${alg}`, async () => {
    assertEquals(
      (await generateSecret(alg, { extractable: false })).length,
      length,
    );
    assertEquals(
      (await generateSecret(alg, { extractable: true })).length,
      length,
    );
  });
}

Deno.test("generateSecret() keeps keys non-extractable for extractable: false or undefined", async () => {
  for (
    const options of [{}, { extractable: false }, { extractable: undefined }]
  ) {
    assertStrictEquals(
      (await generateSecret("HS256", options)).extractable,
      false,
    );
  }
});

Deno.test("generateSecret() treats null options as no options, like jose", async () => {
  const key = await generateSecret(
    "HS256",
    null as unknown as GenerateSecretOptions,
  );
  assertStrictEquals(key.extractable, false);
});

Deno.test("generateSecret() rejects an unsupported identifier with JOSENotSupported", async () => {
  for (const alg of UNSUPPORTED_STRINGS) {
    const error = await assertRejects(
      () => generateSecret(alg),
      JOSENotSupported,
      'Invalid or unsupported "alg" (Algorithm) value',
    );
    assertEquals(
      error.message,
      'Invalid or unsupported "alg" (Algorithm) value',
      alg,
    );
  }
});

Deno.test("generateSecret() rejects a non-string identifier with JOSENotSupported", async () => {
  for (const alg of NON_STRINGS) {
    await assertRejects(
      () => generateSecret(alg as string),
      JOSENotSupported,
      'Invalid or unsupported "alg" (Algorithm) value',
    );
  }
});

Deno.test("JOSENotSupported carries jose's name and code", async () => {
  const error = await assertRejects(
    () => generateSecret("RS256"),
    JOSENotSupported,
  );
  assertInstanceOf(error, Error);
  assertEquals(error.name, "JOSENotSupported");
  assertEquals(error.code, "ERR_JOSE_NOT_SUPPORTED");
  assertEquals(JOSENotSupported.code, "ERR_JOSE_NOT_SUPPORTED");
  assertEquals(
    String(error),
    'JOSENotSupported: Invalid or unsupported "alg" (Algorithm) value',
  );
});

Deno.test("generateSecret() rejects an extractable option that is not a boolean", async () => {
  for (const alg of ["HS256", "A128CBC-HS256"]) {
    for (const extractable of NOT_BOOLEANS) {
      await assertRejects(
        () => generateSecret(alg, { extractable } as GenerateSecretOptions),
        TypeError,
        '"extractable" option must be a boolean',
      );
    }
  }
});

Deno.test("generateSecret() checks the options before the identifier, like jose", async () => {
  await assertRejects(
    () =>
      generateSecret(
        "nope",
        { extractable: "yes" } as unknown as GenerateSecretOptions,
      ),
    TypeError,
    '"extractable" option must be a boolean',
  );
});

Deno.test("generateSecret() ignores options that are not an object, like jose", async () => {
  for (const options of [true, "extractable", 1]) {
    const key = await generateSecret("HS256", options as GenerateSecretOptions);
    assertStrictEquals(key.extractable, false);
  }
});

Deno.test("generateSecret() reads the extractable option once", async () => {
  let reads = 0;
  const options = {
    get extractable() {
      reads++;
      // A getter that passes a check and then answers differently must not
      // turn into an extractable key.
      return reads === 1 ? false : ("true" as unknown as boolean);
    },
  };
  const key = await generateSecret("HS256", options);
  assertEquals(reads, 1);
  assertStrictEquals(key.extractable, false);
});

Deno.test("generateSecret() never throws synchronously", async () => {
  const throwing = {
    get extractable(): boolean {
      throw new RangeError("getter failed");
    },
  };
  const calls: [
    () => Promise<unknown>,
    ErrorConstructor | typeof JOSENotSupported,
  ][] = [
    [() => generateSecret(42 as unknown as string), JOSENotSupported],
    [
      () =>
        generateSecret(
          "HS256",
          { extractable: 1 } as unknown as GenerateSecretOptions,
        ),
      TypeError,
    ],
    [() => generateSecret("HS256", throwing), RangeError],
  ];
  for (const [call, ErrorClass] of calls) {
    let promise: Promise<unknown> | undefined;
    try {
      promise = call();
    } catch (error) {
      throw new Error(`threw synchronously: ${error}`);
    }
    assertInstanceOf(promise, Promise);
    await assertRejects(() => promise, ErrorClass);
  }
});

Deno.test("generateSecret() explains a missing crypto.subtle for CryptoKey identifiers", async () => {
  const insecure = { getRandomValues: crypto.getRandomValues.bind(crypto) };
  await withCrypto(insecure, async () => {
    for (const [alg] of KEY_CASES) {
      const error = await assertRejects(
        () => generateSecret(alg),
        JOSENotSupported,
      );
      // The whole message: nothing added, nothing left out.
      assertEquals(
        error.message,
        "crypto.subtle is unavailable: WebCrypto needs a secure context",
      );
    }
  });
});

Deno.test("generateSecret() still returns CBC-HS bytes without crypto.subtle", async () => {
  const insecure = { getRandomValues: crypto.getRandomValues.bind(crypto) };
  await withCrypto(insecure, async () => {
    for (const [alg, length] of BYTES_CASES) {
      assertEquals((await generateSecret(alg)).length, length);
    }
  });
});

Deno.test("generateSecret() rejects, not throws, in a runtime with no WebCrypto at all", async () => {
  // No runtime we support lacks `globalThis.crypto`; there is nothing to
  // explain beyond the platform's own TypeError, but it must still reject.
  await withCrypto(undefined, async () => {
    for (const alg of ["HS256", "A128CBC-HS256"]) {
      let promise: Promise<unknown> | undefined;
      try {
        promise = generateSecret(alg);
      } catch (error) {
        throw new Error(`threw synchronously: ${error}`);
      }
      await assertRejects(() => promise!, TypeError);
    }
  });
});

Deno.test("SECRET_ALGS lists the CryptoKey identifiers, then the CBC-HS ones, and is frozen", () => {
  assertEquals(SECRET_ALGS, [
    ...KEY_CASES.map(([alg]) => alg),
    ...BYTES_CASES.map(([alg]) => alg),
  ]);
  assert(Object.isFrozen(SECRET_ALGS));
});

Deno.test("generateSecret() makes what jose's generateSecret() makes for every identifier jose has", async () => {
  for (const alg of JOSE_ALGS) {
    for (const extractable of [false, true]) {
      assertEquals(
        shape(await generateSecret(alg, { extractable })),
        shape(await jose.generateSecret(alg, { extractable })),
        alg,
      );
    }
  }
});

Deno.test("JOSE_LACKS names identifiers of ours that jose rejects, and only those", async () => {
  const lacks: readonly string[] = JOSE_LACKS;
  for (const alg of SECRET_ALGS) {
    const theirs = await outcome(jose.generateSecret(alg));
    assertEquals(theirs !== "resolved", lacks.includes(alg), alg);
  }
  assertEquals(JOSE_ALGS.length + lacks.length, SECRET_ALGS.length);
});

Deno.test("generateSecret() fails where jose's generateSecret() fails, with jose's error", async () => {
  const bad: [unknown, unknown][] = [
    ...UNSUPPORTED_STRINGS.map((alg): [unknown, unknown] => [alg, undefined]),
    ...NON_STRINGS.map((alg): [unknown, unknown] => [alg, undefined]),
    ...NOT_BOOLEANS.map((
      extractable,
    ): [unknown, unknown] => ["HS256", { extractable }]),
  ];
  for (const [alg, options] of bad) {
    const ours = await outcome(
      generateSecret(alg as string, options as GenerateSecretOptions),
    );
    const theirs = await outcome(
      jose.generateSecret(alg as string, options as jose.GenerateSecretOptions),
    );
    assertNotEquals(theirs, "resolved", `jose rejects ${String(alg)}`);
    assertEquals(ours, theirs, String(alg));
  }
});

Deno.test("HS* secrets sign and verify JWTs with jose", async () => {
  for (const alg of ["HS256", "HS384", "HS512"] as const) {
    const key = await generateSecret(alg);
    const jwt = await new jose.SignJWT({ sub: "alice" })
      .setProtectedHeader({ alg })
      .sign(key);
    const { payload, protectedHeader } = await jose.jwtVerify(jwt, key);
    assertEquals(payload.sub, "alice");
    assertEquals(protectedHeader.alg, alg);
    const other = await generateSecret(alg);
    await assertRejects(
      () => jose.jwtVerify(jwt, other),
      jose.errors.JWSSignatureVerificationFailed,
    );
  }
});

const plaintext = new TextEncoder().encode("the quick brown fox");

async function roundTrip(
  key: CryptoKey | Uint8Array,
  header: jose.CompactJWEHeaderParameters,
): Promise<void> {
  const jwe = await new jose.CompactEncrypt(plaintext)
    .setProtectedHeader(header)
    .encrypt(key);
  const { plaintext: decrypted, protectedHeader } = await jose.compactDecrypt(
    jwe,
    key,
  );
  assertEquals(decrypted, plaintext);
  // GCMKW adds its own iv and tag to the header; alg and enc must be ours.
  assertEquals(
    { alg: protectedHeader.alg, enc: protectedHeader.enc },
    header,
  );
}

Deno.test("A*KW and A*GCMKW secrets wrap JWE content keys with jose", async () => {
  const algs = [
    "A128KW",
    "A192KW",
    "A256KW",
    "A128GCMKW",
    "A192GCMKW",
    "A256GCMKW",
  ] as const;
  for (const alg of algs) {
    await roundTrip(await generateSecret(alg), { alg, enc: "A256GCM" });
  }
});

Deno.test("A*GCM and A*CBC-HS* secrets encrypt JWE content directly with jose", async () => {
  const encs = [
    "A128GCM",
    "A192GCM",
    "A256GCM",
    "A128CBC-HS256",
    "A192CBC-HS384",
    "A256CBC-HS512",
  ] as const;
  for (const enc of encs) {
    await roundTrip(await generateSecret(enc), { alg: "dir", enc });
  }
});

// Type-level tests: `deno test` type-checks this file, so a wrong type fails.
type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends
  (<T>() => T extends B ? 1 : 2) ? true
  : false;
function assertType<T extends true>(_: T) {}

Deno.test("generateSecret() types its result by the identifier", async () => {
  assertType<
    Equals<Awaited<ReturnType<typeof generateSecret<"HS256">>>, CryptoKey>
  >(true);
  assertType<
    Equals<Awaited<ReturnType<typeof generateSecret<"A256GCMKW">>>, CryptoKey>
  >(true);
  assertType<
    Equals<
      Awaited<ReturnType<typeof generateSecret<"A128CBC-HS256">>>,
      Uint8Array<ArrayBuffer>
    >
  >(true);
  assertType<
    Equals<GeneratedSecret<string>, CryptoKey | Uint8Array<ArrayBuffer>>
  >(true);
  assertType<
    Equals<
      GeneratedSecret<"HS256" | "A128CBC-HS256">,
      CryptoKey | Uint8Array<ArrayBuffer>
    >
  >(
    true,
  );
  assertType<
    Equals<GeneratedSecret<SecretAlg>, CryptoKey | Uint8Array<ArrayBuffer>>
  >(true);
  assertType<Equals<(typeof SECRET_ALGS)[number], SecretAlg>>(true);

  const key: CryptoKey = await generateSecret("HS256");
  const bytes: Uint8Array<ArrayBuffer> = await generateSecret("A256CBC-HS512");
  const alg: string = "HS256";
  const either: CryptoKey | Uint8Array = await generateSecret(alg);
  // The bytes go straight into WebCrypto, which wants an ArrayBuffer-backed view.
  await crypto.subtle.importKey("raw", bytes, "HKDF", false, ["deriveBits"]);
  assert(key && bytes && either);

  // @ts-expect-error a CBC-HS identifier gives bytes, not a CryptoKey
  const _notKey: CryptoKey = await generateSecret("A128CBC-HS256");
  // @ts-expect-error an HMAC identifier gives a CryptoKey, not bytes
  const _notBytes: Uint8Array = await generateSecret("HS512");
  // @ts-expect-error an unknown string may give either, so not surely a CryptoKey
  const _maybe: CryptoKey = await generateSecret(alg);
  // @ts-expect-error the identifier is a string
  await assertRejects(() => generateSecret(256));
  // @ts-expect-error extractable is a boolean
  await assertRejects(() => generateSecret("HS256", { extractable: "true" }));
  // @ts-expect-error there is no such option
  await generateSecret("HS256", { usages: ["sign"] });
  // @ts-expect-error the list cannot be changed
  assertThrows(() => SECRET_ALGS.push("HS256"), TypeError);
});

/**
 * Replaces `crypto.subtle.generateKey` with `stand_in` while `fn` runs, as a
 * polyfill, a test double or instrumentation would.
 */
async function withGenerateKey(
  stand_in: (
    original: SubtleCrypto["generateKey"],
    ...args: Parameters<SubtleCrypto["generateKey"]>
  ) => unknown,
  fn: () => Promise<void>,
): Promise<void> {
  const subtle = crypto.subtle;
  const original = subtle.generateKey.bind(subtle);
  Object.defineProperty(subtle, "generateKey", {
    value: (...args: Parameters<SubtleCrypto["generateKey"]>) =>
      stand_in(original, ...args),
    configurable: true,
    writable: true,
  });
  try {
    await fn();
  } finally {
    delete (subtle as { generateKey?: unknown }).generateKey;
  }
  assertStrictEquals(
    Object.hasOwn(subtle, "generateKey"),
    false,
    "the stand-in is gone",
  );
}

/** What a wrapper may edit of the algorithm it is given. */
type Params = { name: string; length?: number; hash?: string };
type KeyArgs = [algorithm: Params, usages: KeyUsage[]];
const MUTATIONS: [string, (...args: KeyArgs) => void][] = [
  ["sets algorithm.length = 8", (algorithm) => algorithm.length = 8],
  ['sets algorithm.hash = "SHA-1"', (algorithm) => algorithm.hash = "SHA-1"],
  [
    'sets algorithm.name = "AES-CTR"',
    (algorithm) => algorithm.name = "AES-CTR",
  ],
  [
    'pushes "deriveBits" on the usages',
    (_, usages) => usages.push("deriveBits"),
  ],
  ["pops a usage", (_, usages) => usages.pop()],
  ["splices the usages empty", (_, usages) => usages.splice(0)],
];

for (const [what, mutate] of MUTATIONS) {
  Deno.test(`generateSecret() keeps later keys as RFC 7518 says after a generateKey() wrapper ${what}`, async () => {
    for (const [alg, algorithm, usages] of KEY_CASES) {
      await withGenerateKey((original, ...args) => {
        mutate(args[0] as Params, args[2] as KeyUsage[]);
        // Whatever WebCrypto makes of the edited call is that call's own.
        return original(...args);
      }, () => generateSecret(alg).then(() => {}, () => {}));
      // The wrapper is gone: the next key is checked field by field.
      const key = await generateSecret(alg, { extractable: true });
      assertEquals(key.type, "secret", alg);
      assertEquals(key.algorithm, algorithm, alg);
      assertEquals(key.usages.toSorted(), usages, alg);
      assertEquals((await rawBytes(key)).length, algorithm.length / 8, alg);
    }
  });
}

Deno.test("generateSecret() passes generateKey() fresh arguments on every call", async () => {
  const seen: unknown[] = [];
  await withGenerateKey((original, ...args) => {
    seen.push(args[0], args[2]);
    return original(...args);
  }, async () => {
    await generateSecret("HS256");
    await generateSecret("HS256");
  });
  const [algorithm1, usages1, algorithm2, usages2] = seen;
  assertEquals(algorithm1, { name: "HMAC", hash: "SHA-256", length: 256 });
  assertEquals(usages1, ["sign", "verify"]);
  assertNotEquals(algorithm1, undefined);
  assert(algorithm1 !== algorithm2, "a new algorithm object each call");
  assert(usages1 !== usages2, "a new usages array each call");
});

Deno.test("generateSecret() returns WebCrypto's own promise, adding no tick", async () => {
  const made: Promise<unknown>[] = [];
  await withGenerateKey((original, ...args) => {
    const promise = original(...args);
    made.push(promise);
    return promise;
  }, async () => {
    const promise = generateSecret("A128GCM");
    assertStrictEquals(promise, made[0]);
    await promise;
  });
});

/** Checks that `value` is a promise made by this realm's `Promise`. */
function assertNativePromise(
  value: unknown,
): asserts value is Promise<unknown> {
  assertInstanceOf(value, Promise);
  assertStrictEquals(Object.getPrototypeOf(value), Promise.prototype);
}

Deno.test("generateSecret() returns a native promise of a plain value from a replaced generateKey()", async () => {
  await withGenerateKey(() => "a plain value", async () => {
    const promise = generateSecret("HS256");
    assertNativePromise(promise);
    assertEquals(await promise, "a plain value");
  });
});

Deno.test("generateSecret() returns a native promise that follows a thenable from a replaced generateKey()", async () => {
  const thenable = {
    then(resolve: (value: string) => void) {
      resolve("from a thenable");
    },
  };
  await withGenerateKey(() => thenable, async () => {
    const promise = generateSecret("A256KW");
    assertNativePromise(promise);
    assertEquals(await promise, "from a thenable");
  });
});

Deno.test("generateSecret() returns a native promise for a promise subclass from a replaced generateKey()", async () => {
  class OtherPromise<T> extends Promise<T> {}
  await withGenerateKey(() => OtherPromise.resolve("subclassed"), async () => {
    const promise = generateSecret("A192GCMKW");
    assertNativePromise(promise);
    assertEquals(await promise, "subclassed");
  });
});

Deno.test("generateSecret() rejects, not throws, when a replaced generateKey() throws", async () => {
  const failure = new RangeError("generateKey failed");
  await withGenerateKey(() => {
    throw failure;
  }, async () => {
    let promise: Promise<unknown> | undefined;
    try {
      promise = generateSecret("HS384");
    } catch (error) {
      throw new Error(`threw synchronously: ${error}`);
    }
    assertNativePromise(promise);
    assertStrictEquals(await promise.catch((error) => error), failure);
  });
});

Deno.test("generateSecret() returns a native promise for CBC-HS bytes", async () => {
  const promise = generateSecret("A128CBC-HS256");
  assertNativePromise(promise);
  assertEquals((await promise).length, 32);
});

Deno.test("@x/jose, @x/jose/generate/secret and @x/jose/key/generate/secret export the same", () => {
  for (const entry of [generateSubpath, keySubpath]) {
    assertEquals(Object.keys(entry).toSorted(), Object.keys(main).toSorted());
    assertStrictEquals(entry.generateSecret, main.generateSecret);
    assertStrictEquals(entry.JOSENotSupported, main.JOSENotSupported);
    assertStrictEquals(entry.SECRET_ALGS, main.SECRET_ALGS);
  }
  assertEquals(Object.keys(main).toSorted(), [
    "JOSENotSupported",
    "SECRET_ALGS",
    "generateSecret",
  ]);
});

Deno.test("every name jose/key/generate/secret exports has a compatible meaning here", async () => {
  // GenerateSecretAlgorithm: the identifiers and any other string, as jose's
  // (leaving out those jose lacks).
  assertType<
    Equals<
      Exclude<GenerateSecretAlgorithm, typeof JOSE_LACKS[number]>,
      joseEntry.GenerateSecretAlgorithm
    >
  >(true);
  assertType<Equals<keyof GenerateSecretOptions, "extractable">>(true);
  assertType<
    Equals<keyof joseEntry.GenerateSecretOptions, keyof GenerateSecretOptions>
  >(true);
  const ids: GenerateSecretAlgorithm[] = [...SECRET_ALGS, "RS256", ""];
  assertEquals(ids.slice(-2), ["RS256", ""]);
  // @ts-expect-error not a string
  const _notAnId: GenerateSecretAlgorithm = 256;
  // Options written for jose's generateSecret() are ours. (Ours also take
  // an explicit `extractable: undefined`, as the default.)
  const joseOptions: joseEntry.GenerateSecretOptions = { extractable: true };
  const ours: GenerateSecretOptions = joseOptions;
  assertEquals(ours, { extractable: true });
  // GeneratedSecret: what each kind of identifier gives fits jose's type.
  const key: joseEntry.GeneratedSecret<"HS256"> = await generateSecret("HS256");
  const cbc = "A128CBC-HS256";
  const bytes: joseEntry.GeneratedSecret<typeof cbc> = await generateSecret(
    cbc,
  );
  const alg: string = "A256GCM";
  const either: joseEntry.GeneratedSecret<string> = await generateSecret(alg);
  assert(key && bytes && either);
  // A CryptoKey where jose says CryptoKey; bytes that fit jose's Uint8Array.
  // (For a literal neither supports, such as "RS256", jose says CryptoKey and
  // ours either one: the promise rejects, so no working code relies on it.)
  assertType<
    Equals<GeneratedSecret<"A256KW">, joseEntry.GeneratedSecret<"A256KW">>
  >(true);
});
