/**
 * `unpinned-action`: actions and reusable workflows referenced by a movable tag or branch.
 *
 * @module
 */
import type { Finding } from "../../report/model.ts";
import { type Located, stepGroups } from "../model.ts";
import { isSha, parseUses } from "../uses.ts";
import { finding, inlineCode, pedantic, type Rule } from "./rule.ts";
import { taggedImage } from "./unpinned_image.ts";

// GitHub's own organisations: a moved tag there is a supply-chain risk GitHub itself carries,
// so these are notices while everything else is a warning.
const FIRST_PARTY = new Set(["actions", "github"]);

const VALID_OWNER = /^[A-Za-z0-9][A-Za-z0-9-]*$/;

/**
 * The rule. Local (`./…`) references are skipped; `docker://` images need an `@sha256:` digest
 * (pedantic when pinned by a tag other than `latest`, as zizmor's `unpinned-images`). Every
 * remote action counts, `actions/*` included: zizmor's default policy since v1.20 is a blanket
 * hash-pin, and a moved tag of a first-party action runs with your token just the same.
 *
 * @example
 * ```ts
 * unpinnedAction.check(file).filter((f) => f.severity === "warning");
 * ```
 */
export const unpinnedAction: Rule = {
  id: "unpinned-action",
  severity: "warning",
  level: "default",
  confidence: "high",
  title: "Action pinned to a tag or branch instead of a commit SHA",
  rationale:
    "Tags and branches can be moved to malicious code; only a full commit SHA is immutable.",
  check(file) {
    const out: Finding[] = [];
    const check = (uses: Located<string>, job?: string) => {
      const ref = parseUses(uses.value);
      if (ref.kind === "local") return;
      if (ref.kind === "docker") {
        if (ref.digest) return;
        const f = finding(
          this,
          file,
          uses.pos,
          `Container image '${uses.value}' is referenced by tag, not by digest`,
          {
            text: "Pin the image by its digest, printed by " +
              `${inlineCode(`docker buildx imagetools inspect ${ref.image}`)}.`,
            patch: `uses: docker://${ref.image.replace(/:[^/:]*$/, "")}@sha256:<digest>`,
          },
          job,
        );
        out.push(taggedImage(ref.image) ? pedantic(f) : f);
        return;
      }
      // Not a GitHub owner (`$/.github/workflows/x.yml` from a template): a path in this
      // repository rather than a remote action, so there is nothing to pin.
      if (!VALID_OWNER.test(ref.owner)) return;
      if (isSha(ref.ref)) return;
      const name = uses.value.split("@")[0];
      const tag = ref.ref ?? "<tag>";
      const lsRemote = `git ls-remote https://github.com/${ref.owner}/${ref.repo} ${tag}`;
      const f = finding(
        this,
        file,
        uses.pos,
        ref.ref === undefined
          ? `'${uses.value}' has no ref at all; pin it to a commit SHA`
          : `'${uses.value}' is pinned to '${ref.ref}', a movable ref, not a commit SHA`,
        {
          text: `Pin it to the full commit SHA of ${tag}, keeping the tag as a comment; find the ` +
            `SHA with ${inlineCode(lsRemote)}.`,
          patch: `uses: ${name}@<40-hex sha of ${tag}> # ${tag}`,
        },
        job,
      );
      out.push(FIRST_PARTY.has(ref.owner.toLowerCase()) ? { ...f, severity: "notice" } : f);
    };
    if (file.kind === "workflow") {
      for (const job of file.jobs) if (job.uses) check(job.uses, job.id);
    }
    for (const group of stepGroups(file)) {
      for (const step of group.steps) if (step.uses) check(step.uses, group.job?.id);
    }
    return out;
  },
};
