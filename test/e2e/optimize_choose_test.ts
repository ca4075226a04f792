/**
 * End to end in Slack (issue 18, "apply what you choose"): `optimize` offers one button per
 * applicable suggestion; pressing one previews only that suggestion and opens nothing; Confirm
 * opens one pull request in the GitHub simulator whose branch changes only what that suggestion
 * changes and whose body's checklist names it and nothing else.
 */
import assert from "node:assert/strict";
import { NODE_CI as WF } from "../ops/optimize/workflow_fixture.ts";
import { buttonsOf, OPERATOR, shown, startSlackService } from "./slack_service.ts";

const PATH = ".github/workflows/ci.yml";

Deno.test("e2e slack optimize: press one suggestion → preview of only it → confirm → PR with only its change", async () => {
  await using env = await startSlackService({
    policy: `grants:\n  - repos: ["acme/*"]\n    role: admin\n    users: ["slack:${OPERATOR}"]\n`,
  });
  env.github.state.addRepo("acme/opt", { files: { [PATH]: WF, "package-lock.json": "{}\n" } });
  const repo = env.github.state.repo("acme/opt")!;

  const since = env.slack.calls.length;
  assert.equal((await env.command("optimize repo:acme/opt")).status, 200);
  const list = await env.next(/Optimize acme\/opt/, since, 30_000);
  const buttons = buttonsOf(list.body);
  const single = buttons.filter((b) => /^Apply s[0-9a-z]{5}: /.test(b.text?.text ?? ""));
  const ids = single.map((b) => /^Apply (s[0-9a-z]{5}):/.exec(b.text!.text)![1]);
  assert.ok(ids.length >= 2, `several suggestions, one button each: ${JSON.stringify(buttons)}`);
  assert.ok(buttons.some((b) => b.text?.text === `Apply all ${ids.length}`), "and Apply all");
  const cache = single.find((b) => /Cache npm dependencies/.test(b.text!.text));
  assert.ok(cache?.value, "a button for the npm cache");
  const chosen = ids[single.indexOf(cache)];
  const others = ids.filter((id) => id !== chosen);

  const beforePreview = env.slack.calls.length;
  assert.equal((await env.click(cache.value, String(list.body.ts ?? ""))).status, 200);
  const preview = await env.next(/confirm s[0-9a-z]{5}/, beforePreview, 30_000);
  const previewText = shown(preview.body);
  assert.match(previewText, new RegExp(`Optimize acme/opt: confirm ${chosen}`));
  for (const id of others) assert.ok(!previewText.includes(id), `the preview does not name ${id}`);
  assert.match(previewText, /cache: npm/);
  assert.equal(repo.pulls.length, 0, "a button press previews; nothing is opened");
  assert.deepEqual([...repo.branches.keys()], ["main"]);
  const previewButtons = buttonsOf(preview.body);
  assert.ok(previewButtons.some((b) => b.text?.text === "Change selection"));
  const confirm = previewButtons.find((b) => b.text?.text === "Confirm");
  assert.ok(confirm?.value, "a Confirm button");

  const beforeConfirm = env.slack.calls.length;
  assert.equal((await env.click(confirm.value, String(preview.body.ts ?? ""))).status, 200);
  await env.next(/pull request opened/, beforeConfirm, 30_000);
  assert.equal(repo.pulls.length, 1);
  const pull = repo.pulls[0];
  const branch = repo.branches.get(pull.head.ref)!;
  const main = repo.branches.get("main")!;
  const changed = [...branch.files.keys()].filter((p) => branch.files.get(p) !== main.files.get(p));
  assert.deepEqual(changed, [PATH], "only the workflow file changes");
  const patched = branch.files.get(PATH)!;
  assert.match(patched, /node-version: 20\n {10}cache: npm\n/);
  assert.doesNotMatch(patched, /cancel-in-progress/, "no unchosen concurrency change");
  assert.match(patched, /fetch-depth: 0/, "no unchosen checkout change");
  assert.equal(
    patched.split("\n").length,
    WF.split("\n").length + 1,
    "exactly one line added",
  );

  const body = String(pull.body ?? "");
  const items = body.split("\n").filter((l) => /^- \[x\] \*\*/.test(l));
  assert.equal(items.length, 1, body);
  assert.ok(items[0].startsWith(`- [x] **${chosen}** Cache npm dependencies`), items[0]);
  assert.match(items[0], new RegExp(`\`${PATH.replaceAll(".", "\\.")}:\\d+\``));
  for (const id of others) assert.ok(!body.includes(id), `the body does not name ${id}`);
  assert.match(body, /### Checks made/);
  assert.match(pull.title, /^ci: Cache npm dependencies/);
  assert.doesNotMatch(pull.title, /min\/week/, "no saving claimed without a measurement");
});
