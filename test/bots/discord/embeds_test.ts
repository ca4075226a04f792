import assert from "node:assert/strict";
import { embedChars, LIMITS, renderReport } from "../../../bots/discord/embeds.ts";
import { ReportSchema } from "../../../src/report/model.ts";
import { messageViolations } from "../../sim/discord.ts";

const URL = "https://ci.example.test/reports/rep-1";
const huge = (c: string) => c.repeat(10_000);

function bigReport() {
  return ReportSchema.parse({
    id: "rep-1",
    title: huge("T"),
    status: "failure",
    summary: huge("s"),
    fields: Array.from(
      { length: 40 },
      (_, i) => ({ label: `f${i}${huge("l")}`, value: huge("v") }),
    ),
    findings: Array.from({ length: 500 }, (_, i) => ({
      ruleId: `rule-${i}`,
      severity: i % 3 === 0 ? "error" : "warning",
      file: `.github/workflows/${huge("p")}.yml`,
      line: i + 1,
      message: `finding ${i} ${huge("m")}`,
      fix: huge("x"),
      patch: huge("y"),
    })),
    tables: Array.from({ length: 6 }, (_, i) => ({
      title: `Table ${i}`,
      columns: ["a", "b"],
      rows: Array.from({ length: 100 }, () => [huge("c"), "d"]),
    })),
    sections: Array.from({ length: 8 }, (_, i) => ({ title: `S${i}`, markdown: huge("z") })),
    charts: [{
      title: "Duration trend",
      kind: "line",
      series: [{ name: "a", points: [{ x: 1, y: 2 }] }],
    }],
    actions: Array.from({ length: 40 }, (_, i) => ({
      id: `a${i}`,
      label: huge("b"),
      intent: { op: "status" },
    })),
    links: [{ label: "Run", url: "https://github.com/acme/app/actions/runs/1" }],
  });
}

Deno.test("a 500-finding report with huge strings stays inside every Discord limit", () => {
  const report = bigReport();
  const actionIds = Object.fromEntries(report.actions.map((a) => [a.id, `stored-${a.id}`]));
  const message = renderReport(report, { reportUrl: URL, actionIds });

  assert.deepEqual(messageViolations(message as unknown as Record<string, unknown>), []);
  assert.ok(message.content.length <= LIMITS.content);
  assert.ok(message.embeds.length <= LIMITS.embeds);
  const total = message.embeds.reduce((n, e) => n + embedChars(e), 0);
  assert.ok(total <= LIMITS.embedTotal, `embeds hold ${total} characters`);
  assert.ok(message.components.length <= LIMITS.rows);
  for (const row of message.components) assert.ok(row.components.length <= LIMITS.buttonsPerRow);

  const shown = (message.embeds[0].fields ?? []).filter((f) => /rule-\d+/.test(f.name)).length;
  assert.ok(shown > 0, "some findings are shown");
  assert.match(message.content, new RegExp(`\\+${500 - shown} more findings`));
  assert.match(
    message.content,
    /on the full report: <https:\/\/ci\.example\.test\/reports\/rep-1>/,
  );
  // Errors first.
  assert.match(message.embeds[0].fields?.find((f) => /rule-/.test(f.name))?.name ?? "", /🔴/);
  // The last button is the report link.
  const last = message.components.at(-1)?.components.at(-1);
  assert.deepEqual(
    last && "url" in last ? { style: last.style, url: last.url } : undefined,
    { style: 5, url: URL },
  );
});

Deno.test("a small report: colour by status, findings as fields, table as code, chart image", () => {
  const report = ReportSchema.parse({
    id: "rep-2",
    title: "Analyze acme/app",
    status: "success",
    summary: "All good",
    findings: [{
      ruleId: "missing-timeout",
      severity: "notice",
      file: "ci.yml",
      line: 3,
      message: "No *timeout*",
    }],
    tables: [{ title: "Jobs", columns: ["job", "p50"], rows: [["build", "3m"]] }],
    charts: [{
      title: "Duration",
      kind: "line",
      series: [{ name: "a", points: [{ x: 1, y: 2 }] }],
    }],
  });
  const message = renderReport(report, { reportUrl: "https://ci.example.test/reports/rep-2" });
  const [main, table] = message.embeds;
  assert.equal(main.color, 0x2ea043);
  assert.equal(main.url, "https://ci.example.test/reports/rep-2");
  assert.deepEqual(main.fields, [{
    name: "🔵 missing-timeout — ci.yml:3",
    value: "No \\*timeout\\*",
  }]);
  assert.equal(main.image?.url, "https://ci.example.test/reports/rep-2/chart.png");
  assert.equal(table.title, "Jobs");
  assert.equal(table.description, "```\njob    p50\n-----  ---\nbuild  3m\n```");
  assert.equal(message.content, "✅ **Analyze acme/app**");
  // No stored actions: only the link button.
  assert.equal(message.components[0].components.length, 1);
});
