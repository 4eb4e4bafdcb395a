// Copyright 2026 the @x/jose authors. MIT license.
/**
 * jose, pinned, for the tests and the benchmark. It is imported by its npm
 * specifier here rather than named in `deno.json`, because `deno task`
 * fetches every npm package `deno.json` names before it runs any task: a
 * first `deno task secret` would fetch it for nothing.
 *
 * @module
 */
export * from "npm:jose@6.2.18";
