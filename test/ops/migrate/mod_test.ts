/**
 * The catalog, the `reusable` strategy and migrate's validation: parsing errors are listed at
 * once; matching jobs become pinned calls while triggers, other jobs and comments stay
 * byte-identical; jobs that cannot move are kept with the reason; secrets never widen.
 */
import assert from "node:assert/strict";
import { loadChecker as createLinter } from "../../../src/workflow/actionlint/checker.ts";
import { CiError } from "../../../src/errors.ts";
import { catalogLocation, parseCatalog, whereCatalog } from "../../../src/ops/migrate/catalog.ts";
import type { CIProvider } from "../../../src/providers/port.ts";
import { localProvider } from "../../../src/providers/local.ts";
import { migrateToReusable } from "../../../src/ops/migrate/reusable.ts";
import { commands, globMatch } from "../../../src/ops/migrate/reusable_match.ts";
import { validateChange } from "../../../src/ops/migrate/validate.ts";
import { IGNORED_ACTIONLINT_KINDS } from "../../../src/ops/pull_requests/validate.ts";
import { authorize, changesState } from "../../../src/policy/authorize.ts";
import { CI } from "./fixtures.ts";

const EXAMPLE = await Deno.readTextFile(
  new URL("../../../docs/catalog.example.yml", import.meta.url),
);
const catalog = parseCatalog(EXAMPLE, "docs/catalog.example.yml");
const actionlint = await createLinter();
const REQUESTS = await Deno.readTextFile(
  "/work/shared/corpus/github/psf__requests__.github__workflows__run-tests.yml",
).catch(() => undefined);

const PATH = ".github/workflows/ci.yml";
const section = (text: string, from: string, to?: string) =>
  text.slice(text.indexOf(from), to ? text.indexOf(to) : undefined);
function thrown(fn: () => unknown): CiError {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof CiError, String(error));
    return error;
  }
  throw new Error("did not throw");
}
const relevant = (src: string) =>
  actionlint(src, PATH).filter((i) => !IGNORED_ACTIONLINT_KINDS.includes(i.kind));

Deno.test("catalog: the example parses; every problem is listed in one config error", () => {
  assert.deepEqual(Object.keys(catalog.workflows), [
    "python-ci",
    "python-lint",
    "node-ci",
    "docker-publish",
  ]);
  assert.equal(catalog.workflows["python-ci"].inputs["python-version"].default, "3.12");
  const bad = `version: 1
workflows:
  broken:
    uses: acme/ci-tooling/python-ci.yml
    sha: abc
    inputs:
      v: { type: number, default: "x", from: "nowhere" }
    covers: { setup: [setup-python] }
    colour: blue
`;
  const error = thrown(() => parseCatalog(bad, "acme/ci-tooling/catalog.yml"));
  assert.equal(error.code, "config");
  for (
    const part of [
      "workflows.broken.uses",
      "workflows.broken.sha",
      "inputs.v.from",
      "covers.setup.0",
      "colour",
    ]
  ) {
    assert.match(error.message, new RegExp(part.replace(/\./g, "\\.")), part);
  }
  assert.match(error.message, /acme\/ci-tooling\/catalog\.yml has \d+ problems/);
  const yaml = thrown(() => parseCatalog("workflows: [a, ", "c.yml"));
  assert.equal(yaml.code, "config");
  assert.match(yaml.message, /not valid YAML/);
  const types = thrown(() =>
    parseCatalog(
      "version: 1\nworkflows:\n  a:\n    uses: o/r/.github/workflows/a.yml@v1\n    inputs:\n" +
        "      n: { type: number, default: 'x' }\n    covers: { setup: [actions/setup-go] }\n",
      "c.yml",
    )
  );
  assert.match(types.message, /a\.inputs\.n\.default: is a string, not number/);
});

