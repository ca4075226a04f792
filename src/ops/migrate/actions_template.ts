/**
 * How one field of a step differs between the places a run of steps is extracted from: the
 * text every caller shares, and the slots where callers differ (each slot becomes an action
 * input the caller fills through `with:`). `Install Rust ${{ env.rust_stable }}` and
 * `Install Rust ${{ env.rust_nightly }}` share `Install Rust ` and differ in one expression.
 *
 * @module
 */

/** Text shared by every caller, or a slot with each caller's own text (in caller order). */
export type Piece = { text: string } | { values: string[] };

const EXPRESSION = /\$\{\{[\s\S]*?\}\}/g;
const WORD = /[A-Za-z0-9_.]/;

/** Literal parts and `${{ }}` expressions, alternating: literals has one more entry. */
function split(text: string): { literals: string[]; expressions: string[] } {
  const literals: string[] = [];
  const expressions: string[] = [];
  let last = 0;
  for (const m of text.matchAll(EXPRESSION)) {
    literals.push(text.slice(last, m.index));
    expressions.push(m[0]);
    last = m.index + m[0].length;
  }
  literals.push(text.slice(last));
  return { literals, expressions };
}

/** A script as the step key compares it: trailing blanks and outer blank lines aside. */
const normalise = (text: string) => text.split("\n").map((l) => l.trimEnd()).join("\n").trim();
const bodyOf = (expression: string) => expression.slice(3, -2).trim();

/** Pieces when every value has the same literal text and differs only in expressions. */
function byExpressions(values: readonly string[]): Piece[] | undefined {
  const parts = values.map(split);
  const [first] = parts;
  const aligned = parts.every((p) =>
    p.expressions.length === first.expressions.length &&
    p.literals.every((l, i) => l === first.literals[i])
  );
  if (!aligned) return undefined;
  const pieces: Piece[] = [];
  first.literals.forEach((literal, i) => {
    if (literal !== "") pieces.push({ text: literal });
    if (i === first.expressions.length) return;
    const bodies = parts.map((p) => bodyOf(p.expressions[i]));
    pieces.push(
      bodies.every((b) => b === bodies[0])
        ? { text: first.expressions[i] }
        : { values: bodies.map((b) => `\${{ ${b} }}`) },
    );
  });
  return pieces;
}

/** Whether cutting `text` at `at` splits a word or an expression. */
function badCut(values: readonly string[], at: (v: string) => number): boolean {
  return values.some((v) => {
    const i = at(v);
    return i > 0 && i < v.length && WORD.test(v[i - 1]) && WORD.test(v[i]);
  });
}

/** Shared prefix and suffix around one differing middle, cut at word and expression edges. */
function byAffixes(values: readonly string[]): Piece[] {
  const shortest = Math.min(...values.map((v) => v.length));
  let p = 0;
  while (p < shortest && values.every((v) => v[p] === values[0][p])) p++;
  const open = values[0].lastIndexOf("${{", p - 1);
  if (open >= 0 && values[0].indexOf("}}", open) + 2 > p) p = open;
  while (p > 0 && badCut(values, () => p)) p--;
  let s = 0;
  while (
    s < shortest - p &&
    values.every((v) => v[v.length - 1 - s] === values[0][values[0].length - 1 - s])
  ) s++;
  let suffix = values[0].slice(values[0].length - s);
  const close = suffix.indexOf("}}");
  const start = suffix.indexOf("${{");
  if (close >= 0 && (start < 0 || close < start)) suffix = suffix.slice(close + 2);
  while (suffix !== "" && badCut(values, (v) => v.length - suffix.length)) {
    suffix = suffix.slice(1);
  }
  const prefix = values[0].slice(0, p);
  const pieces: Piece[] = [];
  if (prefix !== "") pieces.push({ text: prefix });
  pieces.push({ values: values.map((v) => v.slice(p, v.length - suffix.length)) });
  if (suffix !== "") pieces.push({ text: suffix });
  return pieces;
}

/**
 * The shared text and differing slots of one field across callers. With `expressionsOnly`
 * (scripts), only `${{ }}` expressions may differ and `undefined` means the texts do not fit.
 *
 * @example
 * ```ts
 * decompose(["Install Rust ${{ env.a }}", "Install Rust ${{ env.b }}"], false);
 * // [{ text: "Install Rust " }, { values: ["${{ env.a }}", "${{ env.b }}"] }]
 * decompose(["v1-stable", "v1-nightly"], false);
 * // [{ text: "v1-" }, { values: ["stable", "nightly"] }]
 * ```
 */
export function decompose(
  values: readonly string[],
  expressionsOnly: boolean,
): Piece[] | undefined {
  if (values.every((v) => v === values[0])) return [{ text: values[0] }];
  if (expressionsOnly) return byExpressions(values.map(normalise));
  const pieces = byExpressions(values);
  if (pieces) return pieces;
  const slot = (v: string) => v.trim().match(/^\$\{\{([\s\S]*)\}\}$/)?.[1].trim();
  // A value that is one whole expression is passed as that expression, normalised.
  return byAffixes(values).map((piece) =>
    "values" in piece
      ? {
        values: piece.values.map((v) => {
          const body = slot(v);
          return body !== undefined && !body.includes("}}") ? `\${{ ${body} }}` : v;
        }),
      }
      : piece
  );
}
