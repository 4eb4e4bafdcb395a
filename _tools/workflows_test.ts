// Copyright 2026 the @x/jose authors. MIT license.
import { assert, assertEquals, assertMatch } from "@std/assert";

const WORKFLOWS = new URL("../.github/workflows/", import.meta.url);
const FILES = ["ci.yml", "publish.yml"];

async function workflow(name: string): Promise<string> {
  return await Deno.readTextFile(new URL(name, WORKFLOWS));
}

Deno.test("workflows pin every action by full commit SHA, with its version in a comment", async () => {
  for (const name of FILES) {
    const uses = (await workflow(name)).split("\n").filter((line) =>
      /^\s*(-\s*)?uses:/.test(line)
    );
    assert(uses.length > 0, name);
    for (const line of uses) {
      assertMatch(
        line,
        /uses: [\w.-]+\/[\w.-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/,
      );
    }
  }
});

Deno.test("workflows grant nothing at the top and give every job a timeout", async () => {
  for (const name of FILES) {
    const text = await workflow(name);
    assertMatch(text, /^permissions: \{\}$/m, name);
    const jobs = text.slice(text.indexOf("\njobs:\n")).split(/\n {2}(?=\w)/)
      .slice(1);
    assert(jobs.length > 0, name);
    for (const job of jobs) {
      assertMatch(job, /\n {4}timeout-minutes: \d+\n/, `${name}: ${job}`);
    }
  }
});

Deno.test("publish runs only in this repository, from a protected v* tag", async () => {
  const text = await workflow("publish.yml");
  const guard = text.match(/ {4}if: >-\n((?: {6}.*\n)+)/)?.[1]
    ?.replace(/\s+/g, " ").trim();
  assertEquals(
    guard,
    "github.event.repository.fork == false && github.ref_protected && startsWith(github.ref, 'refs/tags/v')",
  );
  assertMatch(text, /\n {6}id-token: write\n/);
});
