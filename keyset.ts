// Copyright 2026 the @x/jose authors. MIT license.
/**
 * JWK Set files (RFC 7517 section 5) that people rotate: add a key in front,
 * list, find and remove keys, for the CLI's `keyset` command.
 *
 * A file is replaced, never rewritten, the way git writes its index: a writer
 * creates `<file>.lock` exclusively (mode 0600), writes the whole new set into
 * it, flushes it to disk and renames it over the file. At every instant the
 * file is the old set or the new one, whole, and the lock keeps two writers
 * from losing each other's keys. A file others may read or write, a symbolic
 * link, or one that is not a JWK Set is refused before anything is read or
 * changed.
 *
 * @example Add two keys, newest first, and list them
 * ```ts ignore
 * import { addKey, listKeys } from "./keyset.ts";
 *
 * await addKey("keys.json", "HS256", { kid: "2026-11" });
 * await addKey("keys.json", "HS256", { kid: "2026-12" });
 * console.log(await listKeys("keys.json")); // "2026-12\tHS256\n2026-11\tHS256"
 * ```
 *
 * @module
 */
import { newJwk } from "./format.ts";
import type { SecretAlg } from "./generate_secret.ts";
import { InputError, quote } from "./input.ts";
import {
  algName,
  algOf,
  type ContentType,
  decryptKeyFile,
  encryptKeyFile,
  given,
  jweHeader,
  KeyFileError,
  type Protection,
} from "./key_file_jwe.ts";

/** A file that cannot be read, written, locked or used: exit code 1. */
export class KeySetError extends Error {}

/** A JWK Set as read from a file: its members, in the file's order. */
interface KeySet {
  keys: Record<string, unknown>[];
  [member: string]: unknown;
}

/** How a file is written: clear JSON, or a JWE with this `alg` and `cty`. */
type Form =
  | { encrypted: false }
  | { encrypted: true; alg: string; cty: ContentType };

/** A file's set, and the form it is written in. */
interface KeyFile {
  set: KeySet;
  form: Form;
}

/**
 * What a command does with a file's encryption: keeps it (a password or key
 * for an encrypted file, none for a clear one), or turns it on or off.
 */
export type Conversion = "keep" | "encrypt" | "decrypt";

/** How long a writer waits for another's lock before it gives up. */
const LOCK_WAIT_MS = 5_000;
const LOCK_POLL_MS = 20;

/**
 * Quotes a path for a shell when it needs it: in single quotes, or, where it
 * holds a character that could pass for another or for none, as `$'…'` with
 * that character escaped.
 */
