import assert from "node:assert/strict";
import { CiError } from "../../src/errors.ts";
import { DEFAULT_COMPARE_CONFIG, parseCompareConfig } from "../../src/workflow/compare_config.ts";

const SOURCE = "acme/app .github/ci-orchestrator.yml at main";

function configError(text: string): CiError {
  try {
    parseCompareConfig(text, SOURCE);
  } catch (error) {
    assert.ok(error instanceof CiError);
    assert.equal(error.code, "config");
    return error;
  }
  assert.fail(`expected a config error for ${JSON.stringify(text)}`);
}

Deno.test("compare config: both keys parsed, with their units; other sections left alone", () => {
  const config = parseCompareConfig(
    [
      "analyze:",
      "  level: pedantic",
      "compare:",
      "  min-effect: 5s # absolute floor",
      "  relative: 2.5%",
      "",
    ].join("\n"),
    SOURCE,
  );
  assert.deepEqual(config, { minEffectMs: 5_000, relative: 0.025, source: SOURCE });
  const cases: [string, number][] = [["1m", 60_000], ["1m 30s", 90_000], ["0.5s", 500], [
    "0s",
    0,
  ], ["90s", 90_000]];
  for (const [text, ms] of cases) {
    assert.equal(parseCompareConfig(`compare:\n  min-effect: ${text}\n`, SOURCE).minEffectMs, ms);
  }
});

Deno.test("compare config: a missing key keeps its default; no section, the defaults", () => {
  assert.deepEqual(parseCompareConfig("compare:\n  relative: 10%\n", SOURCE), {
    minEffectMs: DEFAULT_COMPARE_CONFIG.minEffectMs,
    relative: 0.1,
    source: SOURCE,
  });
  assert.deepEqual(parseCompareConfig("", SOURCE), DEFAULT_COMPARE_CONFIG);
  assert.deepEqual(parseCompareConfig("analyze:\n  level: default\n", SOURCE), {
    minEffectMs: 1_000,
    relative: 0.05,
  });
  assert.deepEqual(parseCompareConfig("compare:\n", SOURCE), DEFAULT_COMPARE_CONFIG);
});

Deno.test("compare config: unknown keys are errors naming the key and its line", () => {
  const e = configError("compare:\n  relative: 5%\n  min-efect: 5s\n");
  assert.match(e.message, /^Cannot read the compare settings of acme\/app .* at main: 1 problem/);
  assert.match(e.message, /compare\.min-efect \(line 3\): unknown key 'min-efect'/);
  assert.match(e.message, /line 3/);
  assert.match(e.hint ?? "", /min-effect .*relative/);
});

Deno.test("compare config: values without a unit or out of range name the key and line", () => {
  const cases: [string, RegExp][] = [
    [
      "compare:\n  min-effect: 5\n",
      /compare\.min-effect \(line 2\): write a duration with its unit/,
    ],
    ["compare:\n  min-effect: 5 min\n", /compare\.min-effect \(line 2\): write a duration/],
    ["compare:\n  min-effect: 5ms\n", /compare\.min-effect \(line 2\): write a duration/],
    ["compare:\n  min-effect: ''\n", /compare\.min-effect \(line 2\): write a duration/],
    ["compare:\n  min-effect: 7h\n", /compare\.min-effect \(line 2\)/],
    ["compare:\n  min-effect: 361m\n", /compare\.min-effect \(line 2\): at most 6h/],
    ["compare:\n\n  relative: 5\n", /compare\.relative \(line 3\): write a percentage, e\.g\. 5%/],
    ["compare:\n  relative: 0.05\n", /compare\.relative \(line 2\): write a percentage/],
    ["compare:\n  relative: 150%\n", /compare\.relative \(line 2\): at most 100%/],
    ["compare:\n  relative: -5%\n", /compare\.relative \(line 2\): write a percentage/],
    ["compare: 5s\n", /compare \(line 1\)/],
    ["compare: [\n", /YAML error at line/],
  ];
  for (const [text, pattern] of cases) assert.match(configError(text).message, pattern, text);
  // Every problem is listed, not only the first.
  const both = configError("compare:\n  min-effect: 5\n  relative: 5\n");
  assert.match(both.message, /2 problems[\s\S]*min-effect \(line 2\)[\s\S]*relative \(line 3\)/);
});
