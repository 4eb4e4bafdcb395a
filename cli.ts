// Copyright 2026 the @x/jose authors. MIT license.
/**
 * The command line of @x/jose: prints fresh symmetric secrets for a JWA
 * algorithm identifier, as a JWK, a JWK Set, base64url or hex, ready for an
 * environment variable, a secrets manager or a config file. It needs no
 * permissions to print, and nothing installed but Deno:
 *
 * ```sh
 * deno run jsr:@x/jose/cli HS256
 * # {"kty":"oct","alg":"HS256","k":"…"}
 * deno run jsr:@x/jose/cli HS256 --format jwks --count 2
 * deno run --allow-write=key.json jsr:@x/jose/cli A256GCM --out key.json
 * deno run jsr:@x/jose/cli --help
 * ```
 *
 * Exit codes: 0 done, 1 a file, a store or stdout could not be used, 2 bad
 * input; every error is one line on stderr.
 *
 * ## Key sets you rotate
 *
 * `keyset` keeps a JWK Set file: `add` puts a new key first (the one to sign
 * or encrypt with) and `--keep n` drops all but the newest `n`, so tokens made
 * with the previous keys still verify for a while. `list`, `find` and `remove`
 * do what they say. The file is replaced whole at every change, as git writes
 * its index (a `keys.json.lock` written, flushed to disk, renamed over the
 * file), so a crash or a kill leaves the old set or the new one, never half of
 * one; writers wait for each other's lock. It stays owner-only (mode 0600),
 * and a file others may read, a symbolic link or anything not a JWK Set is
 * refused untouched.
 *
 * ```sh
 * alias keyset='deno run -R=keys.json,keys.json.lock -W=keys.json,keys.json.lock jsr:@x/jose/cli keyset'
 * keyset add keys.json HS256 --kid 2026-12            # the first key
 * keyset add keys.json HS256 --kid 2027-01 --keep 2   # rotate: keep one old key
 * deno run -R=keys.json jsr:@x/jose/cli keyset list keys.json
 * # 2027-01	HS256
 * # 2026-12	HS256
 * ```
 *
 * Without `--kid`, a key's id is its RFC 7638 thumbprint. A verifier takes the
 * key whose `kid` the token names (jose's `createLocalJWKSet` takes public
 * keys only, so a secret is picked by hand and imported with `importJWK`):
 *
 * ```ts
 * import { importJWK, type JWK, jwtVerify, SignJWT } from "npm:jose@6.2.18";
 * import { assertEquals } from "@std/assert";
 *
 * // keys.json as keyset keeps it; in a server, JSON.parse() of the file.
 * const { keys }: { keys: JWK[] } = {
 *   keys: [
 *     { kty: "oct", kid: "2027-01", alg: "HS256", k: "t5PWLlUtvj6pCbKo6m5fxzXkrIDGEW1Rtfj8GvoV9Jg" },
 *     { kty: "oct", kid: "2026-12", alg: "HS256", k: "mhZro_DXR__IhjrlibO1HBxEgvrgZxpohzYgcmPpjd8" },
 *   ],
 * };
 *
 * // Sign with the first key, the newest.
 * const [newest] = keys;
 * const token = await new SignJWT({ sub: "ada" })
 *   .setProtectedHeader({ alg: "HS256", kid: newest!.kid! })
 *   .sign(await importJWK(newest!));
 *
 * // Verify with the key the token names: tokens signed before a rotation too.
 * const { payload } = await jwtVerify(token, async (header) => {
 *   const jwk = keys.find((key) => key.kid === header.kid);
 *   if (jwk === undefined) throw new Error(`no key with kid ${header.kid}`);
 *   return await importJWK(jwk, header.alg);
 * });
 * assertEquals(payload.sub, "ada");
 * ```
 *
 * ## Encrypted key files
 *
 * With `--password-file <file>` (`-` for stdin) or `--kek-env <VAR>`, `--out`
 * and `keyset` write key files encrypted at rest: a JWE in compact
 * serialization (`PBES2-HS512+A256KW` with 210,000 rounds, or the kek's
 * `A128KW`, `A192KW` or `A256KW`; `enc` `A256GCM`), which jose's
 * `compactDecrypt()` and `step crypto jwe decrypt` open. Files step writes are
 * read too. `keyset encrypt <file>` encrypts a clear file in place; `keyset
 * decrypt <file> --insecure-clear` undoes it.
 *
 * ```sh
 * deno run -R=keys.jwe,keys.jwe.lock,pw.txt -W=keys.jwe,keys.jwe.lock \
 *   jsr:@x/jose/cli keyset add keys.jwe HS256 --password-file pw.txt
 * ```
 *
 * ## Key rings
 *
 * `keyring list|rotate|remove <name> --kv <file or URL>` works on a fleet's
 * key ring (`jsr:@x/jose/keyring`) in a Deno KV file or a self-hosted
 * `denokv` server (`http://…`, its token in `DENO_KV_ACCESS_TOKEN`); an
 * encrypted ring needs `--kek-env <VAR>`, the kek's JWK in that variable. The
 * ring's identifier comes from the ring; `rotate` makes a new key current now
 * and keeps every key the ring holds (the app trims them to its own `keep` at
 * its next change); the current key cannot be removed.
 *
 * ```sh
 * deno run --unstable-kv -R=kv.sqlite -W=kv.sqlite jsr:@x/jose/cli keyring list session --kv kv.sqlite
 * # CBKZ9QNFxjEOQZ1Ryrh46b4L7d3nqW8I_l0UtZ3SyNs	HS256	current	since 2026-12-01T00:00:00Z
 * # Z2chrxhoQw7FMaIsi4XCgyad8ZHctlPInhV05yQ7wK8	HS256	kept	since 2026-11-24T00:00:00Z
 * ```
 *
 * @module
 */
