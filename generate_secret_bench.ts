// Copyright 2026 the @x/jose authors. MIT license.
/**
 * generateSecret() against the raw WebCrypto call with the same parameters
 * (the baseline) and against jose's generateSecret(), one group per family of
 * identifiers. `deno task bench` runs this several times and reports the
 * median ratios; see "Performance" in the README.
 *
 * @module
 */
import * as jose from "jose";
import { generateSecret, type SecretAlg } from "./mod.ts";

// What a caller writes by hand for the same secret, as the baseline.
const FAMILIES: [
  group: string,
  alg: SecretAlg,
  byHand: () => Promise<unknown>,
][] = [
  [
    "HMAC",
    "HS256",
    () =>
      crypto.subtle.generateKey(
        { name: "HMAC", hash: "SHA-256", length: 256 },
        false,
        [
          "sign",
          "verify",
        ],
      ),
  ],
  [
    "AES-KW",
    "A256KW",
    () =>
      crypto.subtle.generateKey({ name: "AES-KW", length: 256 }, false, [
        "wrapKey",
        "unwrapKey",
      ]),
  ],
  [
    "AES-GCM",
    "A256GCM",
    () =>
      crypto.subtle.generateKey({ name: "AES-GCM", length: 256 }, false, [
        "encrypt",
        "decrypt",
      ]),
  ],
  [
    "CBC-HS",
    "A256CBC-HS512",
    () => Promise.resolve(crypto.getRandomValues(new Uint8Array(64))),
  ],
];

// Each sample is a batch of calls, awaited one after another as callers do:
// one call takes microseconds, less than this machine's jitter.
const BATCH = 10;
const SAMPLES = { n: 30, warmup: 5 };
// The three contenders take turns, round after round, in a rotating order,
// so that drift over a run (heap growth, a busy neighbour, a warm thread
// pool) falls on all of them alike. `deno bench` runs benches in the order
// they are registered; each round is a group of its own.
const ROUNDS = 8;

async function batch(call: () => Promise<unknown>): Promise<void> {
  for (let i = 0; i < BATCH; i++) await call();
}

for (let round = 1; round <= ROUNDS; round++) {
  for (const [family, alg, byHand] of FAMILIES) {
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
        group: `${family} #${round}`,
        baseline,
        ...SAMPLES,
        fn: () => batch(call),
      });
    }
  }
}
