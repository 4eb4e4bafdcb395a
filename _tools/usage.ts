// Copyright 2026 the @x/jose authors. MIT license.
/**
 * How the task scripts take arguments and report bad ones: one line on
 * stderr, `error: <what is wrong>: <what is accepted>`, and exit code 2, with
 * no stack trace.
 *
 * @module
 */
import { parseArgs } from "node:util";

/** Reports bad input to a task script and exits with code 2. */
export function usageError(message: string): never {
  console.error(`error: ${message}`);
  Deno.exit(2);
}

/**
 * Reads the `--name value` (or `--name=value`) options named in `names` from
 * `args`; anything else is bad input, reported with `accepted`, which says
 * what the script takes.
 */
export function parseOptions<Name extends string>(
  args: string[],
  names: readonly Name[],
  accepted: string,
): Partial<Record<Name, string>> {
  const { tokens } = parseArgs({
    args,
    options: Object.fromEntries(
      names.map((name) => [name, { type: "string" as const }]),
    ),
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const values: Partial<Record<Name, string>> = {};
  for (const token of tokens) {
    if (
      token.kind === "option" &&
      (names as readonly string[]).includes(token.name)
    ) {
      if (token.value === undefined) {
        usageError(`${token.rawName} needs a value: ${accepted}`);
      }
      values[token.name as Name] = token.value;
      continue;
    }
    const raw = token.kind === "option"
      ? token.rawName + (token.inlineValue ? `=${token.value}` : "")
      : token.kind === "positional"
      ? token.value
      : "--";
    usageError(`unknown argument ${JSON.stringify(raw)}: ${accepted}`);
  }
  return values;
}
