// Copyright 2026 the @x/jose authors. MIT license.
/**
 * A key ring in Deno KV that a whole fleet shares and rotates: every
 * instance of an app (Deno Deploy isolates, several servers, one laptop)
 * gets the same current key to sign or encrypt with, keeps the previous ones
 * to verify or decrypt with, and a new key is made once per period, exactly
 * once across the fleet, by whichever instance needs it first.
 *
 * The ring is one KV entry, `["@x/jose", "keyring", name]`, holding the whole
 * JWK Set, so that every change is one atomic compare-and-set. With a `kek`
 * the entry is an encrypted JWK Set (a JWE, `A256KW` with `A256GCM`) and no
 * secret is in KV in the clear. It takes any store with Deno KV's `get()` and
 * `atomic()`: `Deno.openKv()` on Deno and Deno Deploy (`--unstable-kv` on
 * Deno 2.9), or `openKv()` from the npm package `@deno/kv` on Node.js and
 * Bun.
 *
 * Rotation is staged: once the current key is older than `rotateAfter` less
 * `refresh`, the next key is added with its start time (`nbf`) at the end of
 * the current key's period, so every instance, rereading the entry at least
 * every `refresh`, holds it before anyone signs with it. `keep` counts the
 * keys that have started, the current one included: with `keep: 2`, tokens
 * made with last period's key verify through this period. Between rereads,
 * `current()` and `getKey` answer from memory.
 *
 * With Deno's own KV a ring also watches its entry, so that a change made
 * through the same store (an isolate on Deno Deploy, another ring in the
 * process) reaches it at once; a watch keeps Deno running, so a script ends
 * with `close()`, or opens the ring with `using`. On Node.js:
 *
 * ```ts ignore
 * import { openKv } from "@deno/kv"; // npm
 * const ring = await openKeyRing(await openKv("kv.sqlite"), options);
 * ```
 *
 * Bun's `node:v8` writes JavaScriptCore's format, which `@deno/kv` refuses:
 * give it a codec, `openKv(path, { encodeV8, decodeV8 })` (JSON will do for a
 * file only Bun opens).
 *
 * @example Sign and verify JWTs with a ring
 * ```ts
 * import { openKeyRing } from "@x/jose/keyring";
 * import { jwtVerify, SignJWT } from "npm:jose@6.2.18";
 * import { assertEquals } from "@std/assert";
 *
 * using kv = await Deno.openKv(":memory:");
 * using ring = await openKeyRing(kv, {
 *   name: "session",
 *   alg: "HS256",
 *   rotateAfter: 30 * 86_400_000, // a new key every 30 days
 * });
 *
 * const { kid, key } = await ring.current();
 * const token = await new SignJWT({ sub: "ada" })
 *   .setProtectedHeader({ alg: "HS256", kid })
 *   .sign(key);
 * const { payload } = await jwtVerify(token, ring.getKey);
 * assertEquals(payload.sub, "ada");
 * ```
 *
 * @module
 */
import { decryptJwkSet, encryptJwkSet, JweError } from "./encrypted_jwk_set.ts";
import { decodeBase64Url, encodeBase64Url, thumbprint } from "./format.ts";
import {
  type GeneratedSecret,
  generateSecret,
  JOSENotSupported,
  SECRET_ALGS,
  type SecretAlg,
} from "./generate_secret.ts";
import { quote } from "./input.ts";

// The identifiers and the key types a ring's types name, for this entry's
// users and docs.
export type {
  CbcHsAlg,
  CryptoKeyAlg,
  GeneratedSecret,
  SecretAlg,
} from "./generate_secret.ts";

/** A KV key, as the ring writes it. */
export type KeyRingKvKey = readonly string[];

/** An atomic operation: the part of Deno KV's that a ring uses. */
export interface KeyRingAtomic {
  /** Makes the commit fail where an entry's versionstamp has changed. */
  check(
    ...checks: { key: KeyRingKvKey; versionstamp: string | null }[]
  ): KeyRingAtomic;
  /** Sets an entry. */
  set(key: KeyRingKvKey, value: unknown): KeyRingAtomic;
  /** Commits, or fails the check: `ok` says which. */
  commit(): Promise<{ ok: true; versionstamp: string } | { ok: false }>;
}

/**
 * The part of Deno KV a ring uses: a `Deno.Kv` from `Deno.openKv()`, or the
 * `Kv` of the npm package `@deno/kv`.
 */
