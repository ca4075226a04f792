/** `deno task vscode:package --help` prints its usage and builds nothing; unknown options exit 2. */
import assert from "node:assert/strict";

const task = (args: string[]) =>
  new Deno.Command(Deno.execPath(), {
    // As deno.json runs it, minus the permission to run npm: --help must not need it.
    args: ["run", "--allow-read", "copilot/vscode/package.ts", ...args],
    cwd: new URL("../../../", import.meta.url),
    clearEnv: true,
    stdout: "piped",
    stderr: "piped",
  }).output();

Deno.test("vscode:package --help prints the usage without running npm; a stray option exits 2", async () => {
  const help = await task(["--help"]);
  assert.equal(help.code, 0);
  const text = new TextDecoder().decode(help.stdout);
  assert.match(text, /^Usage: deno task vscode:package/);
  assert.match(text, /ci-orchestrator\.vsix/);
  const stray = await task(["--out", "x"]);
  assert.equal(stray.code, 2);
  assert.match(
    new TextDecoder().decode(stray.stderr),
    /Unknown option: '--out'/,
  );
});
