// Copyright 2026 the @x/jose authors. MIT license.
/**
 * The CLI's `keyring`: lets a person see, rotate and prune a fleet's key ring
 * (`keyring.ts`) in a local Deno KV file or a self-hosted `denokv` server,
 * without knowing the app's settings: the identifier is read from the ring
 * itself, and a rotation keeps every key the ring holds (the app's next
 * change trims them to its own `keep`).
 *
 * @example
 * ```sh
 * deno run --unstable-kv -R=kv.sqlite -W=kv.sqlite jsr:@x/jose/cli keyring list session --kv kv.sqlite
 * ```
 *
 * @module
 */
import { decryptJwkSet, JweError } from "./encrypted_jwk_set.ts";
import { quote } from "./input.ts";
import { readKek } from "./key_file_jwe.ts";
import { KeyRingError, openKeyRing } from "./keyring.ts";
import { SECRET_ALGS, type SecretAlg } from "./generate_secret.ts";
import { shellWord } from "./keyset.ts";

/** A store or ring that cannot be used: exit code 1. */
export class KeyRingAdminError extends Error {}

/** Whether `where` names a `denokv` server rather than a file. */
export function isServer(where: string): boolean {
  return /^https?:\/\//i.test(where);
}

/**
 * Reads the ring's key-encryption key, an A256KW JWK, from the environment
 * variable `name`. Bad input: an InputError.
 */
export async function readRingKek(name: string): Promise<CryptoKey> {
  return (await readKek(name, ["A256KW"])).kek;
}

/** Opens the store, turning a refusal into the flags that grant it. */
async function openStore(where: string): Promise<Deno.Kv> {
  // Deno 2.9 has Deno KV only with --unstable-kv.
  if (typeof Deno.openKv !== "function") {
    throw new KeyRingAdminError(
      "Deno KV is not enabled: run deno with --unstable-kv",
    );
  }
  try {
    // Deno.openKv() makes a file that is not there: look first.
    if (!isServer(where)) await Deno.stat(where);
    return await Deno.openKv(where);
  } catch (error) {
    const message = (error as Error).message;
    if (error instanceof Deno.errors.NotFound) {
      throw new KeyRingAdminError(
        `${quote(where)} does not exist: name the KV file an app uses`,
      );
    }
    if (error instanceof Deno.errors.NotCapable) {
      const word = shellWord(where);
      throw new KeyRingAdminError(
        isServer(where)
          ? `${quote(where)} needs permission: run deno with --allow-net=${
            new URL(where).host
          } --allow-env=DENO_KV_ACCESS_TOKEN`
          : /^Requires (read|write) access/.test(message)
          ? `${
            quote(where)
          } needs permission: run deno with -R=${word} -W=${word}`
          : `opening ${quote(where)} is refused: ${message}`,
      );
    }
    throw new KeyRingAdminError(`could not open ${quote(where)}: ${message}`);
  }
}

/** What the ring's entry says of itself: its identifier and started keys. */
async function peek(
  kv: Deno.Kv,
  name: string,
  kek: CryptoKey | undefined,
): Promise<{ alg: SecretAlg; started: number } | undefined> {
  const { value } = await kv.get(["@x/jose", "keyring", name]);
  if (value === null) return undefined;
  let set = value;
  if (typeof value === "string" && kek !== undefined) {
    try {
      set = JSON.parse(await decryptJwkSet(value, kek));
    } catch (error) {
      throw new KeyRingAdminError(
        `key ring ${quote(name)} cannot be opened: ${
          error instanceof JweError ? error.message : "not JSON"
        }`,
      );
    }
  } else if (typeof value === "string") {
    throw new KeyRingAdminError(
      `key ring ${quote(name)} is encrypted: give --kek-env`,
    );
  }
  const keys = (set as { keys?: { alg?: unknown; nbf?: unknown }[] })?.keys;
  const alg = Array.isArray(keys) ? keys[0]?.alg : undefined;
  if (keys?.length === 0) return undefined;
  if (!(SECRET_ALGS as readonly unknown[]).includes(alg)) {
    throw new KeyRingAdminError(
      `key ring ${quote(name)} is not a JWK Set of one identifier's keys`,
    );
  }
  const now = Date.now() / 1000;
  const started = keys!.filter((key) => Number(key?.nbf) <= now).length;
  return { alg: alg as SecretAlg, started };
}

/** The ISO time of ms since the epoch, to the second. */
function iso(ms: number): string {
  return new Date(ms).toISOString().replace(".000Z", "Z");
}

/**
 * Runs `keyring list|rotate|remove` on the ring `name` in the store
 * `where`: the lines to print (none for remove).
 */
export async function administer(
  subcommand: "list" | "rotate" | "remove",
  where: string,
  name: string,
  kid: string | undefined,
  kek: CryptoKey | undefined,
): Promise<string | undefined> {
  const kv = await openStore(where);
  try {
    const found = await peek(kv, name, kek);
    if (found === undefined) {
      if (subcommand === "list") return undefined;
      throw new KeyRingAdminError(
        `${quote(where)} has no key ring ${
          quote(name)
        }: an app makes it with its first openKeyRing().current()`,
      );
    }
    // A one-shot command has nothing to watch for: given get() and atomic()
    // alone, the ring starts no watch, so none is left to stop at exit.
    const store = { get: kv.get.bind(kv), atomic: kv.atomic.bind(kv) };
    const ring = await openKeyRing(store, {
      name,
      alg: found.alg,
      // Only current() stages keys by the period; these commands do not.
      rotateAfter: 86_400_000,
      // Every key the ring holds stays: the app trims them to its own keep.
      keep: Math.min(100, found.started + 1),
      ...(kek ? { kek } : {}),
    });
    switch (subcommand) {
      case "list":
        return (await ring.list()).map((key) =>
          [
            key.kid,
            key.alg,
            key.current ? "current" : key.nbf > Date.now() ? "pending" : "kept",
            `since ${iso(key.nbf)}`,
          ].join("\t")
        ).join("\n");
      case "rotate":
        return (await ring.rotate()).kid;
      case "remove":
        if (!await ring.remove(kid!)) {
          throw new KeyRingAdminError(
            `key ring ${quote(name)} has no key with kid ${quote(kid!)}`,
          );
        }
        return undefined;
    }
  } catch (error) {
    if (error instanceof KeyRingAdminError) throw error;
    if (error instanceof KeyRingError) {
      throw new KeyRingAdminError(error.message);
    }
    // The store itself failed ("database is locked", a lost connection).
    throw new KeyRingAdminError(
      `${quote(where)} failed: ${(error as Error).message}`,
    );
  } finally {
    kv.close();
  }
}