export interface KeyRingKv {
  /** Reads an entry. */
  get(
    key: KeyRingKvKey,
  ): Promise<{ value: unknown; versionstamp: string | null }>;
  /** Starts an atomic operation. */
  atomic(): KeyRingAtomic;
  /**
   * Streams an entry's changes: with Deno's own KV a ring watches its entry
   * and rereads as soon as another instance changes it.
   */
  watch?(
    keys: readonly KeyRingKvKey[],
  ): ReadableStream<readonly { versionstamp: string | null }[]>;
}

/** What opens a ring; see {@linkcode openKeyRing}. */
export interface KeyRingOptions<Alg extends SecretAlg = SecretAlg> {
  /** The ring's name: its KV key is `["@x/jose", "keyring", name]`. */
  name: string;
  /** The JWA identifier of its keys: any of `SECRET_ALGS`. */
  alg: Alg;
  /**
   * How long each key is current, in ms, a whole number of seconds: then the
   * next one takes over.
   */
  rotateAfter: number;
  /** How many started keys are kept, the current one included: 1 to 100. */
  keep?: number;
  /**
   * A 256-bit AES-KW key (what `generateSecret("A256KW")` gives, with the
   * `wrapKey` and `unwrapKey` usages): the entry is then an encrypted JWK
   * Set, and no secret is in KV in the clear.
   */
  kek?: CryptoKey;
  /**
   * How long, in ms, an instance answers from its copy of the entry before
   * it reads it again; less than `rotateAfter`. By default the smaller of
   * 60,000 and `rotateAfter / 4`.
   */
  refresh?: number;
  /** The clock, in ms since the epoch: `Date.now` by default. */
  now?: () => number;
}

/** A key of the ring, to sign, verify, encrypt or decrypt with. */
export interface KeyRingKey<Alg extends SecretAlg = SecretAlg> {
  /** Its id: the RFC 7638 thumbprint of the key. */
  readonly kid: string;
  /** The JWA identifier it is for. */
  readonly alg: Alg;
  /** The key: a non-extractable CryptoKey, or bytes for CBC-HS. */
  readonly key: GeneratedSecret<Alg>;
  /** When it was made, in ms since the epoch (whole seconds). */
  readonly created: number;
}

/** A key as {@linkcode KeyRing.list} shows it: never its material. */
export interface KeyRingEntry<Alg extends SecretAlg = SecretAlg> {
  /** Its id: the RFC 7638 thumbprint of the key. */
  kid: string;
  /** The JWA identifier it is for. */
  alg: Alg;
  /** When it was made, in ms since the epoch. */
  created: number;
  /** When it starts (or started) to sign or encrypt, in ms since the epoch. */
  nbf: number;
  /** Whether it is the key to sign or encrypt with now. */
  current: boolean;
}

/** The members of a JWS or JWE protected header that pick a ring's key. */
export interface KeyRingHeader {
  /** The token's `alg`. */
  alg?: string;
  /** The token's `enc`, for a JWE. */
  enc?: string;
  /** The id of the key the token names. */
  kid?: string;
}

/** A key ring; see {@linkcode openKeyRing}. */
export interface KeyRing<Alg extends SecretAlg = SecretAlg> {
  /**
   * The key to sign or encrypt with now. Makes the first key of an empty
   * ring, and stages the next key when the current one nears its end.
   */
  current(): Promise<KeyRingKey<Alg>>;
  /** The kept key with this `kid` (a pending one too), or `undefined`. */
  find(kid: string): Promise<KeyRingKey<Alg> | undefined>;
  /**
   * The key a token's protected header names, for jose's `jwtVerify()`,
   * `compactVerify()` and `compactDecrypt()`; rejects with
   * {@linkcode JWKSNoMatchingKey} where there is none.
   */
  readonly getKey: (
    protectedHeader: KeyRingHeader,
  ) => Promise<GeneratedSecret<Alg>>;
  /** Makes a new key current now, unstaged (after a leak, say). */
  rotate(): Promise<KeyRingKey<Alg>>;
  /**
   * Drops a key from every instance; `false` where the ring has no such
   * key. The current key cannot be removed: rotate first.
   */
  remove(kid: string): Promise<boolean>;
  /** The kept keys, newest first, without their material. */
  list(): Promise<KeyRingEntry<Alg>[]>;
  /**
   * Stops watching the entry (the KV store stays open). Deno keeps running
   * while a watch is open: close a ring a script is done with, or open it
   * with `using`.
   */
  close(): void;
  /** The same as {@linkcode KeyRing.close}, for `using`. */
  [Symbol.dispose](): void;
}

