/**
 * Pinning advice as one grouped suggestion: how many action references across how many files
 * are pinned to a movable tag, rather than one suggestion per `uses:`. It saves no runner time,
 * so it is never estimated and never enters a total.
 *
 * @module
 */
import type { Finding } from "../../report/model.ts";
import type { Suggestion } from "./model.ts";

/** The rule whose findings are grouped. */
export const PIN_RULE = "unpinned-action";

const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? "" : "s"}`;

// `'actions/checkout@v4' is pinned to …` → `actions/checkout`
const actionOf = (f: Finding) => /'([^'@]+)(?:@[^']*)?'/.exec(f.message)?.[1] ?? f.message;

/**
 * One suggestion for every unpinned reference, or undefined when there are none. Its id comes
 * from the first finding (by file and line), as every other suggestion's does.
 *
 * @example
 * ```ts
 * pinSuggestion(findings, suggestionId)?.title; // "Pin 176 action references (23 actions, 41 files) to commit SHAs"
 * ```
 */
export function pinSuggestion(
  findings: readonly Finding[],
  idOf: (f: Finding) => string,
): Suggestion | undefined {
  const sorted = [...findings].sort((a, b) =>
    a.file.localeCompare(b.file) || (a.line ?? 0) - (b.line ?? 0)
  );
  const first = sorted[0];
  if (!first) return undefined;
  const files = [...new Set(sorted.map((f) => f.file))];
  const actions = [...new Set(sorted.map(actionOf))].sort();
  const shown = actions.slice(0, 10).map((a) => `\`${a}\``).join(", ");
  const more = actions.length > 10 ? ` and ${actions.length - 10} more` : "";
  return {
    id: idOf(first),
    ruleId: PIN_RULE,
    title:
      `Pin ${plural(sorted.length, "action reference")} (${plural(actions.length, "action")}, ` +
      `${plural(files.length, "file")}) to commit SHAs`,
    file: first.file,
    finding: first,
    estimate: {
      minutesPerWeek: 0,
      measured: false,
      assumption: "not estimated: pinning protects against a moved tag and saves no runner time",
    },
    problems: [
      `needs each tag's commit SHA (${shown}${more}); files: ${files.join(", ")}`,
    ],
    ...(first.patch ? { manual: first.patch } : {}),
  };
}
