import assert from "node:assert/strict";
import { embedChars, LIMITS, renderReport } from "../../../bots/discord/embeds.ts";
import { discordTime } from "../../../bots/discord/embed_matters.ts";
import type { ReportInput } from "../../../src/report/model.ts";
import {
  INJECTION_GROUP,
  insightsReport,
  PINNED_GROUP,
  REGRESSION,
  SECURITY,
} from "../../report/insights_fixture.ts";
import { messageViolations } from "../../sim/discord.ts";

const URL = "https://ci.example.test/reports/rep-9";
const place = (file: string, line: number) => ({ file, line });

function grouped(extra: Partial<ReportInput> = {}) {
  return insightsReport({
    insights: [
      { ...REGRESSION, detail: "Median 5m 4s → 7m 6s *now*." },
      { ...SECURITY, title: "@everyone 2 security errors" },
    ],
    groups: [{ ...PINNED_GROUP, patch: "uses: actions/checkout@abc123 # v4" }, INJECTION_GROUP],
    ...extra,
  });
}

Deno.test("discord: what matters leads the description; groups once, then the details", () => {
  const message = renderReport(grouped(), { reportUrl: URL });
  const main = message.embeds[0];
  assert.equal(
    main.description,
    "5 findings in 2 files.\n\n**What matters**\n" +
      "📈 **ci.yml is 40% slower since run 112** — Median 5m 4s → 7m 6s \\*now\\*. " +
      "([view run](https://github.com/acme/app/actions/runs/112), <t:1795348800:R>)\n" +
      "🔒 **@\u200beveryone 2 security errors** — script-injection (2).",
  );
  assert.deepEqual(main.fields?.map((f) => f.name), [
    "🔴 script-injection — b.yml:9",
    "🔵 unpinned-action (4)",
    "Success rate",
  ]);
  assert.equal(
    main.fields?.[1].value,
    "`actions/checkout@v4` is pinned to a tag, used 4 times in 1 file\n*Fix:* Pin it to a commit " +
      "SHA.\n```yaml\nuses: actions/checkout@abc123 # v4\n```",
  );
  assert.equal(main.fields?.[2].inline, true);
  assert.deepEqual(messageViolations(message as unknown as Record<string, unknown>), []);
});

Deno.test("discord: a report without insights has no What matters; times are Discord's", () => {
  const message = renderReport(grouped({ insights: undefined }));
  assert.equal(message.embeds[0].description, "5 findings in 2 files.");
  assert.equal(discordTime("2026-11-22T12:00:00Z"), "<t:1795348800:R>");
  assert.equal(discordTime("yesterday"), "");
});

Deno.test("discord: five huge insights and 300 groups stay inside every limit", () => {
  const huge = (c: string) => c.repeat(5_000);
  const groups = Array.from({ length: 300 }, (_, i) => ({
    ruleId: `rule-${i}`,
    severity: "warning" as const,
    message: huge("m"),
    fix: huge("f"),
    patch: huge("p"),
    count: 2,
    files: ["a.yml"],
    locations: [place("a.yml", 1), place("a.yml", 2)],
  }));
  const report = grouped({
    insights: Array.from({ length: 5 }, () => ({
      kind: "flaky" as const,
      title: huge("t"),
      detail: huge("d"),
      url: `https://github.com/acme/app/actions/runs/1?${huge("q")}`,
      at: "2026-11-22T12:00:00Z",
    })),
    groups,
    tables: [{ title: "T", columns: ["a"], rows: [[huge("c")]] }],
  });
  const message = renderReport(report, { reportUrl: URL });
  assert.deepEqual(messageViolations(message as unknown as Record<string, unknown>), []);
  const total = message.embeds.reduce((n, e) => n + embedChars(e), 0);
  assert.ok(total <= LIMITS.embedTotal, `${total}`);
  const description = message.embeds[0].description ?? "";
  assert.ok(description.length <= LIMITS.description);
  // Whole insight lines only; an over-long URL is not linked.
  assert.match(description, /\*\*What matters\*\*\n🎲 \*\*t+…\*\* — d+… \(<t:1795348800:R>\)/);
  assert.doesNotMatch(description, /view run/);
  const shown = (message.embeds[0].fields ?? []).filter((f) => /rule-\d+/.test(f.name)).length;
  assert.ok(shown > 0 && shown < 300, `${shown}`);
  assert.match(message.content, new RegExp(`\\+${300 - shown} more finding groups`));
});

Deno.test("discord: the headline chart is the main embed's image only with a report page", () => {
  const charted = grouped({
    charts: [{
      title: "Duration per run",
      kind: "line",
      series: [{ name: "ci.yml", points: [{ x: 1, y: 5 }] }],
    }],
  });
  const stored = renderReport(charted, { reportUrl: `${URL}/` });
  assert.deepEqual(stored.embeds[0].image, { url: `${URL}/chart.png` });
  const unstored = renderReport(charted);
  assert.equal(unstored.embeds[0].image, undefined);
  assert.match(unstored.content, /\+1 chart not shown$/);
});
