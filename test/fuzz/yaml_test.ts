/**
 * YAML bombs and huge workflow files: refused (or read harmlessly) within a fixed time and
 * without a memory blow-up, by the parser, the linter and `analyze` over the local provider.
 */
import assert from "node:assert/strict";
import { analyze } from "../../src/ops/analyze/mod.ts";
import { localProvider } from "../../src/providers/local.ts";
import { lintWorkflow } from "../../src/workflow/lint.ts";
import { parseWorkflowFile } from "../../src/workflow/parse.ts";
import { countingLogger } from "./harness.ts";

const TIME_LIMIT_MS = 1_000;
const RSS_LIMIT = 256 * 1024 * 1024;

function billionLaughs(levels: number): string {
  let yaml = 'on: push\na0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n';
  for (let i = 1; i < levels; i++) {
    yaml += `a${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(",")}]\n`;
  }
  return yaml + `jobs:\n  x:\n    runs-on: ubuntu-latest\n    steps: *a${levels - 1}\n`;
}

const BOMBS: Record<string, string> = {
  "billion laughs": billionLaughs(10),
  "quadratic blow-up (one big anchor, many aliases)":
    `on: push\nbig: &b "${"x".repeat(200_000)}"\n` +
    Array.from({ length: 2_000 }, (_, i) => `k${i}: *b`).join("\n") + "\n",
  "deep flow nesting": `on: push\njobs: ${"[".repeat(200_000)}${"]".repeat(200_000)}\n`,
  "deep block nesting": "on: push\njobs:\n" +
    Array.from({ length: 1_000 }, (_, i) => `${" ".repeat(i + 2)}k:`).join("\n") + " 1\n",
  "deep mapping flow": `on: push\njobs: ${"{a: ".repeat(50_000)}1${"}".repeat(50_000)}\n`,
  "huge flow sequence": `on: push\njobs: [${Array(180_000).fill("1").join(",")}]\n`,
  "many keys": "on: push\njobs:\n" +
    Array.from({ length: 30_000 }, (_, i) => `  j${i}: {runs-on: x}`).join("\n") + "\n",
  "merge-key bomb": "on: push\nbase: &m {a: 1}\n" +
    Array.from({ length: 5_000 }, (_, i) => `m${i}: {<<: [*m, *m, *m]}`).join("\n") + "\n",
};

const FIVE_MIB = `name: big\non: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n` +
  "      - run: echo ".concat("y".repeat(80), "\n").repeat(Math.ceil((5 * 1024 * 1024) / 98));

function timed<T>(what: string, fn: () => T): T {
  const started = performance.now();
  const result = fn();
  const ms = performance.now() - started;
  assert.ok(ms < TIME_LIMIT_MS, `${what} took ${ms.toFixed(0)} ms`);
  return result;
}

// Inputs whose shape makes YAML parsing slow are refused before the parser runs
// (SHAPE_LIMITS in src/workflow/parse.ts), and duplicate keys are found in linear time.
const KNOWN_SLOW = new Set<string>();

for (const [name, content] of Object.entries(BOMBS)) {
  Deno.test({
    name: `yaml bomb: ${name} is parsed and linted within ${TIME_LIMIT_MS} ms`,
    ignore: KNOWN_SLOW.has(name),
    fn: () => {
      const rss = Deno.memoryUsage().rss;
      const path = ".github/workflows/bomb.yml";
      const outcome = timed(`parse ${name}`, () => parseWorkflowFile(path, content));
      const findings = timed(`lint ${name}`, () => lintWorkflow({ path, content }));
      // Either refused with a finding that says why, or read as a (wrong) workflow: never a hang.
      if (outcome.file === null) {
        assert.ok(outcome.problems.length > 0, "a refused file says why");
        assert.ok(
          findings.some((f) => f.ruleId === "yaml-syntax" || f.ruleId === "workflow-structure"),
          JSON.stringify(findings[0]),
        );
      } else {
        assert.ok(findings.length > 0, "a malformed workflow has findings");
      }
      assert.ok(Deno.memoryUsage().rss - rss < RSS_LIMIT, "rss bounded");
    },
  });
}

Deno.test("yaml bomb: billion laughs is refused, not expanded", () => {
  const { file, problems } = parseWorkflowFile("bomb.yml", billionLaughs(10));
  assert.equal(file, null);
  assert.match(problems[0].message, /alias/i);
});

Deno.test("a 5 MiB workflow is refused at once with its size and the limit", () => {
  const bytes = new TextEncoder().encode(FIVE_MIB).length;
  assert.ok(bytes > 5 * 1024 * 1024);
  const started = performance.now();
  assert.throws(
    () => parseWorkflowFile(".github/workflows/big.yml", FIVE_MIB),
    (e: Error & { code?: string }) =>
      e.code === "too_large" && e.message.includes(String(bytes)) && /limit/.test(e.message),
  );
  const [finding] = lintWorkflow({ path: "big.yml", content: FIVE_MIB });
  assert.equal(finding.ruleId, "file-too-large");
  assert.match(finding.message, /limit is 1048576/);
  assert.ok(performance.now() - started < TIME_LIMIT_MS);
});

Deno.test("analyze over local files: bombs and a 5 MiB file are reported, the rest analysed", async () => {
  const dir = await Deno.makeTempDir({ prefix: "yaml-bombs-" });
  try {
    await Deno.writeTextFile(`${dir}/big.yml`, FIVE_MIB);
    await Deno.writeTextFile(`${dir}/laughs.yml`, billionLaughs(10));
    await Deno.writeTextFile(`${dir}/deep.yml`, BOMBS["deep flow nesting"]);
    await Deno.writeTextFile(
      `${dir}/ci.yml`,
      "on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n",
    );
    const rss = Deno.memoryUsage().rss;
    const started = performance.now();
    const outcome = await analyze({ op: "analyze" }, {
      provider: localProvider(dir),
      defaultRepo: "local/bombs",
      log: countingLogger(),
      now: () => new Date("2026-11-24T12:00:00Z"),
    }).then((r) => ({ ok: true as const, r }), (e: Error) => ({ ok: false as const, e }));
    const ms = performance.now() - started;
    assert.ok(ms < 4 * TIME_LIMIT_MS, `analyze took ${ms.toFixed(0)} ms`);
    assert.ok(Deno.memoryUsage().rss - rss < RSS_LIMIT, "rss bounded");
    if (!outcome.ok) {
      // Refusing the whole analysis is acceptable only with a clear reason naming the file.
      assert.match(outcome.e.message, /big\.yml/);
      return;
    }
    const shown = JSON.stringify(outcome.r);
    assert.match(shown, /ci\.yml/, "the sound file was analysed");
    assert.match(shown, /laughs\.yml/);
    assert.match(shown, /big\.yml/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
