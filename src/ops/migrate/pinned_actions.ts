/**
 * The actions the GitLab converter writes, pinned to full commit SHAs: our own analyzer flags a
 * tag ref (`unpinned-action`), and a converter must not produce what its analyzer then reports.
 * Each SHA was read from the action's public repository (the tag's commit), never guessed;
 * `test/ops/migrate/pinned_actions_test.ts` keeps the table well-formed.
 *
 * @module
 */
import { type Document, isPair, isScalar, visit } from "yaml";

/** Repository → the release tag we pin and its commit. */
export const PINNED_ACTIONS: Readonly<Record<string, { tag: string; sha: string }>> = {
  "actions/checkout": { tag: "v4.4.0", sha: "11d5960a326750d5838078e36cf38b85af677262" },
  "actions/cache": { tag: "v4.3.0", sha: "0057852bfaa89a56745cba8c7296529d2fc39830" },
  "actions/upload-artifact": { tag: "v4.6.2", sha: "ea165f8d65b6e75b540449e92b4886f43607fa02" },
  "actions/download-artifact": {
    tag: "v4.3.0",
    sha: "d3f86a106a0bac45b974a628896c90dbdf5c8093",
  },
};

/**
 * `owner/repo[/path]` pinned to the table's commit.
 *
 * @throws {Error} for an action not in the table (a programming error: add it with its SHA).
 * @example
 * ```ts
 * pinnedUses("actions/cache/restore"); // "actions/cache/restore@0057852bfaa89a56745cba8c7296529d2fc39830"
 * ```
 */
export function pinnedUses(action: string): string {
  const repo = action.split("/").slice(0, 2).join("/");
  const pin = PINNED_ACTIONS[repo];
  if (!pin) throw new Error(`No pinned commit for ${action}: add ${repo} to PINNED_ACTIONS`);
  return `${action}@${pin.sha}`;
}

/**
 * Writes the release tag as a comment after every pinned `uses:` of `doc`, as people do
 * (`uses: actions/checkout@11d59… # v4.4.0`), so a reader sees which version it is.
 *
 * @example
 * ```ts
 * const doc = new Document({ steps: [{ uses: pinnedUses("actions/checkout") }] });
 * commentPins(doc);
 * doc.toString(); // "steps:\n  - uses: actions/checkout@11d5960a… # v4.4.0\n"
 * ```
 */
export function commentPins(doc: Document): void {
  const tags = new Map(Object.values(PINNED_ACTIONS).map((p) => [p.sha, p.tag]));
  visit(doc, {
    Pair(_, pair) {
      if (!isPair(pair) || !isScalar(pair.key) || pair.key.value !== "uses") return;
      if (!isScalar(pair.value) || typeof pair.value.value !== "string") return;
      const tag = tags.get(pair.value.value.split("@")[1] ?? "");
      if (tag) pair.value.comment = ` ${tag}`;
    },
  });
}
