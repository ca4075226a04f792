import assert from "node:assert/strict";
import { renderActions } from "../../../bots/teams/card_parts.ts";
import { intentToCommand } from "../../../src/intent/format.ts";
import { parseCommand } from "../../../src/intent/parse.ts";
import {
  APPLY_ALL_ACTION_ID,
  applyActions,
  applyLabel,
  applyNote,
  editSelectionAction,
  localChoiceReport,
  MAX_LABEL,
  MAX_SUGGESTION_BUTTONS,
  selectionHint,
} from "../../../src/ops/optimize/choose.ts";
import type { Suggestion } from "../../../src/ops/optimize/model.ts";
import { confirmReport, listReport, MAX_APPLY_IDS } from "../../../src/ops/optimize/report.ts";
import { type ApplyPlan, planApply } from "../../../src/ops/optimize/apply.ts";
import { suggest } from "../../../src/ops/optimize/suggest.ts";
import { ReportSchema } from "../../../src/report/model.ts";

function suggestion(id: string, title: string, auto = true): Suggestion {
  const finding = {
    severity: "warning" as const,
    ruleId: "missing-cache",
    file: "ci.yml",
    message: title,
  };
  return {
    id,
    ruleId: "missing-cache",
    title,
    file: ".github/workflows/ci.yml",
    line: 10,
    finding,
    estimate: { minutesPerWeek: 0, measured: false, assumption: "not estimated" },
    problems: [],
    ...(auto ? { edits: [], patched: "on: push\n", diff: "" } : { manual: "x: y" }),
  };
}

const ctx = (canApply: boolean) => ({
  repo: "acme/app",
  basis: "run history (40 runs)",
  notes: [],
  apiCalls: "3",
  canApply,
});

const six = ["sa0001", "sb0002", "sc0003", "sd0004", "se0005", "sf0006"].map((id, i) =>
  suggestion(id, `Cache \`npm\` dependencies in job ${i}`)
);
const withManual = [six[0], suggestion("sm0000", "Pin actions by hand", false), ...six.slice(1)];

Deno.test("one preview button per applicable suggestion (the first four), then Apply all", () => {
  const actions = applyActions(withManual, "acme/app", MAX_APPLY_IDS);
  assert.deepEqual(
    actions.map((a) => a.intent.apply),
    [
      ...six.slice(0, MAX_SUGGESTION_BUTTONS).map((s) => ({ step: "preview", ids: [s.id] })),
      { step: "preview", ids: six.map((s) => s.id) },
    ],
  );
  assert.equal(actions.at(-1)!.id, APPLY_ALL_ACTION_ID);
  assert.equal(actions.at(-1)!.label, "Apply all 6");
  assert.equal(actions[0].label, "Apply sa0001: Cache npm dependencies in job 0");
  assert.equal(new Set(actions.map((a) => a.id)).size, actions.length, "ids are unique");
  assert.ok(!actions.some((a) => a.intent.apply?.ids?.includes("sm0000")), "no manual one");
  // Each button previews, like typing the command does.
  assert.deepEqual(
    parseCommand(intentToCommand(actions[1].intent)),
    parseCommand("optimize repo:acme/app apply sb0002"),
  );
});

Deno.test("a single applicable suggestion gets one button; more than the cap says 'first N of M'", () => {
  const one = applyActions([six[0], suggestion("sm0000", "by hand", false)], "acme/app", 12);
  assert.deepEqual(one.map((a) => a.label), ["Apply sa0001: Cache npm dependencies in job 0"]);
  assert.deepEqual(applyActions([suggestion("sm0000", "by hand", false)], "acme/app", 12), []);

  const capped = applyActions(six, "acme/app", 3);
  assert.equal(capped.at(-1)!.label, "Apply first 3 of 6");
  assert.deepEqual(capped.at(-1)!.intent.apply?.ids, ["sa0001", "sb0002", "sc0003"]);
  assert.match(applyNote(six, "acme/app", 3)!, /"Apply first 3" keeps the pull request reviewable/);
});

