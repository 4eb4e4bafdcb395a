// Copyright 2026 the @x/jose authors. MIT license.
/**
 * The fleet test: six processes share one key ring in a local KV file for
 * several rotation periods, on a clock sixty times faster than real time,
 * each signing tokens with the ring's current key and verifying the
 * others'. One is killed with SIGKILL midway; the rest carry on.
 */
import { assert, assertEquals } from "@std/assert";

const INSTANCES = 6;
const SPEED = 60; // a 60 s period passes in 1 s
const ROTATE_AFTER = 60_000;
const PERIODS = 6;
const KEEP = 2;
const WORKER = new URL("_tools/keyring_fleet.ts", import.meta.url).pathname;

interface Seen {
  kid: string;
  nbf: number;
}

Deno.test("a fleet of processes shares one ring: every token verifies everywhere, one key a period, a killed process harms nothing", async () => {
  const dir = await Deno.makeTempDir({ prefix: "x-jose-fleet-" });
  const path = `${dir}/kv.sqlite`;
  const start = Date.now();
  const children = Array.from(
    { length: INSTANCES },
    (_, i) =>
      new Deno.Command(Deno.execPath(), {
        args: [
          "run",
          "-q",
          "--no-prompt",
          "--unstable-kv",
          "--allow-read",
          `--allow-write=${dir}`,
          WORKER,
          path,
          String(i),
          String(start),
          String(SPEED),
          String(ROTATE_AFTER),
          String(PERIODS * ROTATE_AFTER),
        ],
        stdout: "piped",
        stderr: "piped",
      }).spawn(),
  );
  const kv = await Deno.openKv(path);
  const seen = new Map<string, number>();
  let most = 0;
  let mostPending = 0;
  const killed = INSTANCES - 1;
  let killedAt = 0;
  try {
    const outputs = Promise.all(children.map((child) => child.output()));
    let done = false;
    outputs.finally(() => done = true);
    while (!done) {
      try {
        const { value } = await kv.get<{ keys: Seen[] }>([
          "@x/jose",
          "keyring",
          "fleet",
        ]);
        const keys = value?.keys ?? [];
        const virtual = start + (Date.now() - start) * SPEED;
        for (const { kid, nbf } of keys) seen.set(kid, nbf);
        most = Math.max(most, keys.length);
        mostPending = Math.max(
          mostPending,
          keys.filter((key) => key.nbf * 1000 > virtual + 1_000).length,
        );
      } catch {
        // "database is locked": look again.
      }
      if (killedAt === 0 && Date.now() - start > PERIODS * 1000 / 2) {
        children[killed]!.kill("SIGKILL");
        killedAt = start + (Date.now() - start) * SPEED;
        // Its last token ages out of the ring: no one is to verify it.
        await kv.delete(["fleet", "token", String(killed)]);
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const results = await outputs;
    for (const [i, { code, stdout, stderr }] of results.entries()) {
      if (i === killed) {
        assertEquals(code, 137);
        continue;
      }
      const text = new TextDecoder().decode(stdout).trim();
      assertEquals(
        [code, new TextDecoder().decode(stderr), text.split("\n").length],
        [0, "", 1],
        `instance ${i}: ${text}`,
      );
      const verified = Number(text.match(/^verified (\d+)$/)?.[1]);
      assert(verified > 100, `instance ${i} verified ${verified} tokens`);
    }
    // One key a period: start times one period apart, none twice, none
    // missing, from the first period to the last.
    const starts = [...seen.values()].sort((a, b) => a - b);
    assertEquals(
      starts,
      starts.map((_, i) => starts[0]! + i * ROTATE_AFTER / 1000),
    );
    assert(starts.length >= PERIODS, `${starts.length} keys`);
    assert(
      starts.length <= PERIODS + 2,
      `${starts.length} keys in ${PERIODS} periods`,
    );
    // Keys made after the kill: the ring went on.
    assert(starts.at(-1)! * 1000 > killedAt + ROTATE_AFTER);
    assert(most <= KEEP + 1, `the entry held ${most} keys`);
    assert(mostPending <= 1, `${mostPending} keys pending at once`);
  } finally {
    for (const child of children) {
      try {
        child.kill("SIGKILL");
      } catch {
        // Ended already.
      }
    }
    kv.close();
    await Deno.remove(dir, { recursive: true });
  }
});
