/**
 * `deno run -A bench/nlu.ts`: milliseconds per phrase of the parser over a fixed list —
 * grammar-only commands, and natural-language phrases read lexically (before the NLP library
 * has loaded) and with wink-nlp loaded — plus the library's one-time load. Standalone: the
 * figures issue 15 asks for ("a few milliseconds per phrase at most"), printed as a table.
 *
 * @example
 * ```sh
 * deno run -A bench/nlu.ts --rounds 200
 * ```
 *
 * @module
 */
import { loadNlu } from "../src/intent/nlu/engine.ts";
import { parseCommand } from "../src/intent/parse.ts";

const GRAMMAR = [
  "analyze acme/app",
  "test acme/app ci.yml matrix:python-version=3.11,3.12 runs:3",
  "compare main my-branch repo:acme/app",
  "cancel 9b1e44d0",
  "subscribe acme/app on:failure branch:main",
  "optimize acme/app workflow:ci.yml target:build",
  "status repo:acme/app",
  "migrate acme/app strategy:reusable",
];

const NATURAL = [
  "hows my test run going",
  "please stop posting acme/web build failures in here",
  "can you trigger a test run of acme/web on my branch fix/flaky-login?",
  "is ci-fast.yml faster than ci.yml on acme/app?",
  "analyze the release/2.x branch of acme/app",
  "fire off the tests on main for https://github.com/initech/tps-reports",
  "test acme/api on python 3.10 through 3.12",
  "dispatch deploy.yml on acme/docs with environment=staging and version=1.4.2",
  "let me know when main is back to green on acme/app",
  "tset acme/app",
];

function rounds(): number {
  const i = Deno.args.indexOf("--rounds");
  const n = i >= 0 ? Number(Deno.args[i + 1]) : 200;
  return Number.isInteger(n) && n > 0 ? n : 200;
}

function msPerPhrase(phrases: readonly string[], n: number): number {
  for (const p of phrases) parseCommand(p);
  const start = performance.now();
  for (let r = 0; r < n; r++) for (const p of phrases) parseCommand(p);
  return (performance.now() - start) / (n * phrases.length);
}

const n = rounds();
const grammar = msPerPhrase(GRAMMAR, n);
const lexical = msPerPhrase(NATURAL, n);
const loadStart = performance.now();
await loadNlu();
const load = performance.now() - loadStart;
const library = msPerPhrase(NATURAL, n);
console.table([
  { stage: "grammar only", "ms/phrase": grammar.toFixed(3) },
  { stage: "natural, lexical (library not loaded)", "ms/phrase": lexical.toFixed(3) },
  { stage: "natural, wink-nlp loaded", "ms/phrase": library.toFixed(3) },
  { stage: "wink-nlp + model one-time load", "ms/phrase": `${load.toFixed(0)} ms total` },
]);
console.log(`natural (library) / grammar: ${(library / grammar).toFixed(1)}x`);
