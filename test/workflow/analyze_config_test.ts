import assert from "node:assert/strict";
import { CiError } from "../../src/errors.ts";
import {
  DEFAULT_ANALYZE_CONFIG,
  globToRegExp,
  isIgnored,
  parseAnalyzeConfig,
} from "../../src/workflow/analyze_config.ts";

const KNOWN = ["missing-timeout", "unpinned-action", "deprecated-runner"];
const SOURCE = "acme/app .github/ci-orchestrator.yml";

function configError(text: string): CiError {
  try {
    parseAnalyzeConfig(text, SOURCE, KNOWN);
  } catch (error) {
    assert.ok(error instanceof CiError);
    assert.equal(error.code, "config");
    return error;
  }
  assert.fail("expected a config error");
}

Deno.test("analyze config: every key parsed; presets beside it are left alone", () => {
  const config = parseAnalyzeConfig(
    [
      "presets:",
      "  quick: { python-version: ['3.12'] }",
      "analyze:",
      "  level: pedantic",
      "  rules:",
      "    missing-timeout: off",
      "    unpinned-action: error",
      "  ignore: [.github/workflows/legacy-*.yml]",
      "  self-hosted-runner:",
      "    labels: [gpu, arm64-large]",
      "",
    ].join("\n"),
    SOURCE,
    KNOWN,
  );
  assert.deepEqual(config, {
    level: "pedantic",
    rules: { "missing-timeout": "off", "unpinned-action": "error" },
    ignore: [".github/workflows/legacy-*.yml"],
    selfHostedLabels: ["gpu", "arm64-large"],
    source: SOURCE,
  });
});

Deno.test("analyze config: no file content or no section gives the defaults", () => {
  assert.deepEqual(parseAnalyzeConfig("", SOURCE, KNOWN), {
    ...DEFAULT_ANALYZE_CONFIG,
    source: SOURCE,
  });
  assert.equal(parseAnalyzeConfig("presets: {}\n", SOURCE, KNOWN).level, "default");
});

Deno.test("analyze config: unknown keys are errors that name them, with the line", () => {
  const e = configError("analyze:\n  levle: pedantic\n  ignore: []\n");
  assert.match(e.message, /levle/);
  assert.match(e.message, /line 2/);
  assert.match(e.hint ?? "", /level/);
  assert.match(configError("analyze:\n  self-hosted-runner:\n    label: [x]\n").message, /label/);
});

Deno.test("analyze config: unknown rule ids and wrong values are errors", () => {
  const e = configError("analyze:\n  rules:\n    missing-timout: off\n    unpinned-action: off\n");
  assert.match(e.message, /'missing-timout' is not a rule id/);
  assert.match(e.message, /line 3/);
  assert.doesNotMatch(e.message, /'unpinned-action'/);
  assert.match(
    configError("analyze:\n  rules:\n    missing-timeout: loud\n").message,
    /rules\.missing-timeout/,
  );
  assert.match(configError("analyze:\n  level: strict\n").message, /level/);
  assert.match(configError("analyze: [\n").message, /YAML error/);
});

Deno.test("ignore globs: *, ** and ?, whole paths, folders", () => {
  const cases: [string, string, boolean][] = [
    [".github/workflows/legacy-*.yml", ".github/workflows/legacy-a.yml", true],
    [".github/workflows/legacy-*.yml", ".github/workflows/legacy/a.yml", false],
    ["**/release.yml", ".github/workflows/release.yml", true],
    ["**/release.yml", "release.yml", true],
    [".github/actions/", ".github/actions/build/action.yml", true],
    ["./.github/workflows/ci.y?l", ".github/workflows/ci.yml", true],
    ["ci.yml", ".github/workflows/ci.yml", false],
    ["a.b", "axb", false],
  ];
  for (const [glob, path, expected] of cases) {
    assert.equal(globToRegExp(glob).test(path), expected, `${glob} ~ ${path}`);
  }
  assert.ok(isIgnored("x/old.yml", { ...DEFAULT_ANALYZE_CONFIG, ignore: ["nope", "**/old.yml"] }));
  assert.ok(!isIgnored("x/old.yml", DEFAULT_ANALYZE_CONFIG));
});
