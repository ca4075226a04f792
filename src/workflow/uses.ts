/**
 * Parsing of `uses:` references: `owner/repo[/path]@ref`, `./local`, `docker://image`.
 *
 * @module
 */

/** A parsed `uses:` value. */
export type UsesRef =
  | { kind: "local"; path: string }
  | { kind: "docker"; image: string; digest?: string }
  | {
    kind: "remote";
    owner: string;
    repo: string;
    /** Sub-path inside the repository (`cache/save`, `.github/workflows/ci.yml`). */
    path?: string;
    ref?: string;
    /** `owner/repo[/path]`, lower-cased, without the ref: what rules match on. */
    action: string;
  };

const SHA = /^[0-9a-f]{40}$/i;

/**
 * Parses a `uses:` value.
 *
 * @example
 * ```ts
 * parseUses("actions/cache/save@v4"); // { kind: "remote", owner: "actions", repo: "cache", path: "save", ref: "v4", action: "actions/cache/save" }
 * ```
 */
export function parseUses(value: string): UsesRef {
  const v = value.trim();
  if (v.startsWith("./") || v.startsWith("../")) return { kind: "local", path: v };
  if (v.startsWith("docker://")) {
    const image = v.slice("docker://".length);
    const digest = image.match(/@(sha256:[0-9a-f]{64})$/i)?.[1];
    return { kind: "docker", image, digest };
  }
  const at = v.lastIndexOf("@");
  const name = at < 0 ? v : v.slice(0, at);
  const ref = at < 0 ? undefined : v.slice(at + 1);
  const [owner = "", repo = "", ...rest] = name.split("/");
  return {
    kind: "remote",
    owner,
    repo,
    path: rest.length > 0 ? rest.join("/") : undefined,
    ref,
    action: name.toLowerCase(),
  };
}

/**
 * True for a full 40-hex commit SHA, the only immutable ref.
 *
 * @example
 * ```ts
 * isSha("3d3c42e5aac5ba805825da76410c181273ba90b1"); // true
 * ```
 */
export function isSha(ref: string | undefined): boolean {
  return ref !== undefined && SHA.test(ref);
}

/**
 * The major version a step runs: from a `vN` ref, or for SHA pins from the `# vN` comment.
 * Undefined for branches and unknown pins.
 *
 * @example
 * ```ts
 * majorVersion("v4.1.0"); // 4
 * majorVersion("3d3c42e5aac5ba805825da76410c181273ba90b1", " v7.0.1"); // 7
 * ```
 */
export function majorVersion(ref: string | undefined, comment?: string): number | undefined {
  const source = isSha(ref) ? comment?.trim() : ref;
  const m = source?.match(/^v?(\d+)(?:\.\d+)*\b/);
  return m ? Number(m[1]) : undefined;
}
