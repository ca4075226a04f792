/**
 * Deterministic generators of hostile input: random and unicode text, malformed JSON and
 * forms, truncations, oversized streamed bodies. Seeded, so a failure reproduces.
 *
 * @module
 */

/** A seeded PRNG (mulberry32) with helpers. */
export class Rng {
  #a: number;

  constructor(seed: number) {
    this.#a = seed;
  }

  next(): number {
    this.#a = (this.#a + 0x6d2b79f5) | 0;
    let t = Math.imul(this.#a ^ (this.#a >>> 15), 1 | this.#a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }
}

// Characters that break naive code: controls, NUL, bidi overrides, zero-width, lone surrogates,
// combining marks, astral characters, quotes and template/shell metacharacters.
const NASTY = [
  "\u0000",
  "\u0001",
  "\u001b[31m",
  "\r\n",
  "\t",
  "\u007f",
  "\u202e",
  "\u200b",
  "\ufeff",
  "\ud800",
  "\udfff",
  "e\u0301",
  "🚀",
  "漢",
  '"',
  "'",
  "`",
  "\\",
  "${{ secrets.GITHUB_TOKEN }}",
  "$(id)",
  "; rm -rf /",
  "%00",
  "%ZZ",
  "&",
  "=",
  "<script>",
  "../",
  "__proto__",
];

/**
 * Random text mixing ASCII, nasty characters and random code points.
 *
 * @example
 * ```ts
 * randomText(new Rng(1), 40);
 * ```
 */
export function randomText(rng: Rng, maxLength: number): string {
  const n = rng.int(maxLength + 1);
  let out = "";
  while (out.length < n) {
    const r = rng.next();
    if (r < 0.4) out += String.fromCharCode(32 + rng.int(95));
    else if (r < 0.7) out += rng.pick(NASTY);
    else out += String.fromCodePoint(rng.int(0x110000));
  }
  return out;
}

/** Random bytes, usually not valid UTF-8. */
export function randomBytes(rng: Rng, maxLength: number): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(rng.int(maxLength + 1));
  for (let i = 0; i < bytes.length; i++) bytes[i] = rng.int(256);
  return bytes;
}

/**
 * Percent-encodes any string, lone surrogates included (as U+FFFD, as a browser would).
 *
 * @example
 * ```ts
 * pct("a b\ud800"); // "a%20b%EF%BF%BD"
 * ```
 */
export function pct(text: string): string {
  return encodeURIComponent(text.toWellFormed());
}

/**
 * Broken JSON, and valid JSON of the wrong shape.
 *
 * @example
 * ```ts
 * malformedJson(new Rng(2));
 * ```
 */
export function malformedJson(rng: Rng): string {
  const forms: Array<() => string> = [
    () => "{",
    () => '{"type":',
    () => '{"type":1,}',
    () => "[".repeat(1 + rng.int(20_000)),
    () => `{"a":${"[".repeat(5_000)}1${"]".repeat(5_000)}}`,
    () => "1e999999",
    () => "null",
    () => "[]",
    () => '""',
    () => "{}",
    () => `{"type":${rng.pick(["1", "2", "3", "4", "5", "99", '"1"', "null", "-1", "1.5"])}}`,
    () => '{"__proto__":{"admin":true},"constructor":{"prototype":{"x":1}}}',
    () => JSON.stringify({ type: rng.int(6), data: randomText(rng, 80), id: randomText(rng, 20) }),
    () => JSON.stringify({ type: "message", text: randomText(rng, 60) }).slice(0, -1 - rng.int(9)),
    () => JSON.stringify({ action: "completed", workflow_run: { id: randomText(rng, 10) } }),
    () => JSON.stringify({ token: "x", type: "url_verification" }),
    () => JSON.stringify({ type: "event_callback", event: { type: randomText(rng, 12) } }),
    () => `"${"\\u0000".repeat(rng.int(200))}"`,
    () => randomText(rng, 200),
  ];
  return rng.pick(forms)();
}

/**
 * Broken `application/x-www-form-urlencoded` bodies, including a `payload=` with broken JSON.
 *
 * @example
 * ```ts
 * malformedForm(new Rng(3));
 * ```
 */
export function malformedForm(rng: Rng): string {
  const forms: Array<() => string> = [
    () => "&&&===",
    () => "a=%ZZ&b=%",
    () => `payload=${pct(malformedJson(rng))}`,
    () => `payload=${pct(JSON.stringify({ type: "block_actions", actions: [] }))}`,
    () => `command=${pct(randomText(rng, 20))}`,
    () => "command=/ci-test&command=/ci-test&text=help",
    () => `ssl_check=1&token=${pct(randomText(rng, 10))}`,
    () => randomText(rng, 300),
  ];
  return rng.pick(forms)();
}

/**
 * A body of `bytes` bytes streamed in chunks, declaring no length.
 *
 * @example
 * ```ts
 * const body = streamedBody(2 * 1024 * 1024);
 * ```
 */
export function streamedBody(bytes: number, chunk = 64 * 1024): ReadableStream<Uint8Array> {
  let sent = 0;
  const block = new Uint8Array(chunk).fill(0x7b);
  return new ReadableStream({
    pull(controller) {
      if (sent >= bytes) return controller.close();
      const n = Math.min(chunk, bytes - sent);
      controller.enqueue(n === chunk ? block : block.subarray(0, n));
      sent += n;
    },
  });
}

/**
 * Lowercase hex of `bytes` random bytes.
 *
 * @example
 * ```ts
 * randomHex(new Rng(4), 64).length; // 128
 * ```
 */
export function randomHex(rng: Rng, bytes: number): string {
  let out = "";
  for (let i = 0; i < bytes; i++) out += rng.int(256).toString(16).padStart(2, "0");
  return out;
}
