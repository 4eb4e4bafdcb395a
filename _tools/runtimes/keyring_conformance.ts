// Copyright 2026 the @x/jose authors. MIT license.
/**
 * The key ring's conformance checks, for every runtime that has a Deno KV:
 * Deno (`Deno.openKv()`), and Node.js and Bun (`openKv()` of the npm
 * package `@deno/kv`). The runtime's script passes in how it opens a KV file;
 * the checks open two stores on one file, as two instances of an app would,
 * and drive the ring with a clock of their own. It imports only the module,
 * and asserts by hand, so that one bundle runs in each runtime.
 *
 * @module
 */
import { generateSecret, JOSENotSupported, SECRET_ALGS } from "../../mod.ts";
import {
  JWKSNoMatchingKey,
  type KeyRing,
  KeyRingError,
  type KeyRingKv,
  type KeyRingOptions,
  openKeyRing,
} from "../../keyring.ts";
import type { Report } from "./conformance.ts";

/** A KV store the runtime opened, which the checks close. */
export type Store = KeyRingKv & {
  set(key: readonly string[], value: unknown): Promise<unknown>;
  close(): void;
};

const HOUR = 3_600_000;
const START = Date.UTC(2026, 11, 1);

function check(condition: boolean, what: string): void {
  if (!condition) throw new Error(what);
}

async function rejection(call: () => Promise<unknown>): Promise<Error> {
  try {
    await call();
  } catch (error) {
    return error as Error;
  }
  throw new Error("resolved; expected a rejection");
}

/**
 * Runs every check, each with fresh stores from `open(path)` on a file named
 * after the check in `dir`, and reports what passed and what failed.
 */
