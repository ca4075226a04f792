import assert from "node:assert/strict";
import { ciTestCommand, invocationText } from "../../../bots/discord/commands.ts";
import { COMMANDS } from "../../../src/intent/commands.ts";
import { parseCommand } from "../../../src/intent/parse.ts";

type Opt = { name: string; description: string; options?: Opt[]; type: number };

Deno.test("/ci-test has a subcommand per operation of the table, plus run, inside Discord limits", () => {
  const def = ciTestCommand() as unknown as Opt;
  const subs = def.options ?? [];
  assert.deepEqual(subs.map((s) => s.name), [...COMMANDS.map((c) => c.name), "run"]);
  for (const c of COMMANDS) {
    const sub = subs.find((s) => s.name === c.name);
    assert.deepEqual(sub?.options?.map((o) => o.name), [...c.keys]);
  }
  const all = [def, ...subs, ...subs.flatMap((s) => s.options ?? [])];
  for (const o of all) {
    assert.match(o.name, /^[-_a-z0-9]{1,32}$/);
    assert.ok(o.description.length >= 1 && o.description.length <= 100, o.name);
  }
  assert.ok(subs.length <= 25);
});

Deno.test("invocation text parses to the same intent as typed text", () => {
  const text = invocationText([{
    type: 1,
    name: "test",
    options: [
      { type: 3, name: "repo", value: "acme/app" },
      { type: 3, name: "workflow", value: "ci.yml" },
      { type: 3, name: "matrix", value: "python-version=3.11,3.12" },
      { type: 4, name: "runs", value: 3 },
      { type: 3, name: "inputs", value: "note=hello world" },
    ],
  }]);
  assert.equal(
    text,
    '/ci-test test repo:acme/app workflow:ci.yml matrix:python-version=3.11,3.12 runs:3 inputs:"note=hello world"',
  );
  const parsed = parseCommand(text ?? "");
  assert.equal(parsed.kind, "intent");
  assert.deepEqual(parsed.kind === "intent" ? parsed.intent : undefined, {
    op: "test",
    repo: "acme/app",
    workflow: "ci.yml",
    matrix: { "python-version": ["3.11", "3.12"] },
    runs: 3,
    inputs: { note: "hello world" },
  });
  assert.equal(
    invocationText([{
      type: 1,
      name: "run",
      options: [{ type: 3, name: "text", value: " status " }],
    }]),
    "/ci-test status",
  );
  assert.equal(
    invocationText([{
      type: 1,
      name: "help",
      options: [{ type: 3, name: "topic", value: "compare" }],
    }]),
    "/ci-test help compare",
  );
  assert.equal(invocationText([]), null);
});
