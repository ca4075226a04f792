/**
 * The scorecard as text for a terminal and as JSON for scripts: figures first, then every
 * unsafe reading, then every misreading with what was read and what was meant.
 *
 * @module
 */
import { type Outcome, ratio, type Scorecard, type Tally } from "./score.ts";

const pct = (t: Tally) => `${(ratio(t) * 100).toFixed(1)} %`;

function table(title: string, rows: Record<string, Tally>): string[] {
  const width = Math.max(...Object.keys(rows).map((k) => k.length), 4);
  return [
    `${title}:`,
    ...Object.entries(rows).map(([key, t]) =>
      `  ${key.padEnd(width)}  ${pct(t).padStart(7)}  (${t.correct}/${t.total})`
    ),
  ];
}

const show = (o: Outcome) => o.got ? JSON.stringify(o.got) : "unsupported";

function line(o: Outcome): string {
  const tags = o.violations.length > 0 ? ` [UNSAFE: ${o.violations.join(", ")}]` : "";
  return `  [${o.phrase.style}] ${JSON.stringify(o.phrase.text)}\n` +
    `      got ${show(o)}\n      expected ${JSON.stringify(o.phrase.expect)}${tags}`;
}

/**
 * The human report `deno task eval:nl` prints.
 *
 * @example
 * ```ts
 * console.log(renderText(evaluate(PHRASES, parseCommand)));
 * ```
 */
export function renderText(card: Scorecard): string {
  return [
    `natural-language evaluation: ${pct(card.overall)} ` +
    `(${card.overall.correct}/${card.overall.total}), ` +
    `${card.msPerPhrase.toFixed(3)} ms per phrase`,
    `safety violations: ${card.unsafe.length}`,
    "",
    ...table("per op", card.byOp),
    "",
    ...table("per style", card.byStyle),
    "",
    ...table("per act", card.byAct),
    "",
    `unsafe readings (${card.unsafe.length}):`,
    ...card.unsafe.map(line),
    "",
    `misreadings (${card.misread.length}):`,
    ...card.misread.map(line),
  ].join("\n");
}

/**
 * The figures as one JSON-ready object (`--json`): ratios, counts, and the misread texts.
 *
 * @example
 * ```ts
 * JSON.stringify(renderJson(card)).includes("accuracy"); // true
 * ```
 */
export function renderJson(card: Scorecard): Record<string, unknown> {
  const slices = (rows: Record<string, Tally>) =>
    Object.fromEntries(Object.entries(rows).map(([k, t]) => [k, { ...t, accuracy: ratio(t) }]));
  const brief = (o: Outcome) => ({
    text: o.phrase.text,
    style: o.phrase.style,
    got: o.got ?? null,
    expected: o.phrase.expect,
    violations: o.violations,
  });
  return {
    accuracy: ratio(card.overall),
    correct: card.overall.correct,
    total: card.overall.total,
    msPerPhrase: card.msPerPhrase,
    safetyViolations: card.unsafe.length,
    byOp: slices(card.byOp),
    byStyle: slices(card.byStyle),
    byAct: slices(card.byAct),
    unsafe: card.unsafe.map(brief),
    misread: card.misread.map(brief),
  };
}