/**
 * A ring that cannot be used: its entry is not a JWK Set of its keys, a
 * `kek` does not open it, the current key was to be removed, or KV kept
 * failing.
 *
 * @example
 * ```ts
 * import { KeyRingError, openKeyRing } from "@x/jose/keyring";
 * import { assertRejects } from "@std/assert";
 *
 * using kv = await Deno.openKv(":memory:");
 * await kv.set(["@x/jose", "keyring", "session"], "not a key set");
 * await assertRejects(
 *   () => openKeyRing(kv, { name: "session", alg: "HS256", rotateAfter: 3_600_000 }),
 *   KeyRingError,
 * );
 * ```
 */
export class KeyRingError extends Error {
  /**
   * The error name: always `"KeyRingError"`, written out so that minified
   * code keeps it.
   */
  override readonly name: "KeyRingError" = "KeyRingError";
}

/**
 * No key of the ring fits a token: its `kid` is unknown or its `alg` is not
 * the ring's. Its `code` is jose's, so code written for jose's key sets
 * keeps working.
 *
 * @example
 * ```ts
 * import { JWKSNoMatchingKey, openKeyRing } from "@x/jose/keyring";
 * import { assertEquals, assertRejects } from "@std/assert";
 *
 * using kv = await Deno.openKv(":memory:");
 * using ring = await openKeyRing(kv, { name: "api", alg: "HS256", rotateAfter: 3_600_000 });
 * const error = await assertRejects(
 *   () => ring.getKey({ alg: "HS256", kid: "nope" }),
 *   JWKSNoMatchingKey,
 * );
 * assertEquals(error.code, "ERR_JWKS_NO_MATCHING_KEY");
 * ```
 */
export class JWKSNoMatchingKey extends Error {
  /** The error code: always `"ERR_JWKS_NO_MATCHING_KEY"`, as jose's. */
  readonly code: "ERR_JWKS_NO_MATCHING_KEY" = "ERR_JWKS_NO_MATCHING_KEY";
  /** The error name: always `"JWKSNoMatchingKey"`, as jose's. */
  override readonly name: "JWKSNoMatchingKey" = "JWKSNoMatchingKey";
}

/** The most keys a ring keeps. */
const MAX_KEEP = 100;
/** How often an unknown `kid` may make an instance reread the entry. */
const UNKNOWN_KID_MS = 1_000;
/** How many unknown `kid`s are remembered for that. */
const UNKNOWN_KIDS = 1_024;
/** How many times a change is tried against a store that fails or races. */
const ATTEMPTS = 8;
/** How long after a staging that failed the next is tried. */
const STAGE_RETRY_MS = 1_000;
/** A ring's `kid`: an RFC 7638 thumbprint, SHA-256 in base64url. */
const THUMBPRINT = /^[\w-]{43}$/;

/** A key as the ring holds it: the stored members and the usable key. */
interface Held {
  kid: string;
  k: string;
  /** Made at, in seconds, as stored. */
  iat: number;
  /** Starts at, in seconds, as stored. */
  nbf: number;
  /** What `current()` and `find()` give, made once. */
  result: KeyRingKey;
}

/** The instance's copy of the entry. */
interface Copy {
  versionstamp: string | null;
  /** Newest start first. */
  keys: Held[];
  /** When it was read or written, by the ring's clock. */
  at: number;
}

/** The started and pending keys of a copy, from one time to another. */
interface View {
  current: Held | undefined;
  /** Keys whose start is still to come: at most one, but for clock skew. */
  pending: Held[];
  /** The kept started keys, newest first, the current one first. */
  started: Held[];
  /** The pending and kept started keys by kid. */
  kept: Map<string, Held>;
  /** The copy it is of, and the times it holds for: from ≤ now < until. */
  copy: Copy;
  from: number;
  until: number;
}

/** The WebCrypto import of a CryptoKey identifier's raw key. */
function importParams(
  alg: SecretAlg,
): [AlgorithmIdentifier | HmacImportParams, KeyUsage[]] | undefined {
  if (alg.startsWith("HS")) {
    return [{ name: "HMAC", hash: `SHA-${alg.slice(2)}` }, ["sign", "verify"]];
  }
  if (alg.endsWith("GCMKW") || alg.endsWith("GCM")) {
    return [{ name: "AES-GCM" }, ["encrypt", "decrypt"]];
  }
  if (alg.endsWith("KW")) return [{ name: "AES-KW" }, ["wrapKey", "unwrapKey"]];
  return undefined; // CBC-HS: bytes
}

