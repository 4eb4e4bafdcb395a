// Copyright 2026 the @x/jose authors. MIT license.
/**
 * One instance of the fleet that `keyring_fleet_test.ts` starts: it shares a
 * key ring in a local KV file with the others, and until its clock reaches
 * the end it signs a token with the ring's current key, puts it in KV for
 * the others, and verifies every other instance's latest token with the
 * ring. Its clock runs `speed` times faster than real time from `start`, the
 * same for every instance, so that periods pass in a second.
 *
 * Prints one line at the end: `verified <n>`, and one line
 * `FAILED <instance>: <error>` for each token that did not verify.
 *
 * @example
 * ```sh
 * deno run --unstable-kv -R -W=/tmp/fleet _tools/keyring_fleet.ts /tmp/fleet/kv 1 1796000000000 60 60000 360000
 * ```
 *
 * @module
 */
import { openKeyRing } from "../keyring.ts";
import { jwtVerify, SignJWT } from "./jose.ts";

const [path, id, start, speed, rotateAfter, end] = Deno.args;
const now = () => Number(start) + (Date.now() - Number(start)) * Number(speed);
const TOKENS = ["fleet", "token"];

using kv = await Deno.openKv(path);
using ring = await openKeyRing(kv, {
  name: "fleet",
  alg: "HS256",
  rotateAfter: Number(rotateAfter),
  keep: 2,
  now,
});
let verified = 0;
const failures: string[] = [];
while (now() < Number(start) + Number(end)) {
  const { kid, key } = await ring.current();
  const token = await new SignJWT({ sub: id! })
    .setProtectedHeader({ alg: "HS256", kid })
    .sign(key);
  try {
    await kv.set([...TOKENS, id!], token);
  } catch {
    // "database is locked": the others read the previous one this time.
  }
  try {
    for await (
      const { key: [, , other], value } of kv.list<string>({ prefix: TOKENS })
    ) {
      if (other === id) continue;
      try {
        await jwtVerify(value, ring.getKey);
        verified++;
      } catch (error) {
        failures.push(`FAILED ${String(other)}: ${(error as Error).message}`);
      }
    }
  } catch {
    // "database is locked" while listing: the next round reads them.
  }
  await new Promise((resolve) => setTimeout(resolve, 5));
}
console.log([`verified ${verified}`, ...failures].join("\n"));
