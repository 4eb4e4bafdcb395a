// ../../root/.cache/deno/npm/registry.npmjs.org/deno-std/1.4.0/encoding/_common64.js
var padding = "=".charCodeAt(0);
var alphabet = {
  base64: new TextEncoder().encode("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"),
  base64url: new TextEncoder().encode("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
};
var rAlphabet = {
  base64: new Uint8Array(128).fill(64),
  base64url: new Uint8Array(128).fill(64)
};
alphabet.base64.forEach((byte, i) => rAlphabet.base64[byte] = i);
alphabet.base64url.forEach((byte, i) => rAlphabet.base64url[byte] = i);
function calcSizeBase64(originalSize) {
  return ((originalSize + 2) / 3 | 0) * 4;
}
function encode(buffer, i, o, alphabet5, padding3) {
  i += 2;
  for (; i < buffer.length; i += 3) {
    const x = buffer[i - 2] << 16 | buffer[i - 1] << 8 | buffer[i];
    buffer[o++] = alphabet5[x >> 18];
    buffer[o++] = alphabet5[x >> 12 & 63];
    buffer[o++] = alphabet5[x >> 6 & 63];
    buffer[o++] = alphabet5[x & 63];
  }
  switch (i) {
    case buffer.length + 1: {
      const x = buffer[i - 2] << 16;
      buffer[o++] = alphabet5[x >> 18];
      buffer[o++] = alphabet5[x >> 12 & 63];
      buffer[o++] = padding3;
      buffer[o++] = padding3;
      break;
    }
    case buffer.length: {
      const x = buffer[i - 2] << 16 | buffer[i - 1] << 8;
      buffer[o++] = alphabet5[x >> 18];
      buffer[o++] = alphabet5[x >> 12 & 63];
      buffer[o++] = alphabet5[x >> 6 & 63];
      buffer[o++] = padding3;
      break;
    }
  }
  return o;
}

// ../../root/.cache/deno/npm/registry.npmjs.org/deno-std/1.4.0/encoding/_common_detach.js
function detach(buffer, maxSize) {
  const originalSize = buffer.length;
  if (buffer.byteOffset) {
    const b = new Uint8Array(buffer.buffer);
    b.set(buffer);
    buffer = b.subarray(0, originalSize);
  }
  buffer = new Uint8Array(buffer.buffer.transfer(maxSize));
  buffer.set(buffer.subarray(0, originalSize), maxSize - originalSize);
  return [
    buffer,
    maxSize - originalSize
  ];
}

// ../../root/.cache/deno/npm/registry.npmjs.org/deno-std/1.4.0/encoding/base64url.js
var padding2 = "=".charCodeAt(0);
var alphabet2 = new TextEncoder().encode("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");
var rAlphabet2 = new Uint8Array(128).fill(64);
alphabet2.forEach((byte, i) => rAlphabet2[byte] = i);
function encodeBase64Url(data) {
  if (typeof data === "string") {
    data = new TextEncoder().encode(data);
  } else if (data instanceof ArrayBuffer) {
    data = new Uint8Array(data).slice();
  } else {
    data = data.slice();
  }
  const [output, i] = detach(data, calcSizeBase64(data.length));
  let o = encode(output, i, 0, alphabet2, padding2);
  o = output.indexOf(padding2, o - 2);
  return new TextDecoder().decode(
    // deno-lint-ignore no-explicit-any
    o > 0 ? new Uint8Array(output.buffer.transfer(o)) : output
  );
}

// ../../root/.cache/deno/npm/registry.npmjs.org/deno-std/1.4.0/encoding/_common16.js
var alphabet3 = new TextEncoder().encode("0123456789abcdef");
var rAlphabet3 = new Uint8Array(128).fill(16);
alphabet3.forEach((byte, i) => rAlphabet3[byte] = i);
new TextEncoder().encode("ABCDEF").forEach((byte, i) => rAlphabet3[byte] = i + 10);
function calcSizeHex(originalSize) {
  return originalSize * 2;
}
function encode2(buffer, i, o, alphabet5) {
  for (; i < buffer.length; ++i) {
    const x = buffer[i];
    buffer[o++] = alphabet5[x >> 4];
    buffer[o++] = alphabet5[x & 15];
  }
  return o;
}

// ../../root/.cache/deno/npm/registry.npmjs.org/deno-std/1.4.0/encoding/hex.js
var alphabet4 = new TextEncoder().encode("0123456789abcdef");
var rAlphabet4 = new Uint8Array(128).fill(16);
alphabet4.forEach((byte, i) => rAlphabet4[byte] = i);
new TextEncoder().encode("ABCDEF").forEach((byte, i) => rAlphabet4[byte] = i + 10);
function encodeHex(src) {
  if (typeof src === "string") {
    src = new TextEncoder().encode(src);
  } else if (src instanceof ArrayBuffer) {
    src = new Uint8Array(src).slice();
  } else {
    src = src.slice();
  }
  const [output, i] = detach(src, calcSizeHex(src.length));
  encode2(output, i, 0, alphabet4);
  return new TextDecoder().decode(output);
}

// generate_secret.ts
var JOSENotSupported = class extends Error {
  /** The error code, for callers that compare codes rather than classes. */
  static code = "ERR_JOSE_NOT_SUPPORTED";
  /** The error code: always `"ERR_JOSE_NOT_SUPPORTED"`. */
  code = "ERR_JOSE_NOT_SUPPORTED";
  /**
   * The error name: always `"JOSENotSupported"`. Written out rather than taken
   * from `constructor.name`, so that minified code keeps it.
   */
  name = "JOSENotSupported";
};
var SECRETS = /* @__PURE__ */ new Map();
var AES_BITS = [
  128,
  192,
  256
];
for (const bits of [
  256,
  384,
  512
]) {
  SECRETS.set(`HS${bits}`, () => [
    {
      name: "HMAC",
      hash: `SHA-${bits}`,
      length: bits
    },
    [
      "sign",
      "verify"
    ]
  ]);
}
for (const bits of AES_BITS) {
  SECRETS.set(`A${bits}KW`, () => [
    {
      name: "AES-KW",
      length: bits
    },
    [
      "wrapKey",
      "unwrapKey"
    ]
  ]);
}
for (const bits of AES_BITS) {
  SECRETS.set(`A${bits}GCMKW`, () => [
    {
      name: "AES-GCM",
      length: bits
    },
    [
      "encrypt",
      "decrypt"
    ]
  ]);
}
for (const bits of AES_BITS) {
  SECRETS.set(`A${bits}GCM`, () => [
    {
      name: "AES-GCM",
      length: bits
    },
    [
      "encrypt",
      "decrypt"
    ]
  ]);
}
for (const bits of AES_BITS) {
  SECRETS.set(`A${bits}CBC-HS${bits * 2}`, bits / 4);
}
var SECRET_ALGS = Object.freeze([
  ...SECRETS.keys()
]);
function generateSecret(alg2, options) {
  try {
    const extractable = options?.extractable;
    if (extractable !== void 0 && typeof extractable !== "boolean") {
      throw new TypeError('"extractable" option must be a boolean');
    }
    const secret = SECRETS.get(alg2);
    if (!secret) {
      throw new JOSENotSupported('Invalid or unsupported "alg" (Algorithm) value');
    }
    if (typeof secret === "number") {
      return Promise.resolve(crypto.getRandomValues(new Uint8Array(secret)));
    }
    const subtle = crypto.subtle;
    if (!subtle) {
      throw new JOSENotSupported("crypto.subtle is unavailable: WebCrypto needs a secure context");
    }
    const [algorithm, usages] = secret();
    return Promise.resolve(subtle.generateKey(algorithm, extractable ?? false, usages));
  } catch (error) {
    return Promise.reject(error);
  }
}

// format.ts
var FORMATS = [
  "jwk",
  "jwks",
  "base64url",
  "hex"
];
function isFormat(format2) {
  return FORMATS.includes(format2);
}
async function generateSecrets(alg2, count2) {
  return await Promise.all(Array.from({
    length: count2
  }, async () => {
    const secret = await generateSecret(alg2, {
      extractable: true
    });
    const bytes = secret instanceof Uint8Array ? secret : new Uint8Array(await crypto.subtle.exportKey("raw", secret));
    return {
      alg: alg2,
      bytes
    };
  }));
}
function toJwk({ alg: alg2, bytes }, kid) {
  const k = encodeBase64Url(bytes);
  return kid === void 0 ? {
    kty: "oct",
    alg: alg2,
    k
  } : {
    kty: "oct",
    kid,
    alg: alg2,
    k
  };
}
async function thumbprint(secret) {
  const { k } = toJwk(secret);
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(JSON.stringify({
    k,
    kty: "oct"
  })));
  return encodeBase64Url(digest);
}
async function formatSecrets(secrets, format2, keyId) {
  if (format2 === "base64url" || format2 === "hex") {
    const encode3 = format2 === "hex" ? encodeHex : encodeBase64Url;
    return secrets.map(({ bytes }) => encode3(bytes)).join("\n");
  }
  const id = format2 === "jwks" && keyId === void 0 ? "thumbprint" : keyId;
  const jwks = await Promise.all(secrets.map(async (secret) => toJwk(secret, id === "thumbprint" ? await thumbprint(secret) : id?.kid)));
  return format2 === "jwks" ? JSON.stringify({
    keys: jwks
  }) : jwks.map((jwk) => JSON.stringify(jwk)).join("\n");
}

