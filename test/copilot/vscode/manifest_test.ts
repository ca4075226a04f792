/** The extension's manifest and command list agree with the service's command table. */
import assert from "node:assert/strict";
import { PARTICIPANT_COMMANDS } from "../../../copilot/vscode/src/commands.ts";
import { commandSpec } from "../../../src/intent/commands.ts";

const manifest = JSON.parse(
  await Deno.readTextFile(
    new URL("../../../copilot/vscode/package.json", import.meta.url),
  ),
);

Deno.test("package.json contributes @ci-orchestrator with every command, described as in the table", () => {
  const [participant] = manifest.contributes.chatParticipants;
  assert.equal(participant.id, "ci-orchestrator.participant");
  assert.equal(participant.name, "ci-orchestrator");
  assert.deepEqual(
    participant.commands,
    PARTICIPANT_COMMANDS.map((c) => ({
      name: c.name,
      description: c.description,
    })),
  );
  for (const c of PARTICIPANT_COMMANDS) {
    assert.equal(c.description, commandSpec(c.name).summary, `/${c.name}`);
    assert.equal(c.tool, `ci_${c.name}`);
  }
  for (const name of ["test", "compare", "migrate", "analyze", "optimize"]) {
    assert.ok(PARTICIPANT_COMMANDS.some((c) => c.name === name), name);
  }
});

Deno.test("package.json: engine, entry point, settings and token commands", () => {
  assert.equal(manifest.name, "ci-orchestrator");
  assert.match(manifest.engines.vscode, /^\^1\.\d+\.0$/);
  assert.equal(manifest.main, "./dist/extension.js");
  assert.ok(
    manifest.contributes.configuration.properties["ciOrchestrator.serviceUrl"],
  );
  assert.deepEqual(
    manifest.contributes.commands.map((c: { command: string }) => c.command),
    ["ciOrchestrator.setToken", "ciOrchestrator.clearToken"],
  );
  // vsce refuses @types/vscode newer than the engine.
  assert.equal(
    `^${manifest.devDependencies["@types/vscode"]}`,
    manifest.engines.vscode,
  );
});
