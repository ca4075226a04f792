import assert from "node:assert/strict";
import { parseCommand } from "../../src/intent/parse.ts";
import { ParseResultSchema } from "../../src/intent/schema.ts";

/** Small deterministic PRNG (mulberry32) so failures reproduce. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PIECES = [
  "test",
  "compare",
  "analyze",
  "help",
  "/ci-test",
  "/ci-compare",
  "<@U1>",
  "!ci-test",
  "repo:",
  "acme/app",
  "ci.yml",
  "matrix:",
  "{",
  "}",
  "[",
  "]",
  '"',
  "'",
  "“",
  "”",
  "‘",
  "’",
  "=",
  ":",
  ";",
  ",",
  "--",
  "—",
  "-R",
  "runs:",
  "80",
  "inputs:",
  "a=b",
  "${{ secrets.X }}",
  "`rm -rf /`",
  "$(id)",
  "|",
  "&&",
  "\\",
  "\u0000",
  "\u200b",
  "\u00a0",
  "é",
  "漢字",
  "🚀",
  "\ud800",
  "&lt;",
  "<https://github.com/acme/app|x>",
  "why",
  "faster",
  "notify",
  "python 3.11",
  "__proto__",
  "constructor",
  " ",
  " ",
  " ",
];

Deno.test("never throws and always returns a schema-valid ParseResult", () => {
  const next = rng(2026);
  const inputs: string[] = ["", " ", "\n\t", "x".repeat(4001), "{".repeat(3000), "'".repeat(999)];
  for (let i = 0; i < 400; i++) {
    const n = Math.floor(next() * 14);
    let text = "";
    for (let j = 0; j < n; j++) {
      text += next() < 0.8
        ? PIECES[Math.floor(next() * PIECES.length)]
        : String.fromCodePoint(Math.floor(next() * 0x2ffff));
    }
    inputs.push(text);
  }
  let intents = 0;
  for (const text of inputs) {
    const result = ParseResultSchema.parse(parseCommand(text));
    if (result.kind === "intent") intents++;
    else assert.equal(result.examples.length, 2, text);
  }
  // The generator must exercise both outcomes, or this test proves little.
  assert.ok(intents > 20 && intents < inputs.length - 20, `intents: ${intents}`);
});

Deno.test("pathological input stays fast", () => {
  const start = performance.now();
  for (
    const text of [
      `test ${"a ".repeat(1990)}`,
      `why ${"x.".repeat(1990)}`,
      `python ${"3.1 and ".repeat(490)}`,
      `compare ${"a vs ".repeat(790)}`,
    ]
  ) {
    ParseResultSchema.parse(parseCommand(text));
  }
  assert.ok(performance.now() - start < 2000, `${performance.now() - start} ms`);
});
