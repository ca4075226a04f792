import assert from "node:assert/strict";
import { COMMANDS, KEYS, SLASH_COMMANDS } from "../../src/intent/commands.ts";
import { helpReport, helpText } from "../../src/intent/help.ts";
import { parseCommand } from "../../src/intent/parse.ts";
import { OPS } from "../../src/intent/schema.ts";
import { ReportSchema } from "../../src/report/model.ts";

Deno.test("the command table covers every op and every example parses to its op", () => {
  assert.deepEqual(COMMANDS.map((c) => c.name).sort(), [...OPS].sort());
  for (const spec of COMMANDS) {
    assert.ok(spec.examples.length >= 2, spec.name);
    for (const example of spec.examples) {
      const r = parseCommand(example);
      assert.equal(r.kind, "intent", `${example}: ${JSON.stringify(r)}`);
      if (r.kind === "intent") assert.equal(r.intent.op, spec.name, example);
    }
  }
});

Deno.test("helpText lists every op, usage and first example from the table", () => {
  const text = helpText();
  for (const spec of COMMANDS) {
    assert.ok(text.includes(`| \`${spec.name}\` | ${spec.summary} |`), spec.name);
    assert.ok(text.includes(spec.usage.replace(/\|/g, "\\|")), spec.usage);
    assert.ok(text.includes(spec.examples[0]), spec.examples[0]);
  }
  for (const key of KEYS) assert.ok(text.includes(`\`${key.name}\``), key.name);
  for (const slash of SLASH_COMMANDS) assert.ok(text.includes(slash.command), slash.command);
});

Deno.test("helpText(topic) shows that command's keys and examples only", () => {
  const text = helpText("compare");
  assert.ok(text.startsWith("## help: compare\n"));
  assert.ok(text.includes("`baseline`"));
  assert.ok(!text.includes("`strategy`"));
  assert.ok(text.includes("compare main my-branch repo:acme/app"));
});

Deno.test("helpReport is a valid neutral report with one row per command", () => {
  const report = ReportSchema.parse(helpReport());
  assert.equal(report.status, "neutral");
  assert.deepEqual(report.tables[0].rows.map((r) => r[0]), COMMANDS.map((c) => c.name));
  assert.deepEqual(report.tables[0].columns, ["Command", "What it does", "Usage", "Example"]);
  for (const op of OPS) {
    const topic = ReportSchema.parse(helpReport(op));
    assert.equal(topic.title, `help: ${op}`);
    assert.ok(topic.sections.some((s) => s.title === "Examples"));
  }
});

Deno.test("slash command table: Slack words and Discord names", () => {
  assert.deepEqual(SLASH_COMMANDS.map((c) => c.command), [
    "/ci-test",
    "/ci-compare",
    "/ci-migrate",
    "/ci-analyze",
    "/ci-optimize",
  ]);
  for (const c of SLASH_COMMANDS) {
    assert.match(c.name, /^[a-z-]{1,32}$/);
    assert.ok(c.description.length <= 100);
    const r = parseCommand(`${c.command} help`);
    assert.equal(r.kind, "intent");
    if (r.kind === "intent") {
      assert.deepEqual(r.intent, c.op ? { op: "help", topic: c.op } : { op: "help" });
    }
  }
});