export function shellWord(path: string): string {
  if (/^[\w./@%+=:,-]+$/.test(path)) return path;
  const escaped = quote(path, Infinity).slice(1, -1);
  return escaped === path.replaceAll("\\", "\\\\").replaceAll('"', '\\"')
    ? `'${path.replaceAll("'", `'\\''`)}'`
    : `$'${escaped.replaceAll("'", "\\'")}'`;
}

/**
 * The message for a permission Deno refused: the exact flags that grant it,
 * or, where a flag would not do (a device file wants --allow-all), Deno's
 * own reason.
 */
function needsPermission(
  path: string,
  write: boolean,
  refusal: Error,
): KeySetError {
  if (!/^Requires (read|write) access/.test(refusal.message)) {
    return new KeySetError(
      `${write ? "changing" : "reading"} ${
        quote(path)
      } is refused: ${refusal.message}`,
    );
  }
  const file = shellWord(path);
  const lock = shellWord(`${path}.lock`);
  return new KeySetError(
    write
      ? `changing ${
        quote(path)
      } needs permission: run deno with -R=${file},${lock} -W=${file},${lock}`
      : `reading ${quote(path)} needs permission: run deno with -R=${file}`,
  );
}

/**
 * Checks the file before anything reads it: a regular file, not a symbolic
 * link, that no one but its owner may read or write. Returns false where
 * there is no file.
 */
async function inspect(path: string): Promise<boolean> {
  let info: Deno.FileInfo;
  try {
    info = await Deno.lstat(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return false;
    throw error;
  }
  if (info.isSymlink) {
    throw new KeySetError(
      `${quote(path)} is a symbolic link to ${
        quote(await Deno.readLink(path))
      }: name the file itself`,
    );
  }
  if (!info.isFile) {
    throw new KeySetError(`${quote(path)} is not a file`);
  }
  // `mode` is null where the system has no Unix modes (Windows).
  const mode = (info.mode ?? 0) & 0o777;
  const exposed = mode & 0o044 ? "readable" : mode & 0o022 ? "writable" : "";
  if (exposed) {
    const word = shellWord(path);
    throw new KeySetError(
      `${word} is ${exposed} by others (mode 0${
        mode.toString(8).padStart(3, "0")
      }): chmod 600 ${word} first`,
    );
  }
  return true;
}

/**
 * Reads and checks the set in `path`, or undefined where there is none: a
 * clear one, or one encrypted and opened with `protection`. `conversion`
 * says which the command wants.
 */
async function readKeyFile(
  path: string,
  protection: Protection | undefined,
  conversion: Conversion = "keep",
): Promise<KeyFile | undefined> {
  if (!await inspect(path)) return undefined;
  const bytes = await Deno.readFile(path);
  const notASet = (why: string) =>
    new KeySetError(`${quote(path)} is not a JWK Set: ${why}`);
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw notASet("it is not JSON text");
  }
  const header = jweHeader(text);
  const file = shellWord(path);
  if (header !== undefined) {
    if (conversion === "encrypt") {
      throw new KeySetError(
        `${quote(path)} is encrypted already (${algName(header)})`,
      );
    }
    if (protection === undefined) {
      throw new KeySetError(
        `${quote(path)} is encrypted (${
          algName(header)
        }): give --password-file or --kek-env`,
      );
    }
    const { text: plain, cty } = await decryptKeyFile(path, text, protection);
    let value: unknown;
    try {
      value = JSON.parse(plain);
    } catch {
      value = undefined;
    }
    // step writes one JWK (cty jwk+json): a set of one, to read.
    const single = cty === "jwk+json" && isObject(value) &&
      typeof value["kty"] === "string";
    if (!single && !(isObject(value) && isKeyList(value["keys"]))) {
      throw new KeySetError(
        `${quote(path)}: what it encrypts is not a JWK Set or JWK`,
      );
    }
    return {
      set: single
        ? { keys: [value as Record<string, unknown>] }
        : value as KeySet,
      form: { encrypted: true, alg: String(header["alg"]), cty },
    };
  }
  if (conversion === "decrypt") {
    throw new KeySetError(`${quote(path)} is not encrypted`);
  }
  if (protection !== undefined && conversion === "keep") {
    throw new KeySetError(
      `${quote(path)} is not encrypted: keyset encrypt ${file} ${
        given(protection)
      } … encrypts it`,
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw notASet("it is not JSON text");
  }
  if (!isObject(value) || !Array.isArray(value["keys"])) {
    throw notASet('it is not a JSON object with a "keys" array');
  }
  const keys: unknown[] = value["keys"];
  const bad = keys.findIndex((key) => !isObject(key));
  if (bad >= 0) throw notASet(`keys[${bad}] is not a JSON object`);
  return { set: value as KeySet, form: { encrypted: false } };
}

/** Whether `keys` is a list of JSON objects, as a JWK Set's `keys` is. */
function isKeyList(keys: unknown): keys is Record<string, unknown>[] {
  return Array.isArray(keys) && keys.every(isObject);
}

/** The text a file holds: clear JSON, or a JWE of it, and a newline. */
async function fileText(
  set: KeySet,
  form: Form,
  protection: Protection | undefined,
): Promise<string> {
  const json = JSON.stringify(set);
  if (!form.encrypted) return json + "\n";
  return await encryptKeyFile(json, form.cty, protection!, form.alg) + "\n";
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Reads the file `path`; a missing file is an error. */
async function existingKeyFile(
  path: string,
  protection: Protection | undefined,
): Promise<KeyFile> {
  const file = await readKeyFile(path, protection);
  if (file === undefined) {
    throw new KeySetError(
      `${quote(path)} does not exist: keyset add makes it`,
    );
  }
  return file;
}

/**
 * Creates the lock file, waiting a while for another writer's to go; gives
 * up, returning undefined, once `stopped()` says so.
 */
async function lock(
  path: string,
  stopped: () => boolean,
): Promise<Deno.FsFile | undefined> {
  const lockPath = `${path}.lock`;
  const deadline = Date.now() + LOCK_WAIT_MS;
  while (!stopped()) {
    try {
      return await Deno.open(lockPath, {
        write: true,
        createNew: true,
        mode: 0o600,
      });
    } catch (error) {
      if (!(error instanceof Deno.errors.AlreadyExists)) throw error;
    }
    if (Date.now() >= deadline) {
      throw new KeySetError(
        `${quote(lockPath)} exists: another command is changing ${
          quote(path)
        }; if none is, one was stopped midway: rm ${shellWord(lockPath)}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, LOCK_POLL_MS));
  }
  return undefined;
}

