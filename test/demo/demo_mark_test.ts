/**
 * Demo mode's marker (`src/demo.ts`): reports returned, delivered and stored are titled
 * "Demo: …" once; nothing else in the store changes. And every command the demo prints at start
 * is one the command language accepts; the sample workflow files are unmodified copies.
 */
import assert from "node:assert/strict";
import { DEMO_COMMANDS, demoBanner } from "../../demo/banner.ts";
import { DEMO_REPOS } from "../../demo/repos.ts";
import { demoDeliver, demoExecute, demoReport, demoStore } from "../../src/demo.ts";
import { parseCommand } from "../../src/intent/parse.ts";
import { type Report, ReportSchema } from "../../src/report/model.ts";
import { openKvStore } from "../../src/store/kv.ts";

const REPORT: Report = ReportSchema.parse({
  title: "Analyze demo/express",
  status: "success",
  summary: "ok",
});

Deno.test("demoReport prefixes the title once and keeps the rest", () => {
  const once = demoReport(REPORT);
  assert.equal(once.title, "Demo: Analyze demo/express");
  assert.equal(once.summary, "ok");
  assert.equal(demoReport(once).title, "Demo: Analyze demo/express");
  assert.equal(REPORT.title, "Analyze demo/express", "the input is not changed");
});

Deno.test("demoStore marks stored reports and leaves other keys alone", async () => {
  const store = demoStore(await openKvStore(":memory:"));
  try {
    await store.set(["reports", "r1"], REPORT);
    await store.set(["jobs", "j1"], { title: "not a report key" });
    assert.equal((await store.get<Report>(["reports", "r1"]))?.title, "Demo: Analyze demo/express");
    assert.equal((await store.get<{ title: string }>(["jobs", "j1"]))?.title, "not a report key");
  } finally {
    await store.close();
  }
});

Deno.test("demoExecute and demoDeliver mark what reaches a surface", async () => {
  const execute = demoExecute(() => Promise.resolve(REPORT));
  const returned = await execute({ op: "help" }, { surface: "mcp", requestId: "r" });
  assert.equal(returned.title, "Demo: Analyze demo/express");
  const seen: string[] = [];
  const deliver = demoDeliver((_reply, report, phase) => {
    seen.push(`${phase}: ${report.title}`);
    return Promise.resolve();
  });
  await deliver({ surface: "mcp", data: {} }, REPORT, "progress");
  assert.deepEqual(seen, ["progress: Demo: Analyze demo/express"]);
});

Deno.test("every command the demo suggests parses, on a demo repository", () => {
  for (const command of DEMO_COMMANDS) {
    const result = parseCommand(command);
    assert.equal(result.kind, "intent", `${command}: ${JSON.stringify(result)}`);
    const repo = result.kind === "intent" ? result.intent.repo : undefined;
    if (repo) assert.ok(DEMO_REPOS.some((r) => r.name === repo), `${command} names ${repo}`);
  }
  const banner = demoBanner("http://localhost:8787");
  assert.match(banner, /^DEMO MODE — GitHub is simulated/);
  for (const command of DEMO_COMMANDS) assert.ok(banner.includes(`  ${command}\n`), command);
});

Deno.test("the sample workflow files are the upstream files, byte for byte", async () => {
  for (const repo of DEMO_REPOS) {
    const folder = repo.name.split("/")[1];
    const url = new URL(
      `../../demo/repos/${folder}/.github/workflows/${repo.workflow}`,
      import.meta.url,
    );
    const bytes = await Deno.readFile(url);
    // git's blob id: sha1 of "blob <size>\0" + content.
    const header = new TextEncoder().encode(`blob ${bytes.length}\0`);
    const digest = await crypto.subtle.digest("SHA-1", new Uint8Array([...header, ...bytes]));
    const hex = [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
    assert.equal(hex, repo.blob, `${url.pathname} was changed (deno fmt?): restore it`);
  }
});
