import assert from "node:assert/strict";
import { renderReport } from "../../bots/slack/blockkit.ts";
import { helpReport } from "../../src/intent/help.ts";
import { ReportSchema } from "../../src/report/model.ts";
import { insightsReport, REGRESSION, SECURITY } from "./insights_fixture.ts";

const sectionTexts = (blocks: ReturnType<typeof renderReport>["blocks"]) =>
  blocks.flatMap((b) => (b.type === "section" && b.text ? [b.text.text] : []));

Deno.test("Slack fallback text reads as a sentence for every status", () => {
  const cases = [
    ["neutral", "Help: Type /ci-test help analyze for more."],
    ["success", "Analyze acme/app succeeded: No findings."],
    ["warning", "Analyze acme/app finished with warnings: No findings."],
    ["failure", "Analyze acme/app failed: No findings."],
  ] as const;
  for (const [status, expected] of cases) {
    const neutral = status === "neutral";
    const report = ReportSchema.parse({
      title: neutral ? "Help" : "Analyze acme/app",
      status,
      summary: neutral ? "Type `/ci-test help analyze` for more." : "**No** findings.",
    });
    const { text } = renderReport(report);
    assert.equal(text, expected);
    assert.doesNotMatch(text, /Neutral|Info\b|\*|Done/);
  }
});

Deno.test("insights come right after the status, before findings and fields, times relative", () => {
  const report = insightsReport({
    summary: "1 finding.",
    insights: [{ ...REGRESSION, detail: "Median 5m 4s → 7m 6s <b>." }, SECURITY],
    findings: [{ ruleId: "r", severity: "warning", file: "a.yml", message: "m" }],
    groups: undefined,
  });
  const { blocks, text } = renderReport(report, { reportUrl: "https://ci.example/reports/x" });
  assert.equal(
    sectionTexts(blocks)[1],
    "*What matters*\n:chart_with_upwards_trend: *ci.yml is 40% slower since run 112* — Median " +
      "5m 4s → 7m 6s &lt;b&gt;. (<https://github.com/acme/app/actions/runs/112|view run>, 2 days " +
      "ago)\n:lock: *2 security errors in 1 file* — script-injection (2).",
  );
  assert.deepEqual(blocks.slice(0, 7).map((b) => b.type), [
    "header",
    "section",
    "section",
    "divider",
    "section",
    "section",
    "actions",
  ]);
  assert.equal(
    text,
    "Analyze acme/app finished with warnings: ci.yml is 40% slower since run 112. 2 security " +
      "errors in 1 file. 1 finding.",
  );
  // Without a clock or a creation time, the day rather than a guess.
  const undated = renderReport({ ...report, createdAt: undefined });
  assert.match(sectionTexts(undated.blocks)[1], /view run>, on 2026-11-22\)/);
  const later = renderReport(report, { now: new Date("2026-11-22T15:00:00Z") });
  assert.match(sectionTexts(later.blocks)[1], /view run>, 3 hours ago\)/);
});

Deno.test("help, as the help op builds it: fallback and status read as words, no Neutral or Done", () => {
  for (const topic of [undefined, "analyze", "compare"] as const) {
    const { text, blocks } = renderReport(ReportSchema.parse(helpReport(topic)), {
      reportUrl: "https://ci.example/reports/h",
    });
    assert.match(text, /^(ci-orchestrator commands|help: \w+): [A-Z]/, text);
    assert.doesNotMatch(text, /Neutral|Done|\*|_|`/, text);
    const status = sectionTexts(blocks)[0];
    assert.match(status, /^:information_source: \*Info\* — /, status);
    assert.doesNotMatch(JSON.stringify(blocks), /Neutral|\*Done\*/);
  }
});
