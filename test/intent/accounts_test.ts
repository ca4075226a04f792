/** The words people use to link and unlink their GitHub account, and where they must not fire. */
import assert from "node:assert/strict";
import { helpReport, helpText } from "../../src/intent/help.ts";
import { parseCommand } from "../../src/intent/parse.ts";
import { expectIntent, expectParse } from "./helpers.ts";

Deno.test("intent: login words", () => {
  for (
    const text of [
      "login",
      "Login",
      "signin",
      "sign-in",
      "log-in",
      "/ci-test login",
      "<@U0BOT> login",
      "log in",
      "Log in please",
      "sign in",
      "I want to sign in",
      "link github",
      "link my github account",
      "connect my github account",
      "Connect my GitHub account",
      "/github signin",
      "github signin",
      "help me log in",
      "log into github",
      "log me in",
    ]
  ) {
    expectParse(text, { op: "login" });
  }
});

Deno.test("intent: logout words", () => {
  for (
    const text of [
      "logout",
      "signout",
      "sign-out",
      "log-out",
      "unlink",
      "log out",
      "sign out",
      "please sign me out",
      "unlink github",
      "unlink my github account",
      "disconnect github",
      "disconnect my GitHub account",
      "/github signout",
    ]
  ) {
    expectParse(text, { op: "logout" });
  }
});

Deno.test("intent: login/logout inside repository, file and other words do not fire", () => {
  expectParse("analyze repo:acme/login-service", { op: "analyze", repo: "acme/login-service" });
  expectParse("analyze acme/login", { op: "analyze", repo: "acme/login" });
  expectParse("test acme/app login.yml", { op: "test", repo: "acme/app", workflow: "login.yml" });
  expectParse("subscribe acme/signin-api", { op: "subscribe", repo: "acme/signin-api" });
  assert.equal(expectIntent("why is acme/login-service slow?").intent.op, "analyze");
  assert.equal(expectIntent("run the login tests on acme/app").intent.op, "test");
  assert.equal(expectIntent("check acme/logout-flow").intent.op, "analyze");
  assert.equal(expectIntent("why does sso-login fail on acme/app").intent.op, "analyze");
  for (const text of ["blogin", "loginx", "relink", "disconnected"]) {
    const result = parseCommand(text);
    assert.ok(
      result.kind === "unsupported" || !["login", "logout"].includes(result.intent.op),
      `${text} → ${JSON.stringify(result)}`,
    );
  }
});

Deno.test("intent: login and logout take no keys", () => {
  const result = parseCommand("login repo:acme/app");
  assert.equal(result.kind, "unsupported");
  assert.match(result.kind === "unsupported" ? result.error : "", /does not apply to login/);
});

Deno.test("help: lists login and logout and says what linking does", () => {
  const rows = helpReport().tables![0].rows.map((r) => r[0]);
  assert.ok(rows.includes("login") && rows.includes("logout"));
  const text = helpText();
  assert.match(text, /### Your GitHub account/);
  assert.match(text, /acts on GitHub with what you may do there/);
  const topic = helpReport("login");
  assert.equal(topic.title, "help: login");
  assert.deepEqual(topic.sections!.map((s) => s.title), [
    "Usage",
    "Your GitHub account",
    "Examples",
  ]);
  expectParse("help login", { op: "help", topic: "login" });
  expectParse("help sign-out", { op: "help", topic: "logout" });
});
