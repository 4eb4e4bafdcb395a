// Copyright 2026 the @x/jose authors. MIT license.
/**
 * The conformance checks every runtime in the matrix runs against the module:
 * all 15 identifiers (type, algorithm, length, usages), the extractable
 * default and option, fresh random output, and the error cases. It imports
 * only the module, and asserts by hand, so that one bundle of it runs
 * unchanged in Node.js, Bun, workerd and browsers.
 *
 * @module
 */
import {
  generateSecret,
  type GenerateSecretOptions,
  JOSENotSupported,
  SECRET_ALGS,
  type SecretAlg,
} from "../../mod.ts";

/**
 * What a runtime reports: how many checks passed, each failure, and notes on
 * what the platform itself lacks (which the module must pass on unchanged).
 */
export interface Report {
  passed: number;
  failed: string[];
  notes: string[];
}

/** Which promise the runtime makes: full WebCrypto, or no `crypto.subtle`. */
export type Context = "secure" | "insecure";

// Written out by hand, as RFC 7518 says, not taken from the module.
const EXPECTED: Record<
  SecretAlg,
  [name: string, bits: number, usages: string, hash?: string]
> = {
  HS256: ["HMAC", 256, "sign,verify", "SHA-256"],
  HS384: ["HMAC", 384, "sign,verify", "SHA-384"],
  HS512: ["HMAC", 512, "sign,verify", "SHA-512"],
  A128KW: ["AES-KW", 128, "unwrapKey,wrapKey"],
  A192KW: ["AES-KW", 192, "unwrapKey,wrapKey"],
  A256KW: ["AES-KW", 256, "unwrapKey,wrapKey"],
  A128GCMKW: ["AES-GCM", 128, "decrypt,encrypt"],
  A192GCMKW: ["AES-GCM", 192, "decrypt,encrypt"],
  A256GCMKW: ["AES-GCM", 256, "decrypt,encrypt"],
  A128GCM: ["AES-GCM", 128, "decrypt,encrypt"],
  A192GCM: ["AES-GCM", 192, "decrypt,encrypt"],
  A256GCM: ["AES-GCM", 256, "decrypt,encrypt"],
  "A128CBC-HS256": ["bytes", 256, ""],
  "A192CBC-HS384": ["bytes", 384, ""],
  "A256CBC-HS512": ["bytes", 512, ""],
};
const UNSUPPORTED = 'Invalid or unsupported "alg" (Algorithm) value';
const NO_SUBTLE =
  "crypto.subtle is unavailable: WebCrypto needs a secure context";

function check(condition: boolean, what: string): void {
  if (!condition) throw new Error(what);
}

function hex(bytes: ArrayBuffer | Uint8Array): string {
  return Array.from(
    new Uint8Array(bytes),
    (b) => b.toString(16).padStart(2, "0"),
  ).join("");
}

/** Resolves to the rejection of `call`, checking it never threw synchronously. */
async function rejection(call: () => Promise<unknown>): Promise<Error> {
  let promise: Promise<unknown>;
  try {
    promise = call();
  } catch (error) {
    throw new Error(`threw synchronously: ${error}`);
  }
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("resolved; expected a rejection");
}

/**
 * The platform's own rejection of a key like `alg`'s, if it has one: Chromium
 * has no 192-bit AES. jose passes WebCrypto's error on; so must the module.
 */
async function platformRejection(alg: SecretAlg): Promise<Error | undefined> {
  const [name, bits, usages, hash] = EXPECTED[alg];
  const algorithm = hash
    ? { name, hash, length: bits }
    : { name, length: bits };
  try {
    await crypto.subtle.generateKey(
      algorithm,
      false,
      usages.split(",") as KeyUsage[],
    );
    return undefined;
  } catch (error) {
    return error as Error;
  }
}

