// Copyright 2026 the @x/jose authors. MIT license.
/**
 * jose, pinned, for the tests, the benchmark and the size rule. It is
 * imported by its npm specifier here rather than named in `deno.json`,
 * because `deno task` fetches every npm package `deno.json` names before it
 * runs any task: a first `deno task secret` would fetch it for nothing. The
 * version is pinned here, in `_tools/npm.ts` (`NPM_TOOLS.jose`) and in the
 * type import of `generate_secret_test.ts`.
 *
 * @module
 */
import { SECRET_ALGS, type SecretAlg } from "../generate_secret.ts";

export * from "npm:jose@6.2.18";

/**
 * The identifiers this package supports that the pinned jose does not: none
 * today. Tests that compare with jose, or use a key through jose, leave these
 * out (they are held to the RFC values written out in the tests alone), the
 * type test compares `GenerateSecretAlgorithm` with jose's without them, and
 * `deno task size` allows each of them the bytes of one table entry.
 */
export const JOSE_LACKS = [] as const satisfies readonly SecretAlg[];

/** {@linkcode SECRET_ALGS} that the pinned jose supports too. */
export const JOSE_ALGS: readonly SecretAlg[] = SECRET_ALGS.filter((alg) =>
  !(JOSE_LACKS as readonly SecretAlg[]).includes(alg)
);
