// Copyright 2026 the @x/jose authors. MIT license.
/**
 * The key ring in a request's path: HS256 sign-and-verify with jose, its key
 * taken from a ring (`current()` to sign, `getKey` to verify) against the
 * same work with one CryptoKey held in a variable (the baseline), in
 * rotating rounds. `deno task bench` runs this several times and reports the
 * median ratio; see "Keys for a fleet" in the README.
 *
 * @module
 */
import { jwtVerify, SignJWT } from "./_tools/jose.ts";
import { openKeyRing } from "./keyring.ts";

const kv = await Deno.openKv(":memory:");
// A store without watch(): nothing stays open when the bench ends.
const ring = await openKeyRing({
  get: (key) => kv.get(key),
  atomic: () => kv.atomic(),
}, { name: "bench", alg: "HS256", rotateAfter: 30 * 86_400_000 });
const held = await ring.current();

const CALLS = 20;
const SAMPLES = { n: 30, warmup: 5 };
const ROUNDS = 12;
const contenders: [
  name: string,
  fn: () => Promise<unknown>,
  baseline: boolean,
][] = [
  ["one CryptoKey in a variable", async () => {
    const token = await new SignJWT({ sub: "ada" })
      .setProtectedHeader({ alg: "HS256", kid: held.kid })
      .sign(held.key);
    return await jwtVerify(token, held.key);
  }, true],
  ["key ring (current() + getKey)", async () => {
    const { kid, key } = await ring.current();
    const token = await new SignJWT({ sub: "ada" })
      .setProtectedHeader({ alg: "HS256", kid })
      .sign(key);
    return await jwtVerify(token, ring.getKey);
  }, false],
];

for (let round = 1; round <= ROUNDS; round++) {
  const turn = round % contenders.length;
  for (
    const [name, call, baseline] of [
      ...contenders.slice(turn),
      ...contenders.slice(0, turn),
    ]
  ) {
    Deno.bench({
      name,
      group: `HS256 sign and verify with jose #${round} ×${CALLS}`,
      baseline,
      ...SAMPLES,
      fn: async () => {
        for (let i = 0; i < CALLS; i++) await call();
      },
    });
  }
}