Deno.test("catalog location: default next to the repository, or owner/repo/path@ref", () => {
  assert.deepEqual(catalogLocation(undefined, "acme/app"), {
    repo: "acme/ci-tooling",
    path: "catalog.yml",
  });
  assert.deepEqual(catalogLocation("acme/tools/ci/cat.yaml@v2", "acme/app"), {
    repo: "acme/tools",
    path: "ci/cat.yaml",
    ref: "v2",
  });
  assert.throws(() => catalogLocation("acme/tools/../x.yml", "acme/app"), /catalog location/);
  for (const bad of ["acme/..", "acme/tools/./x.yml", "-acme/tools", "acme/tools/../x.yml"]) {
    assert.throws(() => catalogLocation(bad, "acme/app"), /catalog location/, bad);
  }
});

Deno.test("catalog location in messages: the provider's own path when it reads files on disk", () => {
  const at = catalogLocation(undefined, "app");
  // Without `locate` (GitHub, or any provider that does not say), the repository path is named.
  const github: CIProvider = localProvider("/home/me/app");
  assert.equal(whereCatalog(github, at), "local/ci-tooling/catalog.yml");
  const disk = { ...github, locate: (_repo: string, path: string) => `/home/me/app/${path}` };
  assert.equal(whereCatalog(disk, at), "/home/me/app/catalog.yml");
  const pinned = { ...at, ref: "v1" };
  assert.equal(
    whereCatalog(disk, pinned),
    "/home/me/app/catalog.yml (ref v1 ignored)",
  );
  assert.equal(whereCatalog(github, pinned), "local/ci-tooling/catalog.yml@v1");
});

Deno.test("matching vocabulary: globs on whole commands, scripts split into commands", () => {
  assert.ok(globMatch("pytest *", "pytest  -q tests"));
  assert.ok(!globMatch("pip install -r requirements*.txt", "pip install urllib3<2"));
  assert.deepEqual(commands("set -e\npip install -U pip && \\\n  pip install -e .\n# c\nruff ."), [
    "pip install -U pip",
    "pip install -e .",
    "ruff .",
  ]);
});