export async function keyringConformance(
  open: (path: string) => Promise<Store>,
  dir: string,
): Promise<Report> {
  const report: Report = { passed: 0, failed: [], notes: [] };
  let at = START;
  const now = () => at;
  const options = (more: Partial<KeyRingOptions> = {}): KeyRingOptions => ({
    name: "ring",
    alg: "HS256",
    rotateAfter: HOUR,
    refresh: 60_000,
    now,
    ...more,
  });
  /**
   * Runs `test` with two instances on one file, `a` and `b`, and their
   * stores; closes them all after.
   */
  const withFleet = async (
    name: string,
    more: Partial<KeyRingOptions>,
    test: (a: KeyRing, b: KeyRing, stores: [Store, Store]) => Promise<void>,
  ): Promise<void> => {
    const stores: [Store, Store] = [
      await open(`${dir}/${name}.sqlite`),
      await open(`${dir}/${name}.sqlite`),
    ];
    const a = await openKeyRing(stores[0], options(more));
    const b = await openKeyRing(stores[1], options(more));
    try {
      await test(a, b, stores);
    } finally {
      for (const store of stores) store.close();
      a.close();
      b.close();
    }
  };
  const checks: [string, (name: string) => Promise<void>][] = [
    ["two instances share the first key", async (name) => {
      await withFleet(name, {}, async (a, b, stores) => {
        const { kid, key } = await a.current();
        check((await b.current()).kid === kid, "b's current key is a's");
        check(key instanceof CryptoKey && !key.extractable, "not extractable");
        const signature = await crypto.subtle.sign(
          "HMAC",
          key as CryptoKey,
          new Uint8Array(8),
        );
        const other = await b.getKey({ alg: "HS256", kid });
        check(
          await crypto.subtle.verify(
            "HMAC",
            other as CryptoKey,
            signature,
            new Uint8Array(8),
          ),
          "b verifies a's signature",
        );
        const { value } = await stores[0].get(["@x/jose", "keyring", "ring"]);
        const keys = (value as { keys: Record<string, unknown>[] }).keys;
        check(
          keys.length === 1 &&
            Object.keys(keys[0]!).join() === "kty,kid,alg,k,iat,nbf",
          `entry ${JSON.stringify(Object.keys(keys[0] ?? {}))}`,
        );
      });
    }],
    [
      "a key is staged, then takes over, once across instances",
      async (name) => {
        at = START;
        await withFleet(name, {}, async (a, b) => {
          const first = await a.current();
          at = START + HOUR - 60_000;
          await Promise.all([a.current(), b.current(), a.current()]);
          const listed = await b.list();
          check(listed.length === 2, `${listed.length} keys`);
          check(
            listed[0]!.nbf === START + HOUR && !listed[0]!.current,
            "pending",
          );
          at = START + HOUR;
          const next = await b.current();
          check(
            next.kid === listed[0]!.kid && next.kid !== first.kid,
            "took over",
          );
          check((await a.current()).kid === next.kid, "a agrees");
        });
      },
    ],
    ["rotate, find, remove and getKey's errors", async (name) => {
      at = START;
      await withFleet(name, {}, async (a, b) => {
        const old = await a.current();
        const rotated = await a.rotate();
        check((await b.find(rotated.kid))?.kid === rotated.kid, "b finds it");
        check(await a.remove(old.kid), "removed");
        at += 60_000;
        check((await b.find(old.kid)) === undefined, "gone from b");
        const unknown = await rejection(() =>
          b.getKey({ alg: "HS256", kid: old.kid })
        );
        check(
          unknown instanceof JWKSNoMatchingKey &&
            unknown.code === "ERR_JWKS_NO_MATCHING_KEY",
          `${unknown}`,
        );
        const wrongAlg = await rejection(() =>
          b.getKey({ alg: "HS512", kid: rotated.kid })
        );
        check(wrongAlg instanceof JWKSNoMatchingKey, `${wrongAlg}`);
        const current = await rejection(() => b.remove(rotated.kid));
        check(current instanceof KeyRingError, `${current}`);
      });
    }],
    [
      "a kek keeps the entry encrypted, and only it opens the ring",
      async (name) => {
        at = START;
        const kek = await generateSecret("A256KW");
        await withFleet(name, { kek }, async (a, b, stores) => {
          const { kid } = await a.current();
          check((await b.current()).kid === kid, "b opens it");
          const { value } = await stores[0].get(["@x/jose", "keyring", "ring"]);
          check(
            typeof value === "string" && value.split(".").length === 5,
            "a JWE",
          );
          const other = await rejection(async () =>
            await openKeyRing(
              stores[1],
              options({ kek: await generateSecret("A256KW") }),
            )
          );
          check(other instanceof KeyRingError, `${other}`);
          const clear = await rejection(() =>
            openKeyRing(stores[1], options())
          );
          check(clear instanceof KeyRingError, `${clear}`);
        });
      },
    ],
    ["every identifier gets its kind of key", async (name) => {
      const kv = await open(`${dir}/${name}.sqlite`);
      try {
        for (const alg of SECRET_ALGS) {
          const ring = await openKeyRing(kv, options({ name: alg, alg }));
          const { key } = await ring.current();
          ring.close();
          const bytes = alg.includes("CBC");
          check(
            bytes ? key instanceof Uint8Array : key instanceof CryptoKey,
            alg,
          );
        }
      } finally {
        kv.close();
      }
    }],
    ["bad options reject before KV is read", async (name) => {
      const kv = await open(`${dir}/${name}.sqlite`);
      try {
        const keep = await rejection(() =>
          openKeyRing(kv, options({ keep: 0 }))
        );
        check(keep instanceof TypeError, `${keep}`);
        const alg = await rejection(() =>
          openKeyRing(kv, options({ alg: "RS256" as "HS256" }))
        );
        check(alg instanceof JOSENotSupported, `${alg}`);
      } finally {
        kv.close();
      }
    }],
  ];
  for (const [name, run] of checks) {
    try {
      await run(name.replaceAll(/\W+/g, "-"));
      report.passed++;
    } catch (error) {
      report.failed.push(`${name}: ${(error as Error).message ?? error}`);
    }
  }
  return report;
}
