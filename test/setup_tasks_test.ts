/**
 * The setup tasks exactly as `deno.json` runs them: each answers `--help` with its usage (exit 0)
 * without any environment, and those that register a URL refuse without `PUBLIC_URL` (exit 2,
 * naming it) instead of writing a placeholder.
 */
import assert from "node:assert/strict";

const ROOT = new URL("../", import.meta.url);
const TASKS = JSON.parse(await Deno.readTextFile(new URL("deno.json", ROOT))).tasks as Record<
  string,
  string
>;

/** Runs `deno task <name> …args` with nothing in the environment but what Deno itself needs. */
async function task(name: string, args: string[]) {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["task", "--quiet", name, ...args],
    cwd: ROOT,
    clearEnv: true,
    env: { HOME: Deno.env.get("HOME") ?? "/tmp", PATH: Deno.env.get("PATH") ?? "", NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const decode = (b: Uint8Array) => new TextDecoder().decode(b);
  return { code: out.code, stdout: decode(out.stdout), stderr: decode(out.stderr) };
}

const SETUP = [
  "slack:manifest",
  "teams:package",
  "discord:register",
  "github:app-manifest",
  "vscode:package",
];
const NEEDS_PUBLIC_URL = [
  "slack:manifest",
  "teams:package",
  "discord:register",
  "github:app-manifest",
];

Deno.test("setup tasks: each answers --help with its usage, without any environment", async () => {
  for (const name of SETUP) {
    assert.ok(TASKS[name], `deno.json has a ${name} task`);
    const { code, stdout, stderr } = await task(name, ["--help"]);
    assert.equal(code, 0, `${name} --help: exit ${code}\n${stderr}`);
    assert.match(stdout, new RegExp(`^Usage: .*deno task ${name}`, "m"), name);
  }
});

Deno.test("setup tasks: without PUBLIC_URL they refuse with exit 2 and say to set it", async () => {
  for (const name of NEEDS_PUBLIC_URL) {
    const { code, stdout, stderr } = await task(name, []);
    assert.equal(code, 2, `${name}: exit ${code}\n${stderr}`);
    assert.match(stderr, /PUBLIC_URL/, name);
    assert.doesNotMatch(stdout, /YOUR_HOST|example\.com/, name);
  }
});

// `dev` is `start` under --watch, which keeps waiting for changes after the program exits.
const SAME_AS = { dev: "start" } as Record<string, string>;

Deno.test("every task answers --help with a usage text and exit 0", async () => {
  const names = Object.keys(TASKS).filter((n) => !(n in SAME_AS));
  assert.ok(names.length >= 10, names.join(", "));
  for (const name of names) {
    const { code, stdout, stderr } = await task(name, ["--help"]);
    assert.equal(code, 0, `${name} --help: exit ${code}\n${stderr}`);
    assert.match(stdout + stderr, /usage/i, name);
  }
});
