import assert from "node:assert/strict";
import { parsePrompt, toPrompt } from "../../../copilot/vscode/src/prompt.ts";
import { CiError } from "../../../src/errors.ts";

Deno.test("keys, aliases and positionals become Intent fields; prose is ignored", () => {
  assert.deepEqual(
    parsePrompt("test", "please test acme/app ci.yml branch:dev runs:3"),
    {
      args: { repo: "acme/app", workflow: "ci.yml", ref: "dev", runs: 3 },
      ignored: ["please", "test"],
    },
  );
  assert.deepEqual(
    parsePrompt(
      "test",
      "matrix:python-version=3.11,3.12;os=ubuntu-latest inputs:a=1,b=x,y",
    ).args,
    {
      matrix: { "python-version": ["3.11", "3.12"], os: ["ubuntu-latest"] },
      inputs: { a: "1", b: "x,y" },
    },
  );
  assert.deepEqual(parsePrompt("test", "matrix:full").args, { matrix: "full" });
});

Deno.test("compare takes two bare refs; optimize apply takes ids; cancel takes an id", () => {
  assert.deepEqual(parsePrompt("compare", "main vs my-branch acme/app").args, {
    repo: "acme/app",
    baseline: "main",
    candidate: "my-branch",
  });
  assert.deepEqual(parsePrompt("optimize", "apply s1abcd,s2efgh").args, {
    apply: { step: "preview", ids: ["s1abcd", "s2efgh"] },
  });
  assert.deepEqual(parsePrompt("optimize", "apply:s1abcd@3fa9c2e1d0aa").args, {
    apply: { step: "confirm", ids: ["s1abcd"], hash: "3fa9c2e1d0aa" },
  });
  assert.deepEqual(parsePrompt("migrate", "acme/app apply").args, {
    repo: "acme/app",
    apply: { step: "preview" },
  });
  assert.deepEqual(parsePrompt("cancel", "job 12").args, { target: "12" });
});

Deno.test("a key the command does not read, or a bad number, is an error naming it", () => {
  assert.throws(() => parsePrompt("analyze", "runs:3"), (e: CiError) => {
    assert.equal(e.code, "bad_request");
    assert.match(
      e.message,
      /\/analyze does not take 'runs:': it reads repo, workflow, ref/,
    );
    return true;
  });
  assert.throws(
    () => parsePrompt("test", "runs:many"),
    /'runs' must be a whole number: current value is many/,
  );
});

Deno.test("toPrompt round-trips through parsePrompt", () => {
  const args = {
    repo: "acme/app",
    apply: { step: "preview", ids: ["s1abcd"] },
    matrix: { py: ["3.11", "3.12"] },
    inputs: { debug: "true" },
  };
  assert.equal(
    toPrompt({ op: "test", ...args }),
    "repo:acme/app apply:s1abcd matrix:py=3.11,3.12 inputs:debug=true",
  );
  const { apply, ...testArgs } = args;
  assert.deepEqual(parsePrompt("test", toPrompt(testArgs)).args, testArgs);
  assert.deepEqual(parsePrompt("optimize", toPrompt({ apply })).args, { apply });
});
