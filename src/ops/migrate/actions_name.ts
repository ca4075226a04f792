/**
 * Names for extracted composite actions, derived from what their steps do
 * (`actions/setup-node` + `npm ci` → `setup-node-and-npm-ci`).
 *
 * @module
 */

const kebab = (text: string) =>
  text.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");

/** A short slug for one step: the action's name, or the first words of its script. */
function stepSlug(step: Record<string, unknown>): string {
  if (typeof step.uses === "string") {
    const ref = step.uses.replace(/@.*$/, "").replace(/^docker:\/\//, "");
    const parts = ref.split(/[/:]/).filter((p) => p !== "" && p !== ".");
    const remote = parts.length > 1 && !ref.startsWith(".");
    const last = remote ? parts[1] : parts[parts.length - 1] ?? "";
    // `pnpm/action-setup` says little without its owner: `pnpm-setup`.
    const bare = last.replace(/^action-|-action$/, "");
    return kebab(remote && bare !== last ? `${parts[0]}-${bare}` : bare);
  }
  if (typeof step.run === "string") {
    const line = step.run.split("\n").map((l) => l.trim())
      .find((l) => l !== "" && !l.startsWith("#")) ?? "";
    const words = line.split(/\s+/).map((w) => w.split("/").pop() ?? "")
      .filter((w) => /^[A-Za-z][\w.-]*$/.test(w)).slice(0, 2);
    return kebab(words.join("-"));
  }
  return "";
}

/**
 * A name for the action that is not in `taken`.
 *
 * @example
 * ```ts
 * actionName([{ uses: "actions/setup-node@v4" }, { run: "npm ci" }], new Set());
 * // "setup-node-and-npm-ci"
 * ```
 */
export function actionName(
  steps: readonly Record<string, unknown>[],
  taken: ReadonlySet<string>,
): string {
  const slugs = [...new Set(steps.map(stepSlug).filter((s) => s !== ""))].slice(0, 2);
  const base = (slugs.join("-and-") || "shared-steps").slice(0, 48).replace(/-+$/, "");
  let name = base;
  for (let n = 2; taken.has(name); n++) name = `${base}-${n}`;
  return name;
}

/**
 * A display name from an action name: `setup-node-and-npm-ci` → `Setup node and npm ci`.
 *
 * @example
 * ```ts
 * actionTitle("setup-node-and-npm-ci"); // "Setup node and npm ci"
 * ```
 */
export function actionTitle(name: string): string {
  const words = name.replace(/-/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}
