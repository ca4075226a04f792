/**
 * Issue 20: the service is killed (SIGKILL) right after acknowledging a burst of slash commands,
 * while most of their work is still waiting in the durable queue and some replies are in
 * flight. Started again on the same Deno KV file, it finishes every acknowledged command:
 * each one ends with exactly one visible result (a reply that was already posted is replaced in
 * place, never posted as a second message), nothing is left pending, and no command that was
 * answered busy or never acknowledged runs.
 */
import assert from "node:assert/strict";
import { signSlackRequest, slashCommandBody, startSlackSim } from "../sim/slack.ts";
import { startProcess } from "../e2e/process.ts";
import { createInbox } from "../../src/inbox/inbox.ts";
import { memoryLogger } from "../../src/log.ts";
import { openKvStore } from "../../src/store/kv.ts";

const SECRET = "inbox-load-signing-secret";
const COMMANDS = 200;
const CONNECTIONS = 25;

async function waitUntil(check: () => boolean, timeoutMs: number, what: string) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

Deno.test("inbox under load: SIGKILL right after a burst of acks → every acked command completes once after restart", async () => {
  // Each reply takes 100 ms to be answered and 4 run at a time: the burst is acknowledged
  // long before its work is done, so the kill finds most of it waiting.
  const slack = await startSlackSim({ responseDelayMs: 100 });
  const dir = await Deno.makeTempDir();
  const env = {
    KV_PATH: `${dir}/store.kv`,
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: slack.apiUrl,
    GITHUB_TOKEN: "ghs_neverUsedByHelp",
    GITHUB_API_URL: "http://127.0.0.1:9",
    INBOX_CONCURRENCY: "4",
    LOG_LEVEL: "info",
  };
  try {
    const first = await startProcess(env);
    const acked: string[] = [];
    const refused: string[] = [];
    let next = 0;
    const send = async () => {
      while (next < COMMANDS) {
        const id = `cmd${next++}`;
        const body = slashCommandBody({
          command: "/ci-test",
          text: "help",
          // One person each, as in a busy workspace (the per-caller limit is not under test).
          user_id: `U${id}`,
          trigger_id: `trigger.${id}`,
          response_url: slack.responseUrl(id),
        });
        const headers = await signSlackRequest(SECRET, body, Math.floor(Date.now() / 1000));
        headers.set("content-type", "application/x-www-form-urlencoded");
        const res = await fetch(`http://127.0.0.1:${first.port}/slack/events`, {
          method: "POST",
          headers,
          body,
        });
        const text = await res.text();
        if (res.status === 200 && /Looking up help/.test(text)) acked.push(id);
        else refused.push(`${id}: ${res.status} ${text.slice(0, 80)}`);
      }
    };
    await Promise.all(Array.from({ length: CONNECTIONS }, send));
    first.child.kill("SIGKILL");
    await first.child.status;

    const repliedBeforeKill = new Set(slack.calls.map((c) => c.id));
    assert.equal(refused.length, 0, `every command acknowledged: ${refused.slice(0, 3)}`);
    assert.equal(acked.length, COMMANDS);
    assert.ok(
      repliedBeforeKill.size < COMMANDS / 2,
      `the kill must find work waiting (${repliedBeforeKill.size} of ${COMMANDS} had replies)`,
    );

    const second = await startProcess(env);
    try {
      const replied = () => new Set(slack.calls.map((c) => c.id));
      await waitUntil(() => replied().size >= COMMANDS, 90_000, "every acked command's reply");
      // Give a duplicate every chance to show up before counting.
      await new Promise((r) => setTimeout(r, 1_000));
    } finally {
      second.child.kill("SIGTERM");
      await second.child.status;
    }

    const byId = Map.groupBy(slack.calls, (c) => c.id ?? "");
    assert.deepEqual([...byId.keys()].sort(), [...acked].sort(), "replies to acked commands only");
    let reposted = 0;
    for (const [id, calls] of byId) {
      assert.match(
        JSON.stringify(calls.at(-1)?.body),
        /ci-orchestrator commands/,
        `${id}: the help reply`,
      );
      // Every post replaces the command's own message: one visible result however many posts.
      for (const call of calls) {
        assert.equal(call.body.replace_original, true, `${id}: a post that would add a message`);
      }
      if (calls.length > 1) reposted++;
    }
    // A reply in flight at the kill is posted again on replay (and replaces itself); only those.
    assert.ok(reposted <= repliedBeforeKill.size, `${reposted} re-posted`);

    const store = await openKvStore(env.KV_PATH);
    try {
      const inbox = createInbox(store, { log: memoryLogger(), now: () => new Date() });
      assert.deepEqual(await inbox.pending("slack"), [], "nothing left pending");
    } finally {
      await store.close();
    }
  } finally {
    await slack.close();
    await Deno.remove(dir, { recursive: true });
  }
});
