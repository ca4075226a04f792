/** Console settings from the environment, its credential check and as whom it acts. */
import assert from "node:assert/strict";
import {
  checkCredential,
  consoleMeta,
  consoleSettings,
  sameSecret,
} from "../../src/console/access.ts";
import { CiError } from "../../src/errors.ts";

Deno.test("access: on in demo mode or with CONSOLE=on, off otherwise", () => {
  assert.deepEqual(consoleSettings({}), { on: false, demo: false });
  assert.deepEqual(consoleSettings({ CONSOLE: "off", CONSOLE_TOKEN: " " }), {
    on: false,
    demo: false,
  });
  assert.deepEqual(consoleSettings({ CONSOLE: "on", CONSOLE_TOKEN: " t " }), {
    on: true,
    demo: false,
    token: "t",
  });
  assert.deepEqual(consoleSettings({}, true), { on: true, demo: true });
});

Deno.test("attack: no environment variable turns on demo mode's credential-free console", () => {
  // A service holding a real GitHub token must never serve a console that asks for nothing.
  for (const env of [{ DEMO: "on" }, { DEMO: "on", CONSOLE: "on" }, { CONSOLE: "demo" }]) {
    assert.equal(consoleSettings(env).demo, false, JSON.stringify(env));
  }
  assert.equal(consoleSettings({ DEMO: "on" }).on, false);
});

Deno.test("access: bearer or Basic password, compared exactly; demo asks nothing", async () => {
  const settings = { on: true, demo: false, token: "s3cret" };
  await checkCredential(settings, "Bearer s3cret");
  await checkCredential(settings, `Basic ${btoa("me:s3cret")}`);
  for (
    const header of [
      undefined,
      "Bearer s3cre",
      "Bearer s3cretx",
      `Basic ${btoa("s3cret")}`,
      "Token s3cret",
    ]
  ) {
    await assert.rejects(
      checkCredential(settings, header),
      (e: unknown) => e instanceof CiError && e.code === "unauthorized",
      String(header),
    );
  }
  await checkCredential({ on: true, demo: true }, undefined);
  await assert.rejects(
    checkCredential({ on: true, demo: false }, "Bearer anything"),
    (e: unknown) => e instanceof CiError && e.code === "config",
  );
  assert.equal(await sameSecret("a", "a"), true);
  assert.equal(await sameSecret("a", "b"), false);
});

Deno.test("access: demo acts like the CLI, a token as the policy's mcp-key:console", () => {
  assert.deepEqual(consoleMeta({ on: true, demo: true }, "r1"), {
    surface: "cli",
    userId: "console",
    requestId: "r1",
  });
  assert.deepEqual(consoleMeta({ on: true, demo: false, token: "t" }, "r2"), {
    surface: "mcp",
    via: "mcp-key",
    userId: "console",
    requestId: "r2",
  });
});
