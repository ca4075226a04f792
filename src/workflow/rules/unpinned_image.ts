/**
 * `unpinned-image`: job containers and service containers referenced by tag, not by digest.
 * (`docker://` step images are `unpinned-action`'s.)
 *
 * @module
 */
import type { Finding } from "../../report/model.ts";
import { finding, inlineCode, pedantic, type Rule } from "./rule.ts";

const DIGEST = /@sha256:[0-9a-f]{64}$/i;

/**
 * True when an image reference names a tag other than `latest` (`node:20`, `ghcr.io/a/b:1.2`);
 * a port in the registry host (`host:5000/img`) is not a tag.
 *
 * @example
 * ```ts
 * taggedImage("node:20"); // true
 * taggedImage("postgres"); // false
 * ```
 */
export function taggedImage(image: string): boolean {
  const tag = image.replace(/@.*$/, "").match(/:([^/:]+)$/)?.[1];
  return tag !== undefined && tag !== "latest";
}

/**
 * The rule. Images computed by an expression are skipped (their value is unknown here). As in
 * zizmor's `unpinned-images`, an image with no tag or `latest` is a default finding, an image
 * pinned by another tag is pedantic advice (a tag can move, but it was chosen on purpose).
 *
 * @example
 * ```ts
 * unpinnedImage.check(file).map((f) => f.line);
 * ```
 */
export const unpinnedImage: Rule = {
  id: "unpinned-image",
  severity: "warning",
  level: "default",
  confidence: "high",
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
        const f = finding(
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
        );
        out.push(taggedImage(value) ? pedantic(f) : f);
      }
    }
    return out;
  },
};