/** Writes all of `bytes` to `writer`, however many writes that takes. */
export async function writeAll(
  writer: { write(p: Uint8Array): Promise<number> },
  bytes: Uint8Array,
): Promise<void> {
  let written = 0;
  while (written < bytes.length) {
    written += await writer.write(bytes.subarray(written));
  }
}

// The signals that stop a writer, and the exit codes a shell gives them.
const SIGNALS: [Deno.Signal, number][] = [
  ["SIGHUP", 129],
  ["SIGINT", 130],
  ["SIGTERM", 143],
];

/**
 * Replaces the set in `path` with what `change` makes of it (undefined where
 * there is no file yet), under the lock: the lock file gets the whole new
 * set, is flushed to disk and renamed over `path`. Any failure, or a signal
 * (SIGINT, SIGTERM, SIGHUP) before the rename, removes the lock and leaves
 * `path` as it was; a signal during the rename lets it finish.
 */
async function update(
  path: string,
  protection: Protection | undefined,
  conversion: Conversion,
  change: (set: KeySet | undefined) => Promise<KeySet>,
): Promise<void> {
  const lockPath = `${path}.lock`;
  // "waiting": the lock may be being created; "locked": it is ours to remove;
  // "renaming": it may already be the file.
  let phase: "waiting" | "locked" | "renaming" | "done" = "waiting";
  let file: Deno.FsFile | undefined;
  let stoppedBy: number | undefined;
  const release = () => {
    if (phase !== "locked") return;
    phase = "done";
    file?.close();
    Deno.removeSync(lockPath);
  };
  const listeners = SIGNALS.map(([signal, code]) => {
    const listener = () => {
      stoppedBy = code;
      if (phase !== "locked") return; // the steps below stop in time
      release();
      Deno.exit(code);
    };
    try {
      Deno.addSignalListener(signal, listener);
    } catch {
      // Not every system has every signal (Windows has no SIGHUP).
    }
    return [signal, listener] as const;
  });
  try {
    file = await lock(path, () => stoppedBy !== undefined);
    if (file === undefined) return;
    phase = "locked";
    if (stoppedBy !== undefined) return;
    const current = await readKeyFile(path, protection, conversion);
    if (current?.form.encrypted && current.form.cty === "jwk+json") {
      throw new KeySetError(
        `${
          quote(path)
        } encrypts one JWK (step's form), not a JWK Set: keyset reads it but changes only JWK Sets`,
      );
    }
    const next = await change(current?.set);
    // A new file is encrypted when a password or key is given; a file that
    // is there keeps its form, unless the command is to change it.
    const form: Form = conversion === "decrypt" ||
        (conversion === "keep" && current === undefined &&
          protection === undefined)
      ? { encrypted: false }
      : conversion === "encrypt" || current === undefined
      ? { encrypted: true, alg: algOf(protection!), cty: "jwk-set+json" }
      : current.form;
    // Encrypted before the lock gets a byte: no secret ever in the clear.
    const text = await fileText(next, form, protection);
    await writeAll(file, new TextEncoder().encode(text));
    await file.sync();
    file.close();
    file = undefined;
    phase = "renaming";
    await Deno.rename(lockPath, path);
    phase = "done";
  } finally {
    if (phase === "renaming") {
      // The rename failed: the lock is still there, and still ours.
      phase = "locked";
    }
    release();
    for (const [signal, listener] of listeners) {
      try {
        Deno.removeSignalListener(signal, listener);
      } catch {
        // Never added.
      }
    }
    if (stoppedBy !== undefined) Deno.exit(stoppedBy);
  }
}

/** Runs `work`, turning a missing permission into the flags that grant it. */
async function withPermission<T>(
  path: string,
  write: boolean,
  work: () => Promise<T>,
): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof Deno.errors.NotCapable) {
      throw needsPermission(path, write, error);
    }
    if (
      error instanceof KeySetError || error instanceof KeyFileError ||
      error instanceof InputError
    ) throw error;
    throw new KeySetError(
      `could not ${write ? "change" : "read"} ${quote(path)}: ${
        (error as Error).message
      }`,
    );
  }
}

/**
 * How a `kid` or `alg` reads in a line of `list`: as it is, `-` where it is
 * missing, and quoted, escaped, where it could pass for something else.
 */
function member(value: unknown): string {
  if (value === undefined) return "-";
  const text = typeof value === "string" ? value : JSON.stringify(value);
  const quoted = quote(text, Infinity);
  return text !== "" && text !== "-" && quoted === `"${text}"` ? text : quoted;
}