import { parseArgs } from "node:util";
import denoJson from "./deno.json" with { type: "json" };
import { FORMATS, type KeyId, makeSecrets } from "./format.ts";
import { SECRET_ALGS, type SecretAlg } from "./generate_secret.ts";
import {
  CLI_MAX_COUNT,
  InputError,
  parseAlg,
  parseCount,
  parseFormat,
  quote,
} from "./input.ts";
import {
  administer,
  isServer,
  KeyRingAdminError,
  readRingKek,
} from "./keyring_admin.ts";
import {
  encryptKeyFile,
  KeyFileError,
  type Protection,
  readKek,
  readPassword,
} from "./key_file_jwe.ts";
import {
  addKey,
  convertKeys,
  findKey,
  KeySetError,
  listKeys,
  removeKey,
  shellWord,
  writeAll,
} from "./keyset.ts";

const USAGE =
  `Prints fresh symmetric secrets for a JWA algorithm identifier, and
keeps JWK Set files that people rotate.

Usage: deno run jsr:@x/jose/cli <alg> [options]
       deno run jsr:@x/jose/cli keyset <add|list|find|remove|…> <file> …
       deno run jsr:@x/jose/cli keyring <list|rotate|remove> <name> --kv …
       deno run jsr:@x/jose/cli --list

Options:
  -f, --format <f>      jwk (default), jwks (a JWK Set), base64url or hex
  -n, --count <n>       how many secrets, 1 to 1000 (default 1): one a line,
                        or for jwks one set holding them all
      --kid <id>        the key id of the one key (jwk, jwks)
      --kid-thumbprint  each key's id is its RFC 7638 thumbprint (the default
                        for jwks)
  -o, --out <file>      write to a new file, owner-only (mode 0600); never
                        overwrites one; needs --allow-write=<file>
      --list            print the supported identifiers, one a line
  -h, --help            print this help
      --version         print the version

Which <alg>:
  sign JWTs with a shared secret (HMAC)      HS256 (or HS384, HS512)
  encrypt JWE content directly (alg "dir")   A256GCM
  wrap JWE content encryption keys           A256KW

Encrypted files, for --out (jwk or jwks) and keyset: a JWE (RFC 7516) that
jose and step open; a clear file is the default:
      --password-file <f>  the password is the file's first line (- for
                           stdin); needs -R=<f>. PBES2-HS512+A256KW with
                           210,000 rounds: about 0.15 s to open and again to
                           write (keyset add: both). No --password:
                           a password on the command line is seen by ps and
                           kept in shell history
      --kek-env <VAR>      a key-encryption key in that variable: the JWK
                           deno task secret A256KW (or A128KW, A192KW) prints;
                           needs --allow-env=<VAR>

Key sets: a JWK Set file, owner-only, replaced whole at every change:
  keyset add <file> <alg>     make a key and put it first; prints its kid
      --kid <id>              its key id (default: its RFC 7638 thumbprint)
      --keep <n>              then keep only the first n keys (1 to 1000)
  keyset list <file>          each key's kid and alg, one a line
  keyset find <file> <kid>    print that key's JWK
  keyset remove <file> <kid>  remove that key
  keyset encrypt <file>       encrypt a clear file in place
  keyset decrypt <file>       decrypt it in place (needs --insecure-clear)
  add, remove, encrypt and decrypt need -R=<file>,<file>.lock
  -W=<file>,<file>.lock; list and find need -R=<file>. A kid already in the
  set is bad input (exit 2).

Key rings: a fleet's keys in Deno KV (the @x/jose/keyring entry):
  keyring list <name>         each key's kid, alg, state and start
  keyring rotate <name>       make a new key current now; prints its kid
  keyring remove <name> <kid> remove a key from every instance
      --kv <file or URL>      the KV store: a file, or a denokv server
                              (http…, token in DENO_KV_ACCESS_TOKEN)
      --kek-env <VAR>         the ring's kek, an A256KW JWK, in that variable
  they need --unstable-kv and -R=<file> -W=<file> (a server: --allow-net and
  --allow-env=DENO_KV_ACCESS_TOKEN); --kek-env: --allow-env=<VAR>.

Examples:
  deno run jsr:@x/jose/cli HS256
  deno run jsr:@x/jose/cli A256GCM --format base64url
  deno run jsr:@x/jose/cli HS256 --format jwks --count 3
  deno run --allow-write=key.json jsr:@x/jose/cli A256KW --kid k1 -o key.json
  # rotate: a new signing key in front, the two before it kept to verify
  deno run -R=keys.json,keys.json.lock -W=keys.json,keys.json.lock \\
    jsr:@x/jose/cli keyset add keys.json HS256 --keep 3
  # an encrypted key set: the password in pw.txt
  deno task secret keyset add keys.jwe HS256 --password-file pw.txt

Exit codes: 0 done, 1 a file, KV store or stdout failed, 2 bad input.`;