/** The length of an identifier's key in bytes (RFC 7518). */
function keyBytes(alg: SecretAlg): number {
  const bits = Number(alg.match(/\d+/)![0]);
  // HS256: 256 bits; A128…: 128 bits; A128CBC-HS256: twice 128 bits.
  return alg.startsWith("HS")
    ? bits / 8
    : alg.includes("CBC")
    ? bits / 4
    : bits / 8;
}

/** Whether a header is the ring's: its `alg`, or `dir` with its `enc`. */
function fits(alg: SecretAlg, header: KeyRingHeader): boolean {
  const content = alg.endsWith("GCM") || alg.includes("CBC");
  return content
    ? header.alg === "dir" && header.enc === alg
    : header.alg === alg;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isTime(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 0;
}

/**
 * Opens the key ring `options.name` in `kv`, reading its entry once; the
 * ring makes its first key on the first {@linkcode KeyRing.current} call.
 *
 * @typeParam Alg The ring's identifier; it decides the keys' type.
 * @param kv A Deno KV store: `await Deno.openKv()`, or `@deno/kv`'s.
 * @param options The ring's name, identifier, period and the rest; see
 * {@linkcode KeyRingOptions}.
 * @returns The ring.
 * @throws {TypeError} (as a rejection, before KV is touched) for a `kv`
 * without `get()` and `atomic()`, or an option of the wrong type or range.
 * @throws {JOSENotSupported} (as a rejection) for an `alg` that is not one of
 * `SECRET_ALGS`.
 * @throws {KeyRingError} (as a rejection) where the entry is not a JWK Set of
 * the ring's keys, or the `kek` does not open it.
 *
 * @example Encrypt the keys at rest with a kek
 * ```ts
 * import { openKeyRing } from "@x/jose/keyring";
 * import { generateSecret } from "@x/jose";
 * import { assertEquals } from "@std/assert";
 *
 * using kv = await Deno.openKv(":memory:");
 * const kek = await generateSecret("A256KW");
 * using ring = await openKeyRing(kv, {
 *   name: "content",
 *   alg: "A256GCM",
 *   rotateAfter: 7 * 86_400_000,
 *   keep: 3,
 *   kek,
 * });
 * const { kid } = await ring.current();
 * const { value } = await kv.get(["@x/jose", "keyring", "content"]);
 * assertEquals(typeof value, "string"); // a JWE, no key in the clear
 * assertEquals((await ring.list()).map((key) => key.kid), [kid]);
 * ```
 */
export function openKeyRing<Alg extends SecretAlg>(
  kv: KeyRingKv,
  options: KeyRingOptions<Alg>,
): Promise<KeyRing<Alg>> {
  try {
    const ring = new Ring(kv, options);
    return ring.open() as Promise<KeyRing<Alg>>;
  } catch (error) {
    return Promise.reject(error);
  }
}

/** Checks every option, throwing before anything touches KV. */
function checked(kv: KeyRingKv, options: KeyRingOptions) {
  if (
    typeof kv?.get !== "function" || typeof kv?.atomic !== "function"
  ) {
    throw new TypeError("kv must be a Deno KV store, with get() and atomic()");
  }
  if (!isObject(options)) throw new TypeError("options must be an object");
  const { name, alg, rotateAfter, keep = 2, kek, now = Date.now } = options;
  if (typeof name !== "string" || name === "") {
    throw new TypeError('"name" option must be a non-empty string');
  }
  if (!(SECRET_ALGS as readonly unknown[]).includes(alg)) {
    throw new JOSENotSupported(
      'Invalid or unsupported "alg" (Algorithm) value',
    );
  }
  if (
    typeof rotateAfter !== "number" || !Number.isSafeInteger(rotateAfter) ||
    rotateAfter <= 0 || rotateAfter % 1_000 !== 0
  ) {
    throw new TypeError(
      '"rotateAfter" option must be a positive whole number of seconds, in ms',
    );
  }
  const refresh = options.refresh ?? Math.min(60_000, rotateAfter / 4);
  if (
    typeof refresh !== "number" || !Number.isFinite(refresh) || refresh <= 0 ||
    refresh >= rotateAfter
  ) {
    throw new TypeError(
      '"refresh" option must be a positive number of ms below "rotateAfter"',
    );
  }
  if (!Number.isInteger(keep) || keep < 1 || keep > MAX_KEEP) {
    throw new TypeError(
      `"keep" option must be a whole number from 1 to ${MAX_KEEP}`,
    );
  }
  if (kek !== undefined) {
    const algorithm = kek instanceof CryptoKey
      ? kek.algorithm as AesKeyAlgorithm
      : undefined;
    if (
      algorithm?.name !== "AES-KW" || algorithm.length !== 256 ||
      !kek.usages.includes("wrapKey") || !kek.usages.includes("unwrapKey")
    ) {
      throw new TypeError(
        '"kek" option must be a 256-bit AES-KW CryptoKey with the wrapKey and unwrapKey usages',
      );
    }
  }
  if (typeof now !== "function") {
    throw new TypeError('"now" option must be a function');
  }
  return { name, alg, rotateAfter, refresh, keep, kek, now };
}

/** The ring: its copy of the entry, and the changes it commits. */
class Ring {
  readonly #kv: KeyRingKv;
  readonly #key: KeyRingKvKey;
  readonly #name: string;
  readonly #alg: SecretAlg;
  readonly #rotateAfter: number;
  readonly #refresh: number;
  readonly #keep: number;
  readonly #kek: CryptoKey | undefined;
  readonly #now: () => number;
  #copy: Copy | undefined;
  #reading: Promise<Copy> | undefined;
  #staging: Promise<unknown> | undefined;
  #changes: Promise<unknown> = Promise.resolve();
  readonly #unknown = new Map<string, number>();
  #watch: ReadableStreamDefaultReader<unknown> | undefined;
  #cached: View | undefined;
  /** Until when staging waits, after one failed. */
  #stageAfter = -Infinity;

  constructor(kv: KeyRingKv, options: KeyRingOptions) {
    const { name, alg, rotateAfter, refresh, keep, kek, now } = checked(
      kv,
      options,
    );
    this.#kv = kv;
    this.#key = ["@x/jose", "keyring", name];
    this.#name = name;
    this.#alg = alg;
    this.#rotateAfter = rotateAfter;
    this.#refresh = refresh;
    this.#keep = keep;
    this.#kek = kek;
    this.#now = now;
  }

  async open(): Promise<KeyRing> {
    await this.#reread();
    this.#startWatch();
    return {
      current: () => this.#current(),
      find: (kid) => this.#find(kid),
      getKey: (header) => this.#getKey(header),
      rotate: () => this.#change((copy, now) => this.#rotated(copy, now)),
      remove: (kid) => this.#remove(kid),
      list: () => this.#list(),
      close: () => this.#close(),
      [Symbol.dispose]: () => this.#close(),
    };
  }

  /** Errors name the ring. */
  #error(what: string): KeyRingError {
    return new KeyRingError(`key ring ${quote(this.#name)}: ${what}`);
  }

  // --- the copy ---------------------------------------------------------

  /** The copy, reread where it is older than `refresh`. */
  #fresh(): Promise<Copy> | Copy {
    const copy = this.#copy;
    if (copy !== undefined && this.#now() - copy.at < this.#refresh) {
      return copy;
    }
    return this.#reread();
  }

  /** Reads the entry again: one read, shared by every call waiting on it. */
  #reread(): Promise<Copy> {
    return this.#reading ??= this.#read().finally(() => {
      this.#reading = undefined;
    });
  }

  async #read(): Promise<Copy> {
    const at = this.#now();
    const { value, versionstamp } = await this.#kv.get(this.#key);
    const keys = value === null || value === undefined
      ? []
      : await this.#parse(value);
    // A commit of this instance's that landed while the read was on its way
    // is newer: keep it (versionstamps of one store sort as they were made).
    const newer = this.#copy?.versionstamp;
    if (newer && versionstamp && newer > versionstamp) return this.#copy!;
    const copy = { versionstamp, keys, at };
    this.#copy = copy;
    return copy;
  }

  /** The entry's keys, checked; a key held already is not imported again. */
  async #parse(value: unknown): Promise<Held[]> {
    let set: unknown = value;
    if (this.#kek !== undefined) {
      if (typeof value !== "string") {
        throw this.#error("its entry is not encrypted, but a kek was given");
      }
      try {
        set = JSON.parse(await decryptJwkSet(value, this.#kek));
      } catch (error) {
        const why = error instanceof JweError ? error.message : "not JSON";
        throw this.#error(`its entry cannot be opened: ${why}`);
      }
    } else if (typeof value === "string") {
      throw this.#error(
        "its entry is encrypted: give the kek it was made with",
      );
    }
    if (!isObject(set) || !Array.isArray(set["keys"])) {
      throw this.#error("its entry is not a JWK Set");
    }
    const held = new Map(this.#copy?.keys.map((key) => [key.kid, key]));
    const keys: Held[] = [];
    for (const [index, jwk] of set["keys"].entries()) {
      const wrong = (what: string) =>
        this.#error(`key ${index + 1} of its entry ${what}`);
      if (!isObject(jwk)) throw wrong("is not a JWK");
      const { kty, kid, alg, k, iat, nbf } = jwk;
      if (kty !== "oct") throw wrong("is not a symmetric key");
      if (alg !== this.#alg) {
        throw wrong(`is for ${quote(String(alg))}, not ${this.#alg}`);
      }
      if (!isTime(iat) || !isTime(nbf)) throw wrong("has no iat or nbf");
      if (typeof kid !== "string" || typeof k !== "string") {
        throw wrong("has no kid or k");
      }
      const known = held.get(kid);
      if (known?.k === k) {
        keys.push({ ...known, iat, nbf });
        continue;
      }
      const bytes = decodeBase64Url(k);
      if (bytes?.length !== keyBytes(this.#alg)) {
        throw wrong(`has a k that is not ${keyBytes(this.#alg)} bytes`);
      }
      if (kid !== await thumbprint(k)) {
        throw wrong("has a kid that is not its thumbprint");
      }
      keys.push(await this.#held(kid, k, bytes, iat, nbf));
    }
    return keys.sort((a, b) => b.nbf - a.nbf);
  }

  /** A key as held, its CryptoKey imported once, not extractable. */
  async #held(
    kid: string,
    k: string,
    bytes: Uint8Array<ArrayBuffer>,
    iat: number,
    nbf: number,
  ): Promise<Held> {
    const params = importParams(this.#alg);
    const key = params
      ? await crypto.subtle.importKey("raw", bytes, params[0], false, params[1])
      : bytes;
    const result = Object.freeze({
      kid,
      alg: this.#alg,
      key,
      created: iat * 1000,
    });
    return { kid, k, iat, nbf, result };
  }

  /**
   * Which keys are current, pending and kept at `now`. Made once per copy
   * and per stretch between two key starts, so that a request's key costs
   * no allocation.
   */
  #view(copy: Copy, now: number): View {
    const cached = this.#cached;
    if (
      cached !== undefined && cached.copy === copy && cached.from <= now &&
      now < cached.until
    ) return cached;
    const pending = copy.keys.filter((key) => key.nbf * 1000 > now);
    const started = copy.keys.filter((key) => key.nbf * 1000 <= now)
      .slice(0, this.#keep);
    const view = {
      // With no started key (a clock behind the rest), the first pending one.
      current: started[0] ?? pending.at(-1),
      pending,
      started,
      kept: new Map([...pending, ...started].map((key) => [key.kid, key])),
      copy,
      // It holds until a pending key starts, and from the last start on.
      from: started.length > 0 ? started[0]!.nbf * 1000 : -Infinity,
      until: Math.min(...pending.map((key) => key.nbf * 1000)),
    };
    this.#cached = view;
    return view;
  }

  // --- changes ----------------------------------------------------------

  /**
   * Commits what `next` makes of the entry, one change at a time in this
   * instance, each checked against the entry's versionstamp: where another
   * instance changed it first, or the store threw ("database is locked"),
   * it rereads and decides again, a few times at most. `next` returning
   * `undefined` means there is nothing to change.
   */
  #change<T>(
    next: (
      copy: Copy,
      now: number,
    ) => Promise<[Held[], T] | T> | [Held[], T] | T,
  ): Promise<T> {
    const run = this.#changes.then(() => this.#commit(next));
    this.#changes = run.catch(() => {});
    return run;
  }

  async #commit<T>(
    next: (
      copy: Copy,
      now: number,
    ) => Promise<[Held[], T] | T> | [Held[], T] | T,
  ): Promise<T> {
    let copy = await this.#fresh();
    let failure: unknown;
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const now = this.#now();
      const decided = await next(copy, now);
      if (!Array.isArray(decided)) return decided;
      const [keys, result] = decided;
      try {
        const value = await this.#value(keys);
        const committed = await this.#kv.atomic()
          .check({ key: this.#key, versionstamp: copy.versionstamp })
          .set(this.#key, value)
          .commit();
        if (committed.ok) {
          this.#copy = { versionstamp: committed.versionstamp, keys, at: now };
          return result;
        }
      } catch (error) {
        failure = error;
        // Back off a little, differently in each instance.
        await new Promise((resolve) =>
          setTimeout(resolve, Math.random() * 10 * (attempt + 1))
        );
      }
      copy = await this.#reread();
    }
    throw this.#error(
      failure === undefined
        ? `the entry kept changing: ${ATTEMPTS} tries failed`
        : `KV failed ${ATTEMPTS} times: ${(failure as Error)?.message}`,
    );
  }

  /** The entry's value for `keys`: a JWK Set, encrypted with a kek. */
  async #value(keys: Held[]): Promise<unknown> {
    const set = {
      keys: keys.map(({ kid, k, iat, nbf }) => ({
        kty: "oct",
        kid,
        alg: this.#alg,
        k,
        iat,
        nbf,
      })),
    };
    return this.#kek === undefined
      ? set
      : await encryptJwkSet(JSON.stringify(set), this.#kek);
  }

  /** A fresh key, made now, starting at `nbf` (seconds). */
  async #made(now: number, nbf: number): Promise<Held> {
    const secret = await generateSecret(this.#alg, { extractable: true });
    const bytes = secret instanceof Uint8Array
      ? secret
      : new Uint8Array(await crypto.subtle.exportKey("raw", secret));
    const k = encodeBase64Url(bytes);
    return await this.#held(
      await thumbprint(k),
      k,
      bytes,
      Math.floor(now / 1000),
      nbf,
    );
  }

  /** The entry with the next key staged, where it is time to. */
  async #staged(copy: Copy, now: number): Promise<[Held[], void] | void> {
    const { current, pending, started } = this.#view(copy, now);
    const second = Math.floor(now / 1000);
    if (current === undefined) {
      return [[await this.#made(now, second)], undefined];
    }
    const end = current.nbf * 1000 + this.#rotateAfter;
    if (pending.length > 0 || now < end - this.#refresh) return;
    const nbf = Math.max(end / 1000, second);
    // A key that starts now leaves room for keep - 1 started ones.
    const kept = nbf <= second ? started.slice(0, this.#keep - 1) : started;
    return [[await this.#made(now, nbf), ...kept], undefined];
  }

  /** The entry with a new key current now, the pending one dropped. */
  async #rotated(copy: Copy, now: number): Promise<[Held[], KeyRingKey]> {
    const { started } = this.#view(copy, now);
    const key = await this.#made(now, Math.floor(now / 1000));
    return [[key, ...started.slice(0, this.#keep - 1)], key.result];
  }

  // --- the methods --------------------------------------------------------

  /**
   * The current key: from memory, with no await, while the copy is fresh
   * and no key is due to be staged.
   */
  #current(): Promise<KeyRingKey> {
    try {
      const copy = this.#copy;
      const now = this.#now();
      if (copy !== undefined && now - copy.at < this.#refresh) {
        const ready = this.#ready(copy, now);
        if (ready !== undefined) return Promise.resolve(ready.result);
      }
    } catch (error) {
      return Promise.reject(error);
    }
    return this.#currentAfterChanges();
  }

  /** The current key of `copy`, unless a key is to be made first. */
  #ready(copy: Copy, now: number): Held | undefined {
    const { current, pending } = this.#view(copy, now);
    return current !== undefined &&
        (pending.length > 0 || now < this.#stageAfter ||
          now < current.nbf * 1000 + this.#rotateAfter - this.#refresh)
      ? current
      : undefined;
  }

  async #currentAfterChanges(): Promise<KeyRingKey> {
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const ready = this.#ready(await this.#fresh(), this.#now());
      if (ready !== undefined) return ready.result;
      // Every call waiting here shares one change.
      try {
        await (this.#staging ??= this.#change((copy, now) =>
          this.#staged(copy, now)
        ).finally(() => {
          this.#staging = undefined;
        }));
      } catch (error) {
        // The key already committed still signs while KV fails; staging is
        // tried again a second later, not by every call.
        const now = this.#now();
        const current = this.#copy && this.#view(this.#copy, now).current;
        if (current === undefined || !(error instanceof KeyRingError)) {
          throw error;
        }
        this.#stageAfter = now + STAGE_RETRY_MS;
        return current.result;
      }
    }
    throw this.#error(`no current key after ${ATTEMPTS} tries`);
  }

  #lookup(copy: Copy, kid: string): Held | undefined {
    return this.#view(copy, this.#now()).kept.get(kid);
  }

  async #find(kid: string): Promise<KeyRingKey | undefined> {
    if (typeof kid !== "string") return undefined;
    const found = this.#lookup(await this.#fresh(), kid);
    if (found !== undefined || !THUMBPRINT.test(kid)) return found?.result;
    // A key another instance made a moment ago: reread, once a second at
    // most for the same kid.
    const now = this.#now();
    const last = this.#unknown.get(kid);
    if (last !== undefined && now - last < UNKNOWN_KID_MS) return undefined;
    if (this.#unknown.size >= UNKNOWN_KIDS) this.#unknown.clear();
    this.#unknown.set(kid, now);
    return this.#lookup(await this.#reread(), kid)?.result;
  }

  /** The key a header names: from memory, with no await, where it can. */
  #getKey(header: KeyRingHeader): Promise<GeneratedSecret<SecretAlg>> {
    try {
      if (!isObject(header) || !fits(this.#alg, header)) {
        const { alg, enc } = isObject(header) ? header : {};
        throw new JWKSNoMatchingKey(
          `key ring ${
            quote(this.#name)
          } holds ${this.#alg} keys, not keys for ${
            alg === "dir"
              ? `dir with enc ${quote(String(enc))}`
              : quote(String(alg))
          }`,
        );
      }
      const { kid } = header as KeyRingHeader;
      const copy = this.#copy;
      const now = this.#now();
      if (copy !== undefined && now - copy.at < this.#refresh) {
        const held = this.#view(copy, now).kept.get(kid as string);
        if (held !== undefined) return Promise.resolve(held.result.key);
      }
      return this.#getKeyAfterRead(kid);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  async #getKeyAfterRead(
    kid: string | undefined,
  ): Promise<GeneratedSecret<SecretAlg>> {
    const found = typeof kid === "string" ? await this.#find(kid) : undefined;
    if (found === undefined) {
      throw new JWKSNoMatchingKey(
        "no applicable key found in the JSON Web Key Set",
      );
    }
    return found.key;
  }

  #remove(kid: string): Promise<boolean> {
    return this.#change((copy, now) => {
      const { current } = this.#view(copy, now);
      if (current?.kid === kid) {
        throw this.#error(`${quote(kid)} is the current key: rotate first`);
      }
      const keys = copy.keys.filter((key) => key.kid !== kid);
      return keys.length === copy.keys.length
        ? false
        : [keys, true] as [Held[], boolean];
    });
  }

  async #list(): Promise<KeyRingEntry[]> {
    const copy = await this.#fresh();
    const { current, pending, started } = this.#view(copy, this.#now());
    return [...pending, ...started].map((key) => ({
      kid: key.kid,
      alg: this.#alg,
      created: key.iat * 1000,
      nbf: key.nbf * 1000,
      current: key === current,
    }));
  }

  // --- watching ---------------------------------------------------------

  /**
   * Where the store can watch, a change by another instance makes the next
   * call reread, rather than after `refresh`.
   */
  #startWatch(): void {
    // Deno's own KV only: @deno/kv 0.14's watch of a local file never
    // reports a change, and spins once cancelled.
    const DenoKv = (globalThis as {
      Deno?: { Kv?: abstract new (...args: never[]) => unknown };
    }).Deno?.Kv;
    if (
      typeof this.#kv.watch !== "function" || DenoKv === undefined ||
      !(this.#kv instanceof DenoKv)
    ) return;
    let reader: ReadableStreamDefaultReader<
      readonly { versionstamp: string | null }[]
    >;
    try {
      reader = this.#kv.watch([this.#key]).getReader();
    } catch {
      return; // a store that cannot watch this key: rereads will do
    }
    this.#watch = reader;
    (async () => {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        const [entry] = value;
        if (this.#copy && entry?.versionstamp !== this.#copy.versionstamp) {
          this.#copy = { ...this.#copy, at: -Infinity };
        }
      }
    })().catch(() => {
      // The store closed: rereads will do.
    });
  }

  #close(): void {
    this.#watch?.cancel().catch(() => {});
    this.#watch = undefined;
  }
}
