/**
 * Stored buttons: kinds (run, edit, dismiss), buttons stored before kinds existed, who may
 * dismiss, and a dismissal that happens once and retires every button of its report.
 */
import assert from "node:assert/strict";
import {
  dismissOnce,
  loadReportAction,
  mayDismiss,
  storeReportActions,
} from "../../src/report/actions.ts";
import { ReportSchema } from "../../src/report/model.ts";
import { understoodReport } from "../../src/report/understood.ts";
import { kvStore } from "../../src/store/kv.ts";

const intent = { op: "test", repo: "acme/web", ref: "main" } as const;

Deno.test("actions: an understood report stores Run, Edit and Dismiss with its requester", async () => {
  using kv = await Deno.openKv(":memory:");
  const store = kvStore(kv);
  const report = ReportSchema.parse({
    ...understoodReport(intent, { source: "natural", explanation: "run the tests" }),
    id: "r1",
  });
  let n = 0;
  const ids = await storeReportActions(store, "slack", report, () => `id${++n}`, {
    requester: "U1",
  });
  assert.deepEqual(ids, { run: "id1", edit: "id2", dismiss: "id3" });
  const dismiss = await loadReportAction(store, "slack", "id3");
  assert.equal(dismiss?.kind, "dismiss");
  assert.equal(dismiss?.requester, "U1");
  assert.equal((await loadReportAction(store, "slack", "id2"))?.kind, "edit");

  assert.equal(mayDismiss(dismiss!, "U2"), false, "a stranger may not");
  assert.equal(mayDismiss(dismiss!, "U1"), true);
  assert.equal(
    mayDismiss({ ...dismiss!, requester: undefined }, "U1"),
    false,
    "nor anyone unknown",
  );
  assert.equal(mayDismiss({ ...dismiss!, kind: "run" }, "U1"), false, "only a Dismiss button");

  assert.equal(await dismissOnce(store, "slack", dismiss!, "id3"), true);
  assert.equal(await dismissOnce(store, "slack", dismiss!, "id3"), false, "once");
  assert.equal(await loadReportAction(store, "slack", "id1"), null, "Run of a dismissed message");
  assert.equal(await loadReportAction(store, "slack", "id3"), null);
});

Deno.test("actions: a button stored before kinds existed is still a run button", async () => {
  using kv = await Deno.openKv(":memory:");
  const store = kvStore(kv);
  await store.set(["teams", "action", "old"], { intent, reportId: "r0", label: "Re-run" });
  const old = await loadReportAction(store, "teams", "old");
  assert.equal(old?.kind, "run");
  assert.equal(old?.requester, undefined);
  const report = ReportSchema.parse({
    title: "t",
    status: "failure",
    summary: "s",
    actions: [{ id: "rerun", label: "Re-run", intent }],
  });
  assert.equal(report.actions[0].kind, undefined, "a report's action without a kind parses");
});
