import assert from "node:assert/strict";
import { isRepoGlob, matchesRepo } from "../../src/policy/glob.ts";

Deno.test("matchesRepo: owner/* matches every repository of that owner only", () => {
  assert.equal(matchesRepo("acme/*", "acme/app"), true);
  assert.equal(matchesRepo("acme/*", "acme/app.js"), true);
  assert.equal(matchesRepo("acme/*", "acme-labs/app"), false);
  assert.equal(matchesRepo("acme/*", "other/acme"), false);
});

Deno.test("matchesRepo: an exact glob matches that repository only", () => {
  assert.equal(matchesRepo("acme/app", "acme/app"), true);
  assert.equal(matchesRepo("acme/app", "acme/app2"), false);
  assert.equal(matchesRepo("acme/app", "acme/ap"), false);
  // `.` is literal, not "any character".
  assert.equal(matchesRepo("acme/app.js", "acme/appxjs"), false);
});

Deno.test("matchesRepo: */* matches every repository, and * never crosses the slash", () => {
  assert.equal(matchesRepo("*/*", "octo/cat"), true);
  assert.equal(matchesRepo("*/app", "acme/app"), true);
  assert.equal(matchesRepo("*/app", "acme/application"), false);
  assert.equal(matchesRepo("acme*", "acme/app"), false);
});

Deno.test("matchesRepo: partial wildcards within a part", () => {
  assert.equal(matchesRepo("acme/release-*", "acme/release-2026"), true);
  assert.equal(matchesRepo("acme/release-*", "acme/release-"), true);
  assert.equal(matchesRepo("acme/release-*", "acme/release"), false);
  assert.equal(matchesRepo("acme/*-svc", "acme/billing-svc"), true);
});

Deno.test("matchesRepo ignores case as GitHub does for owners and names", () => {
  assert.equal(matchesRepo("acme/app", "ACME/App"), true);
  assert.equal(matchesRepo("Acme/*", "acme/app"), true);
  assert.equal(matchesRepo("acme/APP-*", "acme/app-web"), true);
});

Deno.test("isRepoGlob accepts owner/name globs and refuses anything else", () => {
  for (const good of ["acme/*", "*/*", "acme/app", "a/b.c", "acme/release-*", "*/app"]) {
    assert.equal(isRepoGlob(good), true, good);
  }
  for (const bad of ["acme", "acme/", "/app", "acme/app/x", "acme/**", "ac me/app", "acme/[ab]"]) {
    assert.equal(isRepoGlob(bad), false, bad);
  }
});