async function checkKey(alg: SecretAlg, notes: string[]): Promise<void> {
  const [name, bits, usages, hash] = EXPECTED[alg];
  const unsupported = await platformRejection(alg);
  if (unsupported !== undefined) {
    const error = await rejection(() => generateSecret(alg));
    const same = error.name === unsupported.name &&
      error.message === unsupported.message;
    check(
      same,
      `${error.name}: ${error.message}; the platform says ${unsupported.name}: ${unsupported.message}`,
    );
    notes.push(
      `${alg} rejects as the platform does (${unsupported.name}: ${unsupported.message})`,
    );
    return;
  }
  const key = await generateSecret(alg);
  check(key instanceof CryptoKey, "a CryptoKey");
  if (!(key instanceof CryptoKey)) return;
  check(key.type === "secret", `type ${key.type}`);
  check(key.algorithm.name === name, `algorithm ${key.algorithm.name}`);
  const algorithm = key.algorithm as KeyAlgorithm & {
    length: number;
    hash?: { name: string };
  };
  check(algorithm.length === bits, `length ${algorithm.length}`);
  check(algorithm.hash?.name === hash, `hash ${algorithm.hash?.name}`);
  check([...key.usages].sort().join() === usages, `usages ${key.usages}`);
  check(key.extractable === false, "not extractable by default");

  const [a, b] = await Promise.all([
    generateSecret(alg, { extractable: true }),
    generateSecret(alg, { extractable: true }),
  ]);
  check(
    a instanceof CryptoKey && a.extractable === true,
    "extractable when asked",
  );
  const rawA = await crypto.subtle.exportKey("raw", a as CryptoKey);
  const rawB = await crypto.subtle.exportKey("raw", b as CryptoKey);
  check(rawA.byteLength === bits / 8, `${rawA.byteLength} bytes`);
  check(hex(rawA) !== hex(rawB), "fresh key material each call");

  // The module hands WebCrypto the same parameters on every call; a caller
  // who changes one key's must not change the next key.
  try {
    (key.usages as KeyUsage[]).push("deriveKey");
    (key.algorithm as KeyAlgorithm & { length: number }).length = 8;
  } catch {
    // Frozen here: nothing can leak.
  }
  const next = await generateSecret(alg) as CryptoKey;
  check(
    [...next.usages].sort().join() === usages,
    `next key's usages ${next.usages}`,
  );
  check(
    (next.algorithm as { length?: number }).length === bits,
    "next key's length",
  );
}

async function checkBytes(alg: SecretAlg, _notes: string[]): Promise<void> {
  const bytes = EXPECTED[alg][1] / 8;
  const [a, b] = await Promise.all([
    generateSecret(alg),
    generateSecret(alg, { extractable: true }),
  ]);
  check(a instanceof Uint8Array && b instanceof Uint8Array, "a Uint8Array");
  if (!(a instanceof Uint8Array)) return;
  check(
    a.length === bytes && a.buffer.byteLength === bytes,
    `${a.length} bytes`,
  );
  check(hex(a) !== hex(b as Uint8Array), "fresh bytes each call");
}

async function checkNoSubtle(alg: SecretAlg, _notes: string[]): Promise<void> {
  const error = await rejection(() => generateSecret(alg));
  check(error instanceof JOSENotSupported, `JOSENotSupported, not ${error}`);
  check(error.message === NO_SUBTLE, `message: ${error.message}`);
}

async function checkUnsupported(alg: unknown): Promise<void> {
  const error = await rejection(() => generateSecret(alg as string));
  check(error instanceof JOSENotSupported, `JOSENotSupported, not ${error}`);
  const { name, code, message } = error as JOSENotSupported;
  check(name === "JOSENotSupported", `name ${name}`);
  check(code === "ERR_JOSE_NOT_SUPPORTED", `code ${code}`);
  check(message === UNSUPPORTED, `message ${message}`);
}

async function checkBadExtractable(extractable: unknown): Promise<void> {
  const options = { extractable } as GenerateSecretOptions;
  for (const alg of ["HS256", "A128CBC-HS256"]) {
    const error = await rejection(() => generateSecret(alg, options));
    check(error instanceof TypeError, `TypeError, not ${error}`);
    check(
      error.message === '"extractable" option must be a boolean',
      error.message,
    );
  }
}

/** Runs every check for `context` and reports what passed and what failed. */
export async function conformance(context: Context): Promise<Report> {
  const report: Report = { passed: 0, failed: [], notes: [] };
  const checks: [string, () => Promise<void>][] = [];
  const subtle = globalThis.crypto?.subtle !== undefined;
  checks.push([
    `crypto.subtle is ${context === "secure" ? "" : "un"}available`,
    () => {
      check(
        subtle === (context === "secure"),
        `crypto.subtle ${subtle ? "present" : "missing"}`,
      );
      return Promise.resolve();
    },
  ]);
  checks.push(["SECRET_ALGS lists 15 identifiers", () => {
    check(
      SECRET_ALGS.join() === Object.keys(EXPECTED).join(),
      SECRET_ALGS.join(),
    );
    return Promise.resolve();
  }]);
  for (const alg of SECRET_ALGS) {
    const isBytes = EXPECTED[alg][0] === "bytes";
    const run = isBytes
      ? checkBytes
      : context === "secure"
      ? checkKey
      : checkNoSubtle;
    checks.push([alg, () => run(alg, report.notes)]);
  }
  for (
    const alg of [
      "",
      "hs256",
      "RS256",
      "dir",
      "__proto__",
      "toString",
      256,
      null,
      {},
    ]
  ) {
    checks.push([
      `rejects alg ${JSON.stringify(alg)}`,
      () => checkUnsupported(alg),
    ]);
  }
  for (const extractable of ["false", 1, 0, null, {}]) {
    checks.push([
      `rejects extractable ${JSON.stringify(extractable)}`,
      () => checkBadExtractable(extractable),
    ]);
  }

  for (const [name, run] of checks) {
    try {
      await run();
      report.passed++;
    } catch (error) {
      report.failed.push(`${name}: ${(error as Error).message ?? error}`);
    }
  }
  return report;
}