/** What {@linkcode addKey} did: the new key's id, and the ids it dropped. */
export interface Added {
  /** The `kid` of the key added. */
  kid: string;
  /** The `kid` of each key `keep` dropped, in file order (`-` for none). */
  dropped: string[];
}

/**
 * Makes a new secret for `alg` and puts its JWK first in the set in `path`
 * (creating the file where there is none, encrypted when `protection` is
 * given), with `kid` as its key id or else its RFC 7638 thumbprint; then
 * keeps only the first `keep` keys. A `kid` already in the set is bad input.
 */
export async function addKey(
  path: string,
  alg: SecretAlg,
  keyId: { kid: string } | "thumbprint",
  keep?: number,
  protection?: Protection,
): Promise<Added> {
  let added: Added | undefined;
  await withPermission(
    path,
    true,
    () =>
      update(path, protection, "keep", async (set) => {
        const jwk = await newJwk(alg, keyId);
        const kid = jwk.kid!;
        const keys = set?.keys ?? [];
        if (keys.some((key) => key["kid"] === kid)) {
          throw new InputError(
            `${quote(path)} already has a key with kid ${
              quote(kid)
            }: choose another --kid`,
          );
        }
        const next: KeySet["keys"] = [{ ...jwk }, ...keys];
        const kept = keep === undefined ? next : next.slice(0, keep);
        added = {
          kid,
          dropped: next.slice(kept.length).map((key) => member(key["kid"])),
        };
        return set === undefined ? { keys: kept } : { ...set, keys: kept };
      }),
  );
  return added!;
}

/** What {@linkcode listKeys} found: a line per key, and the file's form. */
export interface Listed {
  /** One line per key in file order: its `kid`, a tab, its `alg`. */
  text: string;
  /** Whether the file is encrypted. */
  encrypted: boolean;
}

/** Each key of the set in `path`, and whether the file is encrypted. */
export async function listKeys(
  path: string,
  protection?: Protection,
): Promise<Listed> {
  const { set, form } = await withPermission(
    path,
    false,
    () => existingKeyFile(path, protection),
  );
  return {
    text: set.keys.map((key) => `${member(key["kid"])}\t${member(key["alg"])}`)
      .join("\n"),
    encrypted: form.encrypted,
  };
}

/** The index of the one key whose `kid` is `kid`; none, or two, is an error. */
function indexOf(path: string, { keys }: KeySet, kid: string): number {
  const found = keys.flatMap((key, i) => key["kid"] === kid ? [i] : []);
  if (found.length === 0) {
    throw new KeySetError(
      `${quote(path)} has no key with kid ${quote(kid)}`,
    );
  }
  if (found.length > 1) {
    throw new KeySetError(
      `${quote(path)} has ${found.length} keys with kid ${
        quote(kid)
      }: edit the file to keep one`,
    );
  }
  return found[0]!;
}

/** The JWK whose `kid` is `kid`, as one line of JSON in the file's order. */
export async function findKey(
  path: string,
  kid: string,
  protection?: Protection,
): Promise<string> {
  const { set } = await withPermission(
    path,
    false,
    () => existingKeyFile(path, protection),
  );
  return JSON.stringify(set.keys[indexOf(path, set, kid)]);
}

/** Removes the key whose `kid` is `kid`; the set's only key stays. */
export async function removeKey(
  path: string,
  kid: string,
  protection?: Protection,
): Promise<void> {
  await withPermission(
    path,
    true,
    () =>
      update(path, protection, "keep", (set) => {
        if (set === undefined) {
          throw new KeySetError(
            `${quote(path)} does not exist: keyset add makes it`,
          );
        }
        const at = indexOf(path, set, kid);
        if (set.keys.length === 1) {
          throw new KeySetError(
            `${quote(kid)} is the only key in ${
              quote(path)
            }: delete the file instead`,
          );
        }
        return Promise.resolve({
          ...set,
          keys: set.keys.filter((_, i) => i !== at),
        });
      }),
  );
}

/**
 * Encrypts a clear file in place with `protection`, or decrypts an encrypted
 * one it opens, under the same lock, flush and rename as every change.
 */
export async function convertKeys(
  path: string,
  conversion: "encrypt" | "decrypt",
  protection: Protection,
): Promise<void> {
  await withPermission(
    path,
    true,
    () =>
      update(path, protection, conversion, (set) => {
        if (set === undefined) {
          throw new KeySetError(`${quote(path)} does not exist`);
        }
        return Promise.resolve(set);
      }),
  );
}
