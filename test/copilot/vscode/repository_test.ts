import assert from "node:assert/strict";
import { repoFromRemote, workspaceRepo } from "../../../copilot/vscode/src/repository.ts";
import { fakeVscode } from "./fake_vscode.ts";

Deno.test("remote URLs of every form give owner/name", () => {
  assert.equal(repoFromRemote("git@github.com:acme/app.git"), "acme/app");
  assert.equal(repoFromRemote("https://github.com/acme/app.git"), "acme/app");
  assert.equal(
    repoFromRemote("ssh://git@ghe.example.com:2222/acme/web"),
    "acme/web",
  );
  assert.equal(repoFromRemote("https://ghe.example.com/acme/web/"), "acme/web");
  assert.equal(repoFromRemote("/srv/git/app"), undefined);
  assert.equal(
    repoFromRemote("https://gitlab.example.com/group/sub/app.git"),
    undefined,
  );
});

Deno.test("origin wins over other remotes; an inactive git extension is activated", async () => {
  const vscode = fakeVscode([
    { name: "upstream", fetchUrl: "https://github.com/up/app.git" },
    { name: "origin", fetchUrl: "git@github.com:me/app.git" },
  ], { active: false });
  assert.equal(await workspaceRepo(vscode), "me/app");
  assert.equal(vscode.activations, 1);
});

Deno.test("no folder open or no usable remote: undefined", async () => {
  assert.equal(await workspaceRepo(fakeVscode(undefined)), undefined);
  assert.equal(
    await workspaceRepo(fakeVscode([{ name: "origin", fetchUrl: "/x" }])),
    undefined,
  );
});
