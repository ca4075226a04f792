/**
 * One finding, one fix: findings of one rule, severity and remedy become one group, so a report
 * says "4 actions pinned to tags or branches, used 176 times in 9 files" once instead of 176
 * times. The report keeps every finding (`findings`, for the report page and SARIF) and adds the
 * groups (`groups`, optional in the model so stored reports still parse); chat shows groups.
 *
 * A finding's subject is the first `'…'` its message quotes (the action reference, the job). Its
 * remedy is its fix and patch with the subject masked, so "set timeout-minutes on job 'a'" and
 * "… on job 'b'" are one remedy; `unpinned-action` findings are one remedy per kind (actions,
 * container images), each subject keeping its own exact line.
 *
 * @module
 */
import { codeSpan } from "../../report/markup.ts";
import {
  type Finding,
  type FindingGroup,
  type GroupSubject,
  SEVERITIES,
} from "../../report/model.ts";

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/**
 * The subject a finding's message names: its first single-quoted text, if any.
 *
 * @example
 * ```ts
 * subjectOf({ message: "'actions/checkout@v4' is pinned to 'v4'" } as Finding); // "actions/checkout@v4"
 * ```
 */
export function subjectOf(f: Pick<Finding, "message">): string | undefined {
  return /'([^'\n]+)'/.exec(f.message)?.[1];
}

function remedyKey(f: Finding, subject: string | undefined): string {
  if (f.ruleId === "unpinned-action") {
    return subject?.startsWith("docker://") ? "image" : "action";
  }
  const mask = (text = "") => subject ? text.split(subject).join("\u0000") : text;
  // Without a remedy there is nothing to share: only identical messages group.
  if (!f.fix && !f.patch) return `message\u0001${mask(f.message)}`;
  return `${mask(f.fix)}\u0001${mask(f.patch)}`;
}

function headline(
  f: Finding,
  count: number,
  files: number,
  subjects: GroupSubject[],
  title: string,
  sameMessage: boolean,
): string {
  if (count === 1) return f.message;
  const where = `${plural(count, "time")} in ${plural(files, "file")}`;
  const named = subjects.slice(0, 3).map((s) => codeSpan(s.name)).join(", ");
  const more = subjects.length > 3 ? `, … (${subjects.length} in all)` : "";
  if (f.ruleId === "unpinned-action" && subjects.length > 0) {
    const what = subjects[0].name.startsWith("docker://") ? "container image" : "action";
    const them = subjects.length === 1 ? "it" : "them";
    return subjects.length === 1
      ? `${codeSpan(subjects[0].name)} is pinned to a tag or branch, used ${where}: pin ${them}`
      : `${plural(subjects.length, what)} pinned to tags or branches, used ${where}: pin ${them} ` +
        `(${named}${more})`;
  }
  if (subjects.length === 1) return `${title}: ${codeSpan(subjects[0].name)}, ${where}`;
  if (subjects.length > 0) return `${title}: ${where} (${named}${more})`;
  // Nothing to name them by: the first message tells what kind of problem it is.
  return sameMessage ? `${f.message} (${where})` : `${title}: ${where}; the first: ${f.message}`;
}

/**
 * Groups findings; groups come most severe first, then most frequent, then by rule id.
 * `titles` names each rule for headlines (a rule without one is named by its id).
 *
 * @example
 * ```ts
 * const groups = groupFindings(findings, new Map(RULES.map((r) => [r.id, r.title])));
 * groups[0].count; // occurrences in the first group
 * ```
 */
export function groupFindings(
  findings: readonly Finding[],
  titles: ReadonlyMap<string, string> = new Map(),
): FindingGroup[] {
  const byKey = new Map<string, Array<{ f: Finding; subject?: string }>>();
  for (const f of findings) {
    const subject = subjectOf(f);
    const key = [f.ruleId, f.severity, f.level ?? "", remedyKey(f, subject)].join("\u0002");
    const list = byKey.get(key) ?? [];
    list.push({ f, subject });
    byKey.set(key, list);
  }
  const groups = [...byKey.values()].map((members): FindingGroup => {
    const first = members[0].f;
    const files = [...new Set(members.map((m) => m.f.file))];
    const subjects = new Map<string, GroupSubject>();
    for (const { f, subject } of members) {
      if (subject === undefined) continue;
      const s = subjects.get(subject) ??
        { name: subject, count: 0, files: [], fix: f.fix, patch: f.patch };
      s.count++;
      if (!s.files.includes(f.file)) s.files.push(f.file);
      subjects.set(subject, s);
    }
    const sorted = [...subjects.values()].sort((a, b) =>
      b.count - a.count || a.name.localeCompare(b.name)
    );
    const title = titles.get(first.ruleId) ?? first.ruleId;
    // One remedy line only when it is the same everywhere (one subject or none to tell apart);
    // otherwise the first subject's fix stands as the example it is.
    const single = sorted.length <= 1;
    const fix = single || members.every((m) => m.f.fix === first.fix)
      ? first.fix
      : first.fix && `For ${codeSpan(members[0].subject ?? "")}, for example: ${first.fix}`;
    return {
      ruleId: first.ruleId,
      severity: first.severity,
      ...(first.level ? { level: first.level } : {}),
      message: headline(
        first,
        members.length,
        files.length,
        sorted,
        title,
        members.every((m) => m.f.message === first.message),
      ),
      ...(fix ? { fix } : {}),
      ...(single && first.patch ? { patch: first.patch } : {}),
      count: members.length,
      files,
      subjects: sorted,
      locations: members.map(({ f, subject }) => ({
        file: f.file,
        ...(f.line ? { line: f.line } : {}),
        ...(f.column ? { column: f.column } : {}),
        ...(f.job ? { job: f.job } : {}),
        ...(subject ? { subject } : {}),
      })),
    };
  });
  return groups.sort((a, b) =>
    SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) || b.count - a.count ||
    a.ruleId.localeCompare(b.ruleId)
  );
}