Deno.test("a long title is cut to fit every surface's button", () => {
  const long = suggestion(
    "s1a2b3",
    `Cancel superseded pull-request runs of \`${"x".repeat(90)}.yml\``,
  );
  const label = applyLabel(long);
  assert.equal(label.length, MAX_LABEL);
  assert.match(label, /^Apply s1a2b3: Cancel superseded pull-request runs of x+…$/);
  assert.equal(applyLabel(six[0]), "Apply sa0001: Cache npm dependencies in job 0");
});

Deno.test("the list report's buttons and note; none for local files", () => {
  const report = ReportSchema.parse(listReport(withManual, ctx(true)));
  assert.equal(report.actions.length, MAX_SUGGESTION_BUTTONS + 1);
  const notes = report.sections.find((s) => s.title === "Notes")!.markdown;
  assert.match(notes, /Each Apply button previews one pull request/);
  assert.match(notes, /`optimize repo:acme\/app apply sa0001,sb0002,sc0003`/);
  assert.match(notes, /Buttons are shown for the first 4 of 6\./);

  const local = ReportSchema.parse(listReport(withManual, ctx(false)));
  assert.deepEqual(local.actions, []);
  assert.doesNotMatch(JSON.stringify(local.sections), /Apply button/);
});

Deno.test("Teams, the tightest surface (five actions), shows every button", () => {
  const report = ReportSchema.parse(listReport(six, ctx(true)));
  const actionIds = Object.fromEntries(report.actions.map((a, i) => [a.id, `stored${i}`]));
  const rendered = renderActions(report, { actionIds });
  assert.deepEqual(
    rendered.filter((a) => a.type === "Action.Execute").map((a) => a.title),
    report.actions.map((a) => a.label),
  );
});

Deno.test("the preview: Confirm plus a Change selection edit button and the hint", () => {
  const plan: ApplyPlan = {
    selected: [six[1], six[3]],
    changes: [{ path: ".github/workflows/ci.yml", before: "a", after: "b", diff: "-a\n+b" }],
    contentHash: "3fa9c2e1d0aa",
    branch: "ci-orchestrator/optimize-0123456789",
    title: "ci: 2 workflow optimizations",
    body: "",
  };
  const report = ReportSchema.parse(confirmReport("acme/app", plan, "main"));
  assert.deepEqual(report.actions.map((a) => [a.label, a.kind ?? "run"]), [
    ["Confirm", "run"],
    ["Change selection", "edit"],
  ]);
  assert.equal(
    intentToCommand(report.actions[1].intent),
    "optimize repo:acme/app apply:sb0002,sd0004",
  );
  assert.deepEqual(report.tables[0].rows.map((r) => r[0]), ["sb0002", "sd0004"]);
  assert.deepEqual(editSelectionAction("acme/app", ["sb0002"]).intent.apply, {
    step: "preview",
    ids: ["sb0002"],
  });
  assert.equal(
    selectionHint("acme/app", ["sb0002", "sd0004"]),
    "To add or remove suggestions, write `optimize repo:acme/app apply sb0002,sd0004` with ids " +
      "added or removed (or press Change selection); that previews again.",
  );
});

Deno.test("local files: the chosen suggestions' combined diff, the PR text, and no Confirm", async () => {
  const content = `name: CI
on:
  push:
  pull_request:
jobs:
  test:
    runs-on: ubuntu-latest
    timeout-minutes: 10
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0
      - run: make
`;
  const files = [{ path: "ci.yml", content }];
  const list = suggest({ files, rootFiles: "unknown" });
  const depth = list.find((s) => s.ruleId === "unneeded-fetch-depth" && s.edits);
  assert.ok(depth, list.map((s) => s.ruleId).join(", "));
  const plan = await planApply(list, files, [depth.id]);
  const report = ReportSchema.parse(localChoiceReport("app", plan));
  assert.equal(report.title, `Optimize app: ${depth.id} combined`);
  assert.deepEqual(report.actions, []);
  assert.deepEqual(report.tables[0].rows.map((r) => r[0]), [depth.id]);
  assert.match(report.sections[0].markdown, /^```diff\n--- a\/ci\.yml[\s\S]*- {10}fetch-depth: 0/);
  assert.doesNotMatch(report.sections[0].markdown, /concurrency/, "only the chosen change");
  assert.match(report.sections[1].markdown, new RegExp(`- \\[x\\] \\*\\*${depth.id}\\*\\*`));
});