Deno.test("reusable: matching jobs become pinned calls; triggers, other jobs and comments stay", () => {
  const result = migrateToReusable([{ path: PATH, content: CI }], { catalog, actionlint });
  assert.equal(result.files.length, 1);
  const { before, after } = result.files[0];
  assert.equal(before, CI);
  // Triggers, permissions and the untouched jobs are byte-identical.
  assert.equal(section(after, "# CI", "jobs:"), section(CI, "# CI", "jobs:"));
  assert.equal(section(after, "  # Docs are built"), section(CI, "  # Docs are built"));
  for (
    const comment of [
      "# Fast feedback first.",
      "# only after lint passed",
      "# every PR",
      "# the Makefile knows sphinx",
    ]
  ) {
    assert.ok(after.includes(comment), comment);
  }
  assert.ok(after.includes(
    "  lint:\n    uses: acme/ci-tooling/.github/workflows/python-lint.yml@" +
      "5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f80 # v1\n\n  test:",
  ));
  assert.equal(
    section(after, "  test:", "  # Docs"),
    `  test:
    needs: lint # only after lint passed
    uses: acme/ci-tooling/.github/workflows/python-ci.yml@3f1c0d9e8b7a6f5e4d3c2b1a09f8e7d6c5b4a392 # v1
    with:
      python-version: \${{ matrix.python-version }}
      os: \${{ matrix.os }}
      pytest-args: -q --cov
    secrets:
      codecov-token: \${{ secrets.CODECOV_TOKEN }}
    strategy:
      fail-fast: false
      matrix:
        os: [ubuntu-latest, macos-latest]
        python-version: ["3.11", "3.12", "3.13"]

`,
  );
  assert.ok(!after.includes("inherit"));
  assert.deepEqual(relevant(after), []);
  assert.deepEqual(validateChange(result.files[0], { actionlint }).problems, []);

  const by = (kind: string) => result.notes.filter((n) => n.kind === kind);
  assert.deepEqual(by("replaced").map((n) => n.job), ["lint", "test"]);
  const kept = Object.fromEntries(by("kept").map((n) => [n.job, n.message]));
  assert.match(kept.docs, /no catalog workflow covers it/);
  assert.match(kept.publish, /environment/);
  const changes = by("behaviour-change").map((n) => n.message).join("\n");
  assert.match(changes, /timeout-minutes: 10.*dropped/);
  assert.match(changes, /runs-on: ubuntu-latest` is now decided by `python-lint`/);
});

Deno.test("reusable: unsafe jobs are kept with the reason, and the file is left untouched", () => {
  const risky = CI
    .replace("      - run: pytest -q --cov\n", "      - run: pytest -q -k ${{ matrix.os }}\n")
    .replace(
      "      - run: ruff check .\n",
      "      - run: ruff check .\n        continue-on-error: true\n",
    )
    .replace(
      "codecov-action@v4\n        with:\n          token: ${{ secrets.CODECOV_TOKEN }}",
      "codecov-action@v4\n        with:\n          token: ${{ secrets.DEPLOY_KEY }}",
    );
  const result = migrateToReusable([{ path: PATH, content: risky }], { catalog, actionlint });
  assert.equal(result.files.length, 0, "nothing rewritten");
  const kept = Object.fromEntries(
    result.notes.filter((n) => n.kind === "kept").map((n) => [n.job, n.message]),
  );
  assert.match(kept.lint, /continue-on-error/);
  assert.match(kept.test, /matrix\.os.*pytest -q -k|DEPLOY_KEY/);

  if (REQUESTS) {
    const real = migrateToReusable([{ path: PATH, content: REQUESTS }], { catalog, actionlint });
    assert.equal(real.files.length, 0);
    assert.deepEqual(real.notes.map((n) => n.job), ["build", "no_chardet", "urllib3"]);
    assert.ok(real.notes.every((n) => n.kind === "kept" && n.message.length > 10));
  }
});

Deno.test("validate: a changed trigger or a newly exposed secret is refused", () => {
  const base = { path: PATH, before: CI };
  const trig = validateChange({
    ...base,
    after: CI.replace("branches: [main]", "branches: [dev]"),
  });
  assert.match(trig.problems.join(), /triggers/);
  const secret = validateChange({
    ...base,
    after: CI.replace("secrets.CODECOV_TOKEN", "secrets.PYPI_TOKEN"),
  });
  assert.match(secret.problems.join(), /exposes secrets it did not use before: PYPI_TOKEN/);
  const inherit = validateChange({
    ...base,
    after: CI.replace("    needs: lint # only", "    secrets: inherit\n    needs: lint # only"),
  });
  assert.match(inherit.problems.join(), /secrets: inherit/);
  const fresh = validateChange({
    path: ".github/workflows/new.yml",
    before: null,
    after: "on: [push\n",
  });
  assert.match(fresh.problems.join(), /does not parse/);
});

Deno.test("policy: migrate proposals are read-only; apply needs admin and is audited", () => {
  const who = { surface: "slack" as const, userId: "U1" };
  assert.equal(authorize(null, who, { op: "migrate", repo: "acme/app" }).allowed, true);
  const previewIntent = {
    op: "migrate" as const,
    repo: "acme/app",
    apply: { step: "preview" as const },
  };
  const preview = authorize(null, who, previewIntent);
  assert.equal(preview.allowed, false);
  assert.equal(preview.required, "admin");
  assert.equal(changesState(previewIntent), false);
  assert.equal(
    changesState({ op: "migrate", repo: "acme/app", apply: { step: "confirm", hash: "abcdef" } }),
    true,
  );
  assert.equal(changesState({ op: "migrate", repo: "acme/app", target: "acme/tools" }), false);
});