// input.ts
var InputError = class extends Error {
};
var ASYMMETRIC = /^(RS|PS|ES)\d{3}K?$|^(EdDSA|Ed25519|Ed448)$|^RSA|^ECDH-ES/;
function distance(a, b) {
  let row = Array.from({
    length: b.length + 1
  }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const next = [
      i
    ];
    for (let j = 1; j <= b.length; j++) {
      next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    row = next;
  }
  return row[b.length];
}
function suggestion(alg2) {
  const upper = alg2.toUpperCase();
  let best;
  for (const known of SECRET_ALGS) {
    const d = known === upper ? 0 : distance(upper, known);
    if (d <= 2 && (best === void 0 || d < best[1])) best = [
      known,
      d
    ];
  }
  return best?.[0];
}
function parseAlg(text, name) {
  if (SECRET_ALGS.includes(text)) {
    return text;
  }
  const what = `unsupported ${name} ${JSON.stringify(text)}`;
  if (ASYMMETRIC.test(text)) {
    throw new InputError(`${what}: it is asymmetric, and this makes symmetric secrets only`);
  }
  const near = suggestion(text);
  throw new InputError(near ? `${what}: did you mean ${JSON.stringify(near)}?` : what);
}
function parseFormat(text) {
  if (isFormat(text)) return text;
  throw new InputError(`unknown format ${JSON.stringify(text)}: use ${FORMATS.join(", ")}`);
}
function parseCount(text, max, name) {
  const count2 = Number(text);
  if (!/^[1-9][0-9]*$/.test(text) || count2 > max) {
    throw new InputError(`${name} ${JSON.stringify(text)} is not a number from 1 to ${max}`);
  }
  return count2;
}

// web/api.ts
var MAX_COUNT = 100;

// web/app.ts
function element(id) {
  return document.getElementById(id);
}
var form = element("form");
var alg = element("alg");
var format = element("format");
var count = element("count");
var result = element("result");
var status = element("status");
var copy = element("copy");
var download = element("download");
var made;
if (!globalThis.isSecureContext) {
  element("insecure").hidden = false;
  for (const option of alg.options) {
    option.disabled = !option.value.includes("CBC-HS");
  }
  alg.value = "A128CBC-HS256";
  format.querySelector('option[value="jwks"]').disabled = true;
}
function show(text, state) {
  status.value = text;
  status.dataset["state"] = state;
}
form.addEventListener("submit", async (event) => {
  event.preventDefault();
  try {
    const chosen = parseAlg(alg.value, "algorithm");
    const how = parseFormat(format.value);
    const n = parseCount(count.value, MAX_COUNT, "how many");
    result.value = await formatSecrets(await generateSecrets(chosen, n), how);
    made = {
      alg: chosen,
      format: how
    };
    copy.disabled = download.disabled = false;
    show(`${n === 1 ? "1 secret" : `${n} secrets`} made in this browser`, "done");
  } catch (error) {
    result.value = "";
    made = void 0;
    copy.disabled = download.disabled = true;
    const message = error instanceof InputError ? error.message : `${error.name}: ${error.message}`;
    show(`error: ${message}`, "error");
  }
});
copy.addEventListener("click", async () => {
  try {
    await navigator.clipboard.writeText(result.value);
    show("copied", "done");
  } catch {
    result.select();
    show("press Ctrl+C (\u2318C) to copy the selected text", "done");
  }
});
download.addEventListener("click", () => {
  if (!made) return;
  const json = made.format === "jwk" || made.format === "jwks";
  const blob = new Blob([
    result.value
  ], {
    type: json ? "application/json" : "text/plain"
  });
  const link = document.createElement("a");
  link.href = URL.createObjectURL(blob);
  link.download = `${made.alg}.${made.format}${json ? ".json" : ".txt"}`;
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 1e3);
  show(`saved as ${link.download}`, "done");
});
