/**
 * `unpinned-image`: job containers and service containers referenced by tag, not by digest.
 * (`docker://` step images are `unpinned-action`'s.)
 *
 * @module
 */
import type { Finding } from "../../report/model.ts";
import { finding, inlineCode, type Rule } from "./rule.ts";

const DIGEST = /@sha256:[0-9a-f]{64}$/i;

/**
 * The rule. Images computed by an expression are skipped (their value is unknown here).
 *
 * @example
 * ```ts
 * unpinnedImage.check(file).map((f) => f.line);
 * ```
 */
export const unpinnedImage: Rule = {
  id: "unpinned-image",
  severity: "warning",
  title: "Container or service image without a digest",
  rationale:
    "A tag like `node:20` can be re-pushed with different content; only `@sha256:` pins what runs with your token.",
  check(file) {
    if (file.kind !== "workflow") return [];
    const out: Finding[] = [];
    for (const job of file.jobs) {
      for (const { owner, image } of job.images ?? []) {
        const value = image.value.trim();
        if (value === "" || value.includes("${{") || DIGEST.test(value)) continue;
        const where = owner === "container" ? "container" : `service '${owner}'`;
        const name = value.replace(/:[^/:@]*$/, "");
        out.push(finding(
          this,
          file,
          image.pos,
          `Job '${job.id}' runs ${where} image '${value}' by ${
            name === value ? "its implicit latest tag" : "tag"
          }, not by digest`,
          {
            text: "Pin the image by digest (keep the tag in a comment); find it with " +
              `${inlineCode(`docker buildx imagetools inspect ${value}`)}.`,
            patch: `image: ${name}@sha256:<digest> # ${value}`,
          },
          job.id,
        ));
      }
    }
    return out;
  },
};
