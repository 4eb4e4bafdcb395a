// Copyright 2026 the @x/jose authors. MIT license.
/**
 * generateSecret() against the raw WebCrypto call with the same parameters
 * (the baseline) and against jose's generateSecret(), one group per family of
 * identifiers. `deno task bench` runs this several times and reports the
 * median ratios; see "Performance" in the README.
 *
 * @module
 */
import * as jose from "./_tools/jose.ts";
import { generateSecret, type SecretAlg } from "./mod.ts";

// What a caller writes by hand for the same secret, as the baseline, and how
// many calls make one sample: enough that a sample outlasts the timer's and
// the machine's jitter, few enough that the CryptoKeys made do not keep the
// garbage collector busy.
const FAMILIES: [
  family: string,
  alg: SecretAlg,
  byHand: () => Promise<unknown>,
  batch: number,
][] = [
  ["HMAC", "HS256", () =>
    crypto.subtle.generateKey(
      { name: "HMAC", hash: "SHA-256", length: 256 },
      false,
      ["sign", "verify"],
    ), 10],
  ["AES-KW", "A256KW", () =>
    crypto.subtle.generateKey(
      { name: "AES-KW", length: 256 },
      false,
      ["wrapKey", "unwrapKey"],
    ), 10],
  ["AES-GCM", "A256GCM", () =>
    crypto.subtle.generateKey(
      { name: "AES-GCM", length: 256 },
      false,
      ["encrypt", "decrypt"],
    ), 10],
  [
    "CBC-HS",
    "A256CBC-HS512",
    () => Promise.resolve(crypto.getRandomValues(new Uint8Array(64))),
    100,
  ],
];

const SAMPLES = { n: 30, warmup: 5 };
// The three contenders take turns, round after round, in a rotating order,
// so that drift over a run (heap growth, a busy neighbour, a warm thread
// pool) falls on all of them alike; 12 rounds put each of them 4 times in
// each place. `deno bench` runs benches in the order they are registered;
// each round is a group of its own, named "<family> #<round> ×<calls per
// sample>", and `deno task bench` compares contenders within a round.
const ROUNDS = 12;

for (let round = 1; round <= ROUNDS; round++) {
  for (const [family, alg, byHand, calls] of FAMILIES) {
    const contenders: [
      name: string,
      call: () => Promise<unknown>,
      baseline: boolean,
    ][] = [
      [`WebCrypto by hand (${alg})`, byHand, true],
      [`@x/jose generateSecret("${alg}")`, () => generateSecret(alg), false],
      [`jose generateSecret("${alg}")`, () => jose.generateSecret(alg), false],
    ];
    const turn = round % contenders.length;
    for (
      const [name, call, baseline] of [
        ...contenders.slice(turn),
        ...contenders.slice(0, turn),
      ]
    ) {
      Deno.bench({
        name,
        group: `${family} #${round} ×${calls}`,
        baseline,
        ...SAMPLES,
        // Awaited one after another, as callers do.
        fn: async () => {
          for (let i = 0; i < calls; i++) await call();
        },
      });
    }
  }
}