/** Bad input from the user: one line on stderr, exit code 2. */
class UsageError extends InputError {}

/** Output that could not be written: one line on stderr, exit code 1. */
class WriteError extends Error {}

/** The options a command takes, as node:util's parseArgs() reads them. */
type Options = Record<
  string,
  { type: "string" | "boolean"; short?: string }
>;

const OPTIONS = {
  format: { type: "string", short: "f" },
  count: { type: "string", short: "n" },
  kid: { type: "string" },
  "kid-thumbprint": { type: "boolean" },
  out: { type: "string", short: "o" },
  "password-file": { type: "string" },
  "kek-env": { type: "string" },
  list: { type: "boolean" },
  help: { type: "boolean", short: "h" },
  version: { type: "boolean" },
} as const satisfies Options;

const KEYRING_OPTIONS = {
  kv: { type: "string" },
  "kek-env": { type: "string" },
  help: { type: "boolean", short: "h" },
} as const satisfies Options;

const KEYSET_OPTIONS = {
  kid: { type: "string" },
  "kid-thumbprint": { type: "boolean" },
  keep: { type: "string" },
  "password-file": { type: "string" },
  "kek-env": { type: "string" },
  "insecure-clear": { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const satisfies Options;

// What each option that takes a value wants, for "needs a value" messages.
const WANTS: Record<string, string> = {
  format: `one of ${FORMATS.join(", ")}`,
  count: `a number from 1 to ${CLI_MAX_COUNT}`,
  kid: "a key id",
  out: "a file name",
  keep: `a number from 1 to ${CLI_MAX_COUNT}`,
  kv: "a KV file or a denokv server's URL",
  "password-file": "a file whose first line is the password, or - for stdin",
  "kek-env": "the name of an environment variable",
};

interface Args<Name extends string> {
  values: Partial<Record<Name, string | true>>;
  positionals: string[];
}

/** Reads the arguments, reporting anything unknown in the CLI's own words. */
function parse<Name extends string>(
  args: string[],
  options: Record<Name, Options[string]>,
): Args<Name> {
  // Not strict: node:util's own messages are replaced by ours below.
  const { tokens } = parseArgs({
    args,
    options,
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const values: Args<Name>["values"] = {};
  const positionals: string[] = [];
  for (const token of tokens) {
    if (token.kind === "positional") {
      positionals.push(token.value);
      continue;
    }
    if (token.kind === "option-terminator") continue;
    const name = token.name as Name;
    if (name === "password" && !Object.hasOwn(options, name)) {
      throw new UsageError(
        "there is no --password: a password on the command line is seen by ps and kept in shell history; use --password-file",
      );
    }
    if (!Object.hasOwn(options, name)) {
      throw new UsageError(
        `unknown option ${quote(token.rawName)} (--help lists the options)`,
      );
    }
    const option = `--${name}`;
    if (values[name] !== undefined) {
      throw new UsageError(`${option} is given twice: give it once`);
    }
    if (options[name].type === "boolean") {
      if (token.value !== undefined) {
        throw new UsageError(`${option} takes no value`);
      }
      values[name] = true;
    } else {
      // Not strict, node:util takes a following "--list" as the value; a
      // value that looks like an option is a missing value (but "-5" is a
      // value, to be reported as a count that is not one).
      if (
        token.value === undefined ||
        (!token.inlineValue && /^-(?![0-9]|$)/.test(token.value))
      ) {
        throw new UsageError(`${option} needs a value: ${WANTS[name]}`);
      }
      values[name] = token.value;
    }
  }
  return { values, positionals };
}

/** What to print, and where: a file, or stdout; and notes for stderr. */
interface Output {
  text?: string;
  out?: string;
  notes?: string[];
}

/** Works out the output from the arguments; throws UsageError on bad input. */
async function run(args: string[]): Promise<Output> {
  if (args[0] === "keyset") return await keyset(args.slice(1));
  if (args[0] === "keyring") return await keyring(args.slice(1));
  const { values, positionals } = parse(args, OPTIONS);
  if (values.help) return { text: USAGE };
  if (values.version) return { text: `@x/jose ${denoJson.version}` };
  if (values.list) return { text: SECRET_ALGS.join("\n") };
  const [alg, ...extra] = positionals;
  if (alg === undefined) {
    throw new UsageError("missing <alg> (--list shows all, --help the usage)");
  }
  if (extra.length > 0) {
    throw new UsageError(
      `expected one <alg>, got ${positionals.length}: ${
        positionals.map((p) => quote(p)).join(" ")
      }`,
    );
  }
  const secretAlg = readAlg(alg);
  const format = parseFormat(stringValue(values.format) ?? "jwk");
  const count = parseCount(
    stringValue(values.count) ?? "1",
    CLI_MAX_COUNT,
    "--count",
  );
  const keyId = keyIdOf(values, format, count);
  const out = values.out;
  if (out === "") throw new UsageError(`--out needs a value: ${WANTS["out"]}`);
  const protect = protectionOptions(values);
  if (protect !== undefined) {
    if (typeof out !== "string") {
      throw new UsageError(`${protect} is for --out and keyset: add --out`);
    }
    if (format !== "jwk" && format !== "jwks") {
      throw new UsageError(
        `${protect} with --format ${format}: an encrypted file holds a JWK or JWK Set (there is no standard encrypted ${format}): use --format jwk or jwks`,
      );
    }
    if (format === "jwk" && count > 1) {
      throw new UsageError(
        `${protect} with --format jwk holds one key: for ${count} use --format jwks`,
      );
    }
  }
  // Read before the keys are made: bad input changes nothing.
  const protection = await protectionOf(values, protect);
  const text = await makeSecrets(secretAlg, count, format, keyId);
  if (protection === undefined) {
    return typeof out === "string" ? { text, out } : { text };
  }
  const cty = format === "jwk" ? "jwk+json" : "jwk-set+json";
  return {
    text: await encryptKeyFile(text, cty, protection),
    out: out as string,
  };
}

/** The protection option given, if any; both at once is bad input. */
function protectionOptions(
  values: { "password-file"?: string | true; "kek-env"?: string | true },
): "--password-file" | "--kek-env" | undefined {
  const { "password-file": file, "kek-env": env } = values;
  if (file !== undefined && env !== undefined) {
    throw new UsageError(
      "--password-file and --kek-env exclude each other: give one",
    );
  }
  if (file === "") {
    throw new UsageError(
      `--password-file needs a value: ${WANTS["password-file"]}`,
    );
  }
  if (env === "") {
    throw new UsageError(`--kek-env needs a value: ${WANTS["kek-env"]}`);
  }
  return file !== undefined
    ? "--password-file"
    : env !== undefined
    ? "--kek-env"
    : undefined;
}

/**
 * Reads the password or key-encryption key that `given`, the option
 * {@linkcode protectionOptions} found, names.
 */
async function protectionOf(
  values: { "password-file"?: string | true; "kek-env"?: string | true },
  given: "--password-file" | "--kek-env" | undefined,
): Promise<Protection | undefined> {
  if (given === "--password-file") {
    return { password: await readPassword(values["password-file"] as string) };
  }
  if (given === "--kek-env") return await readKek(values["kek-env"] as string);
  return undefined;
}

/**
 * The permission flags that a run of the CLI with `args` needs, and no more:
 * none to print; write access to `--out`'s file; for `keyset`, read access
 * to its file, and for `add` and `remove` read and write access to the file
 * and its lock. Arguments the CLI would refuse need none.
 *
 * @example
 * ```ts
 * import { permissionFlags } from "@x/jose/cli";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(permissionFlags(["HS256", "--out", "key.json"]), [
 *   "--allow-write=key.json",
 * ]);
 * assertEquals(permissionFlags(["keyset", "list", "keys.json"]), [
 *   "--allow-read=keys.json",
 * ]);
 * ```
 *
 * @param args The arguments the CLI is given.
 * @returns The flags for `deno run`, one an element.
 */
export function permissionFlags(args: string[]): string[] {
  try {
    if (args[0] === "keyring") return keyringPermissions(args.slice(1));
    if (args[0] === "keyset") {
      const { values, positionals: [subcommand, file] } = parse(
        args.slice(1),
        KEYSET_OPTIONS,
      );
      if (!file || !Object.hasOwn(SUBCOMMANDS, subcommand!)) return [];
      const both = `${file},${file}.lock`;
      const { read, env } = protectionFlags(values);
      return subcommand === "list" || subcommand === "find"
        ? [`--allow-read=${[file, ...read].join(",")}`, ...env]
        : [
          `--allow-read=${[both, ...read].join(",")}`,
          `--allow-write=${both}`,
          ...env,
        ];
    }
    const { values } = parse(args, OPTIONS);
    const { out } = values;
    if (typeof out !== "string" || out === "") return [];
    const { read, env } = protectionFlags(values);
    return [
      `--allow-write=${out}`,
      ...(read.length > 0 ? [`--allow-read=${read.join(",")}`] : []),
      ...env,
    ];
  } catch (error) {
    if (error instanceof InputError) return [];
    throw error;
  }
}

/**
 * What a password file or key-encryption key needs: read access to the file
 * (not for stdin), env access to the variable.
 */
function protectionFlags(
  values: { "password-file"?: string | true; "kek-env"?: string | true },
): { read: string[]; env: string[] } {
  const { "password-file": file, "kek-env": env } = values;
  return {
    read: typeof file === "string" && file !== "" && file !== "-" ? [file] : [],
    env: typeof env === "string" && env !== "" ? [`--allow-env=${env}`] : [],
  };
}

/**
 * What `keyring` needs: Deno KV, the store (a file, or a server and its
 * token) and the kek's variable.
 */
function keyringPermissions(args: string[]): string[] {
  const { values, positionals } = parse(args, KEYRING_OPTIONS);
  const { kv, "kek-env": kekEnv } = values;
  if (
    !Object.hasOwn(KEYRING_SUBCOMMANDS, positionals[0] ?? "") ||
    typeof kv !== "string" || kv === ""
  ) return [];
  const env = typeof kekEnv === "string" && kekEnv !== "" ? [kekEnv] : [];
  if (!isServer(kv)) {
    return [
      "--unstable-kv",
      `--allow-read=${kv}`,
      `--allow-write=${kv}`,
      ...(env.length ? [`--allow-env=${env.join(",")}`] : []),
    ];
  }
  let host: string;
  try {
    host = new URL(kv).host;
  } catch {
    return [];
  }
  return [
    "--unstable-kv",
    `--allow-net=${host}`,
    `--allow-env=${["DENO_KV_ACCESS_TOKEN", ...env].join(",")}`,
  ];
}

const KEYRING_SUBCOMMANDS = {
  list: "keyring list <name> --kv <file or URL> [--kek-env <VAR>]",
  rotate: "keyring rotate <name> --kv <file or URL> [--kek-env <VAR>]",
  remove: "keyring remove <name> <kid> --kv <file or URL> [--kek-env <VAR>]",
} as const;

/** Runs `keyring <subcommand> <name> …`. */
async function keyring(args: string[]): Promise<Output> {
  const { values, positionals } = parse(args, KEYRING_OPTIONS);
  if (values.help) return { text: USAGE };
  const [, name, kid] = positionals;
  const command = subcommandOf("keyring", KEYRING_SUBCOMMANDS, positionals[0]);
  const usage = KEYRING_SUBCOMMANDS[command];
  const wanted = command === "remove" ? 2 : 1;
  const given = positionals.length - 1;
  if (given !== wanted || name === "" || kid === "") {
    const what = given > wanted
      ? "too many arguments"
      : name === undefined || name === ""
      ? "missing <name>"
      : "missing <kid>";
    throw new UsageError(`${what}: ${usage}`);
  }
  const kv = stringValue(values.kv);
  if (kv === undefined || kv === "") {
    throw new UsageError(`missing --kv: ${usage}`);
  }
  const kek = protectionOptions(values) === undefined
    ? undefined
    : await readRingKek(values["kek-env"] as string);
  const text = await administer(command, kv, name!, kid, kek);
  return text === undefined || text === "" ? {} : { text };
}

/**
 * Reads the subcommand of `group` (`keyset`, `keyring`): one of `table`'s
 * names, or else bad input that lists them.
 */
function subcommandOf<Table extends Record<string, string>>(
  group: string,
  table: Table,
  subcommand: string | undefined,
): keyof Table & string {
  const names = Object.keys(table).join(", ");
  if (subcommand === undefined) {
    throw new UsageError(`missing ${group} subcommand: ${names}`);
  }
  if (!Object.hasOwn(table, subcommand)) {
    throw new UsageError(
      `unknown ${group} subcommand ${quote(subcommand)}: use ${names}`,
    );
  }
  return subcommand;
}

/** Reads an `<alg>` argument, with the CLI's hint on a bad one. */
function readAlg(alg: string): SecretAlg {
  return withHint(() => parseAlg(alg, "<alg>"), " (--list shows all)");
}

const SUBCOMMANDS = {
  add: "keyset add <file> <alg> [--kid <id> | --kid-thumbprint] [--keep <n>]",
  list: "keyset list <file>",
  find: "keyset find <file> <kid>",
  remove: "keyset remove <file> <kid>",
  encrypt: "keyset encrypt <file> (--password-file <f> | --kek-env <VAR>)",
  decrypt:
    "keyset decrypt <file> (--password-file <f> | --kek-env <VAR>) --insecure-clear",
} as const;

/** Runs `keyset <subcommand> <file> …`. */
async function keyset(args: string[]): Promise<Output> {
  const { values, positionals } = parse(args, KEYSET_OPTIONS);
  if (values.help) return { text: USAGE };
  const [, path, arg, ...extra] = positionals;
  const subcommand = subcommandOf("keyset", SUBCOMMANDS, positionals[0]);
  const usage = SUBCOMMANDS[subcommand];
  const wanted = ["list", "encrypt", "decrypt"].includes(subcommand) ? 1 : 2;
  const given = [path, arg].filter((p) => p !== undefined).length +
    extra.length;
  if (given !== wanted || path === "" || arg === "") {
    const what = given > wanted
      ? `too many arguments`
      : path === undefined || path === ""
      ? "missing <file>"
      : subcommand === "add"
      ? "missing <alg>"
      : "missing <kid>";
    throw new UsageError(`${what}: ${usage}`);
  }
  const file = path!;
  if (subcommand !== "add") {
    const option = (["kid", "kid-thumbprint", "keep"] as const).find((name) =>
      values[name] !== undefined
    );
    if (option) {
      throw new UsageError(`--${option} is for keyset add: ${usage}`);
    }
  }
  if (values["insecure-clear"] && subcommand !== "decrypt") {
    throw new UsageError(`--insecure-clear is for keyset decrypt: ${usage}`);
  }
  const protect = protectionOptions(values);
  if ((subcommand === "encrypt" || subcommand === "decrypt") && !protect) {
    throw new UsageError(`missing --password-file or --kek-env: ${usage}`);
  }
  if (subcommand === "decrypt" && !values["insecure-clear"]) {
    throw new UsageError(
      `keyset decrypt writes every secret in the clear: add --insecure-clear if you mean it`,
    );
  }
  const protection = await protectionOf(values, protect);
  switch (subcommand) {
    case "add": {
      const alg = readAlg(arg!);
      // As for one JWK: a kid given, or else its thumbprint.
      const keyId = keyIdOf(values, "jwk", 1) ?? "thumbprint";
      const keep = values.keep === undefined
        ? undefined
        : parseCount(stringValue(values.keep)!, CLI_MAX_COUNT, "--keep");
      const added = await addKey(file, alg, keyId, keep, protection);
      return {
        text: added.kid,
        notes: added.dropped.map((dropped) => `dropped ${dropped}`),
      };
    }
    case "list": {
      const { text, encrypted } = await listKeys(file, protection);
      const notes = encrypted ? [] : ["# not encrypted"];
      return text === "" ? { notes } : { text, notes };
    }
    case "find":
      return { text: await findKey(file, arg!, protection) };
    case "encrypt":
    case "decrypt":
      await convertKeys(file, subcommand, protection!);
      return {};
    default:
      await removeKey(file, arg!, protection);
      return {};
  }
}

/** A string option's value (parse() gives booleans only to flags). */
function stringValue(value: string | true | undefined): string | undefined {
  return value === true ? undefined : value;
}

/** Runs `read`, adding `hint` to the message of any InputError it throws. */
function withHint<T>(read: () => T, hint: string): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof InputError) throw new UsageError(error.message + hint);
    throw error;
  }
}

/** Checks `--kid` and `--kid-thumbprint` against each other and the rest. */
function keyIdOf(
  values: { kid?: string | true; "kid-thumbprint"?: string | true },
  format: string,
  count: number,
): KeyId {
  const { kid, "kid-thumbprint": byThumbprint } = values;
  if (kid === undefined && byThumbprint === undefined) return undefined;
  if (kid !== undefined && byThumbprint !== undefined) {
    throw new UsageError("--kid and --kid-thumbprint exclude each other");
  }
  const option = kid !== undefined ? "--kid" : "--kid-thumbprint";
  if (format !== "jwk" && format !== "jwks") {
    throw new UsageError(
      `${option} needs --format jwk or jwks: ${format} has no key id`,
    );
  }
  if (byThumbprint) return "thumbprint";
  if (kid === "") throw new UsageError(`--kid needs a value: ${WANTS["kid"]}`);
  if (count > 1) {
    throw new UsageError(
      "--kid names one key: with --count above 1 use --kid-thumbprint",
    );
  }
  return { kid: kid as string };
}

/**
 * Writes `text` to a new file, owner-only, never over an existing one; a
 * file that cannot be written whole is removed again.
 */
async function writeNewFile(path: string, text: string): Promise<void> {
  let file: Deno.FsFile;
  try {
    file = await Deno.open(path, {
      write: true,
      createNew: true,
      mode: 0o600,
    });
  } catch (error) {
    if (error instanceof Deno.errors.NotCapable) {
      // A missing flag, or a refusal no --allow-write lifts (a device file
      // wants --allow-all): say which.
      throw new WriteError(
        /^Requires write access/.test(error.message)
          ? `writing ${
            quote(path)
          } needs permission: run deno with --allow-write=${shellWord(path)}`
          : `writing ${quote(path)} is refused: ${error.message}`,
      );
    }
    if (error instanceof Deno.errors.AlreadyExists) {
      throw new WriteError(
        `${
          quote(path)
        } already exists: name a new file (an existing one is never overwritten)`,
      );
    }
    throw new WriteError(
      `could not create ${quote(path)}: ${(error as Error).message}`,
    );
  }
  try {
    await writeAll(file, new TextEncoder().encode(text));
  } catch (error) {
    file.close();
    await Deno.remove(path).catch(() => {});
    throw new WriteError(
      `could not write ${quote(path)}: ${(error as Error).message}`,
    );
  }
  file.close();
}

/** Writes to stdout; a reader that stopped early ends the CLI quietly. */
async function writeStdout(text: string): Promise<void> {
  try {
    await writeAll(Deno.stdout, new TextEncoder().encode(text));
  } catch (error) {
    if (error instanceof Deno.errors.BrokenPipe) Deno.exit(1);
    throw new WriteError(
      `could not write to stdout: ${(error as Error).message}`,
    );
  }
}

if (import.meta.main) {
  try {
    const { text, out, notes = [] } = await run(Deno.args);
    if (text === undefined) {
      // Nothing to print.
    } else if (out === undefined) await writeStdout(text + "\n");
    else await writeNewFile(out, text + "\n");
    for (const note of notes) console.error(note);
  } catch (error) {
    if (
      error instanceof InputError || error instanceof WriteError ||
      error instanceof KeySetError || error instanceof KeyRingAdminError ||
      error instanceof KeyFileError
    ) {
      console.error(`error: ${error.message}`);
      Deno.exit(error instanceof InputError ? 2 : 1);
    }
    throw error;
  }
}
