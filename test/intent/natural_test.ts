import assert from "node:assert/strict";
import { parseCommand } from "../../src/intent/parse.ts";
import type { Intent } from "../../src/intent/schema.ts";
import { expectIntent } from "./helpers.ts";

const PHRASES: [string, Intent, string][] = [
  [
    "Test my CI workflow with Python 3.11 and 3.12",
    { op: "test", matrix: { "python-version": ["3.11", "3.12"] } },
    "test-run",
  ],
  ["How can I make my CI faster?", { op: "optimize" }, "optimize-speed"],
  ["Help me migrate to shared actions", { op: "migrate", strategy: "actions" }, "migrate-shared"],
  [
    "Help me migrate to reusable workflows",
    { op: "migrate", strategy: "reusable" },
    "migrate-shared",
  ],
  ["Why is my CI slow?", { op: "analyze" }, "analyze-why"],
  [
    "notify this channel when acme/app's CI fails",
    { op: "subscribe", repo: "acme/app", on: "failure" },
    "subscribe-notify",
  ],
  [
    "notify this channel when acme/app’s CI recovers",
    { op: "subscribe", repo: "acme/app", on: "recovery" },
    "subscribe-notify",
  ],
  [
    "let us know when acme/app is fixed",
    { op: "subscribe", repo: "acme/app", on: "recovery" },
    "subscribe-notify",
  ],
  [
    "notify me when pull requests on acme/app fail",
    { op: "subscribe", repo: "acme/app", on: "failure", event: "pull_request" },
    "subscribe-notify",
  ],
  [
    "stop notifying this channel about acme/app",
    { op: "unsubscribe", repo: "acme/app" },
    "unsubscribe-stop-alerts",
  ],
  ["is my CI flaky?", { op: "analyze" }, "analyze-why"],
  ["cancel job 12", { op: "cancel", target: "12" }, "cancel-run"],
  [
    "please abort run #345 on acme/app",
    { op: "cancel", target: "345", repo: "acme/app" },
    "cancel-run",
  ],
  ["what's running?", { op: "status" }, "status-running"],
  ["what’s running on acme/app?", { op: "status", repo: "acme/app" }, "status-running"],
  [
    "why does deploy.yml fail in acme/app",
    { op: "analyze", repo: "acme/app", workflow: "deploy.yml" },
    "analyze-why",
  ],
  [
    "run the tests on acme/app branch feature-1 5 times",
    { op: "test", repo: "acme/app", ref: "feature-1", runs: 5 },
    "test-imperative",
  ],
  [
    "try node 18 and 20 on ubuntu and windows",
    {
      op: "test",
      matrix: { "node-version": ["18", "20"], os: ["ubuntu-latest", "windows-latest"] },
    },
    "test-run",
  ],
  [
    "with Go 1.22, 1.23 on macOS 14",
    { op: "test", matrix: { "go-version": ["1.22", "1.23"], os: ["macos-14"] } },
    "test-runtime-versions",
  ],
  [
    "test java 17 and ruby 3.3 in acme/app workflow:ci.yml",
    {
      op: "test",
      repo: "acme/app",
      workflow: "ci.yml",
      matrix: { "java-version": ["17"], "ruby-version": ["3.3"] },
    },
    "test-run",
  ],
  [
    "can you speed up acme/app's ci.yml?",
    { op: "optimize", repo: "acme/app", workflow: "ci.yml" },
    "optimize-speed",
  ],
  ["what can you do?", { op: "help" }, "help-ask"],
];

Deno.test("natural phrases produce the documented intents and name their rule", () => {
  for (const [text, want, rule] of PHRASES) {
    const r = expectIntent(text);
    assert.deepEqual(r.intent, want, text);
    assert.equal(r.source, "natural", text);
    assert.match(r.explanation, new RegExp(`rule '${rule}'`), text);
  }
});

Deno.test("compare phrase: exact intent (grammar reads it as compare with fillers)", () => {
  for (
    const text of [
      "compare main and my-branch on acme/app",
      "Compare main with my-branch on acme/app please",
      "how does my-branch do vs main on acme/app".replace(
        "my-branch do vs main",
        "main vs my-branch",
      ),
    ]
  ) {
    assert.deepEqual(expectIntent(text).intent, {
      op: "compare",
      repo: "acme/app",
      baseline: "main",
      candidate: "my-branch",
    }, text);
  }
});

Deno.test("natural language under a specific command word keeps that command", () => {
  const r = expectIntent("/ci-optimize why is my CI slow on acme/app");
  assert.deepEqual(r.intent, { op: "optimize", repo: "acme/app" });
  assert.match(r.explanation, /optimize from the command word/);
});

Deno.test("fields an operation does not use are dropped and reported", () => {
  const r = expectIntent("why is my python 3.12 build slow on acme/app");
  assert.deepEqual(r.intent, { op: "analyze", repo: "acme/app" });
  assert.match(r.explanation, /ignored matrix \(not used by analyze\)/);
});

Deno.test("key:value inside a sentence is honoured, and a bad one is an error", () => {
  assert.deepEqual(expectIntent("please test it with runs:4 on repo:acme/app").intent, {
    op: "test",
    repo: "acme/app",
    runs: 4,
  });
  assert.equal(expectIntent("please test it with runs:4 on repo:acme/app").source, "natural");
  const tooMany = parseCommand("please test it with runs:80 on acme/app");
  assert.equal(tooMany.kind, "unsupported");
  if (tooMany.kind === "unsupported") {
    assert.equal(tooMany.error, "'runs' must be ≤ 50: current value is 80");
  }
});
