import assert from "node:assert/strict";
import { parse } from "yaml";
import { convertGitLab } from "../../../src/ops/migrate/gitlab.ts";
import { PINNED_ACTIONS, pinnedUses } from "../../../src/ops/migrate/pinned_actions.ts";
import { lintFile } from "../../../src/workflow/lint.ts";

const CORPUS = new URL("../../../../shared/corpus/gitlab/", import.meta.url);

Deno.test("pinned actions: every entry is a 40-hex commit with a release tag", () => {
  for (const [repo, pin] of Object.entries(PINNED_ACTIONS)) {
    assert.match(repo, /^[\w.-]+\/[\w.-]+$/);
    assert.match(pin.sha, /^[0-9a-f]{40}$/, repo);
    assert.match(pin.tag, /^v\d+\.\d+\.\d+$/, repo);
  }
  assert.equal(
    pinnedUses("actions/cache/save"),
    `actions/cache/save@${PINNED_ACTIONS["actions/cache"].sha}`,
  );
  assert.throws(() => pinnedUses("someone/else"), /No pinned commit for someone\/else/);
});

for (const name of ["GNOME__glib__.gitlab-ci.yml", "xiph__opus__.gitlab-ci.yml"]) {
  Deno.test(`pinned actions: converted ${name} uses only pinned actions, tag as comment`, async () => {
    const result = convertGitLab(".gitlab-ci.yml", await Deno.readTextFile(new URL(name, CORPUS)));
    assert.ok(result.files.length > 0);
    for (const file of result.files) {
      const uses = [...file.after.matchAll(/uses: (\S+)(.*)$/gm)];
      assert.ok(uses.length > 0, file.path);
      for (const [, ref, rest] of uses) {
        assert.match(ref, /@[0-9a-f]{40}$/, ref);
        assert.match(rest, /^ # v\d+\.\d+\.\d+$/, `${ref}${rest}`);
      }
      assert.ok(parse(file.after));
      const unpinned = lintFile({ path: file.path, content: file.after }).findings
        .filter((f) => f.ruleId === "unpinned-action");
      assert.deepEqual(unpinned, []);
    }
  });
}
