import assert from "node:assert/strict";
import { CiError } from "../../src/errors.ts";
import type { CIProvider, FileContent } from "../../src/providers/port.ts";
import {
  loadPresets,
  mergePresets,
  parsePresets,
  type Presets,
  PRESETS_PATH,
} from "../../src/workflow/presets.ts";

const EXAMPLE = `# shared matrices
presets:
  full:
    python-version: [3.10, "3.11", '3.12']
    os: [ubuntu-latest, macos-latest]
    exclude:
      - { python-version: "3.10", os: macos-latest }
    include:
      - { os: ubuntu-latest, experimental: true }
  quick:
    python-version: ["3.12"]
other-setting: 1
`;

function errorOf(fn: () => unknown): CiError {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof CiError, `not a CiError: ${error}`);
    return error;
  }
  assert.fail("expected a CiError");
}

Deno.test("presets parse with every value as written", () => {
  const presets = parsePresets(EXAMPLE, "acme/app .github/ci-orchestrator.yml");
  assert.deepEqual([...presets.keys()], ["full", "quick"]);
  assert.deepEqual(presets.get("full"), {
    name: "full",
    dimensions: {
      "python-version": ["3.10", "3.11", "3.12"],
      os: ["ubuntu-latest", "macos-latest"],
    },
    exclude: [{ "python-version": "3.10", os: "macos-latest" }],
    include: [{ os: "ubuntu-latest", experimental: "true" }],
    source: "acme/app .github/ci-orchestrator.yml",
  });
  assert.deepEqual(presets.get("quick")?.dimensions, { "python-version": ["3.12"] });
});

Deno.test("empty files and files without presets have none", () => {
  assert.equal(parsePresets("", "f").size, 0);
  assert.equal(parsePresets("presets:\n", "f").size, 0);
  assert.equal(parsePresets("other: 1\n", "f").size, 0);
});

Deno.test("every problem is listed with its path and line", () => {
  const err = errorOf(() =>
    parsePresets(
      `presets:
  full:
    os: ubuntu-latest
    node: []
    exclude:
      - { python: "3.10" }
  bad-include:
    include: { os: x }
  nothing: {}
`,
      "repo.yml",
    )
  );
  assert.equal(err.code, "config");
  assert.equal(
    err.message,
    [
      "Cannot read presets from repo.yml: 5 problems",
      "- presets.full.os (line 3): Invalid input: expected array, received string",
      "- presets.full.node (line 4): a dimension needs at least one value",
      "- presets.full.exclude.0.python (line 6): 'python' is not a dimension of this preset " +
      "(dimensions: os, node)",
      "- presets.bad-include.include (line 8): Invalid input: expected array, received object",
      "- presets.nothing (line 9): a preset needs a dimension or an include list",
    ].join("\n"),
  );
  assert.match(err.hint ?? "", /include\/exclude/);
});

Deno.test("YAML errors and null values are config errors", () => {
  const syntax = errorOf(() => parsePresets("presets:\n  full: [a\n", "f.yml"));
  assert.equal(syntax.code, "config");
  assert.match(syntax.message, /^Cannot read presets from f\.yml: YAML error at line \d+/);
  const nulls = errorOf(() => parsePresets("presets:\n  full:\n    os: [~]\n", "f.yml"));
  assert.match(nulls.message, /presets\.full\.os\.0 \(line 3\): Invalid input: expected string/);
});

Deno.test("preset names cannot reach Object.prototype", () => {
  const presets = parsePresets("presets:\n  quick:\n    a: [b]\n", "f");
  assert.equal(presets.get("constructor"), undefined);
  assert.equal(presets.get("toString"), undefined);
});

Deno.test("loadPresets reads the file through the provider; no file, no presets", async () => {
  const reads: Array<[string, string, string | undefined]> = [];
  const provider = (file: FileContent | null) =>
    ({
      name: "fake",
      readFile(repo: string, path: string, ref?: string) {
        reads.push([repo, path, ref]);
        return Promise.resolve(file);
      },
    }) as unknown as CIProvider;
  const found = await loadPresets(
    provider({ path: PRESETS_PATH, content: EXAMPLE }),
    "acme/app",
    "dev",
  );
  assert.deepEqual([...found.keys()], ["full", "quick"]);
  assert.equal(found.get("full")?.source, "acme/app .github/ci-orchestrator.yml");
  assert.equal((await loadPresets(provider(null), "acme/app")).size, 0);
  assert.deepEqual(reads, [
    ["acme/app", ".github/ci-orchestrator.yml", "dev"],
    ["acme/app", ".github/ci-orchestrator.yml", undefined],
  ]);
});

Deno.test("repository presets override policy presets of the same name", () => {
  const repo: Presets = parsePresets("presets:\n  full:\n    os: [linux]\n", "repo");
  const policy: Presets = parsePresets(
    "presets:\n  full:\n    os: [a, b]\n    node: ['20']\n  nightly:\n    os: [c]\n",
    "policy",
  );
  const merged = mergePresets(repo, policy);
  assert.deepEqual([...merged.keys()].sort(), ["full", "nightly"]);
  assert.deepEqual(merged.get("full")?.dimensions, { os: ["linux"] });
  assert.equal(merged.get("full")?.source, "repo");
  assert.equal(merged.get("nightly")?.source, "policy");
});
