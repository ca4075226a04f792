/**
 * Expression rewriting for steps moved into a composite action. Inside a composite action the
 * `secrets`, `matrix`, `needs`, `vars`, `strategy` and `job` contexts of the calling job are not
 * there, and `inputs` and `steps` mean the action's own; so every such reference becomes an
 * action input the caller passes in its `with:` — the value is evaluated by the caller exactly
 * as before, and a secret reaches only this action (exposure is not widened).
 *
 * @module
 */

/** Contexts whose references must become inputs. */
const CALLER_CONTEXTS = new Set([
  "secrets",
  "matrix",
  "needs",
  "vars",
  "strategy",
  "job",
  "inputs",
  "env",
  "steps",
]);

/** One reference to a caller context, e.g. `secrets.NPM_TOKEN` → parts `["NPM_TOKEN"]`. */
export interface ContextRef {
  context: string;
  parts: string[];
  /** Canonical text, e.g. `secrets.NPM_TOKEN`; the value the caller passes. */
  text: string;
  /** The reference is the whole `${{ }}` of a non-`if` field, so only its string form counts. */
  interpolated: boolean;
}

/** What a rewrite found: the text with references replaced, or why it cannot be moved. */
export type RewriteOutcome = { ok: true; text: string } | { ok: false; reason: string };

/** How one field is rewritten. */
export interface RewriteOptions {
  /** The field is an `if:` condition: an expression even without `${{ }}`. */
  condition: boolean;
  /** Step ids defined earlier inside the moved steps: `steps.<id>` stays as is. */
  internalSteps: ReadonlySet<string>;
  /** Gives the input name for a reference, or a reason it cannot become an input. */
  inputFor: (ref: ContextRef) => string | { refused: string };
}

const IDENT = /[A-Za-z_][A-Za-z0-9_-]*/y;
const PROP = /[A-Za-z0-9_*][A-Za-z0-9_-]*/y;
const PLAIN_PART = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** `secrets.NPM_TOKEN`, `matrix['node version']`. */
export function refText(context: string, parts: readonly string[]): string {
  return context + parts.map((p) => PLAIN_PART.test(p) ? `.${p}` : `['${p.replaceAll("'", "''")}']`)
    .join("");
}

function readString(expr: string, at: number): number {
  let i = at + 1;
  while (i < expr.length) {
    if (expr[i] === "'") {
      if (expr[i + 1] === "'") i += 2;
      else return i + 1;
    } else i++;
  }
  return i;
}

/** Rewrites one expression body (what is between `${{` and `}}`). */
function rewriteExpression(expr: string, whole: boolean, options: RewriteOptions): RewriteOutcome {
  let out = "";
  let i = 0;
  while (i < expr.length) {
    const c = expr[i];
    if (c === "'") {
      const end = readString(expr, i);
      out += expr.slice(i, end);
      i = end;
      continue;
    }
    IDENT.lastIndex = i;
    const m = /[A-Za-z_]/.test(c) && !/[\w.\-]/.test(expr[i - 1] ?? "") ? IDENT.exec(expr) : null;
    if (!m) {
      out += c;
      i++;
      continue;
    }
    const name = m[0];
    let j = i + name.length;
    if (!CALLER_CONTEXTS.has(name) || /^\s*\(/.test(expr.slice(j))) {
      out += name;
      i = j;
      continue;
    }
    const parts: string[] = [];
    for (;;) {
      const rest = expr.slice(j);
      const dot = /^\s*\.\s*/.exec(rest);
      if (dot) {
        PROP.lastIndex = j + dot[0].length;
        const p = PROP.exec(expr);
        if (!p) break;
        parts.push(p[0]);
        j = PROP.lastIndex;
        continue;
      }
      const bracket = /^\s*\[\s*'((?:[^']|'')*)'\s*\]/.exec(rest);
      if (bracket) {
        parts.push(bracket[1].replaceAll("''", "'"));
        j += bracket[0].length;
        continue;
      }
      if (/^\s*\[/.test(rest)) {
        return { ok: false, reason: `'${name}[…]' is read with a computed key` };
      }
      break;
    }
    if (parts.length === 0) return { ok: false, reason: `the whole '${name}' context is read` };
    if (parts.includes("*")) return { ok: false, reason: `'${refText(name, parts)}' uses '*'` };
    if (name === "steps" && options.internalSteps.has(parts[0])) {
      out += expr.slice(i, j);
      i = j;
      continue;
    }
    const ref: ContextRef = {
      context: name,
      parts,
      text: refText(name, parts),
      interpolated: whole && !options.condition && expr.slice(0, i).trim() === "" &&
        expr.slice(j).trim() === "",
    };
    const input = options.inputFor(ref);
    if (typeof input !== "string") return { ok: false, reason: input.refused };
    out += `inputs.${input}`;
    i = j;
  }
  return { ok: true, text: out };
}

/**
 * Replaces caller-context references in a step field with `inputs.<name>`.
 *
 * @example
 * ```ts
 * rewriteField("npm publish --token ${{ secrets.NPM_TOKEN }}", {
 *   condition: false,
 *   internalSteps: new Set(),
 *   inputFor: () => "npm-token",
 * }); // { ok: true, text: "npm publish --token ${{ inputs.npm-token }}" }
 * ```
 */
export function rewriteField(value: string, options: RewriteOptions): RewriteOutcome {
  if (options.condition && !/^\s*\$\{\{[\s\S]*\}\}\s*$/.test(value)) {
    return rewriteExpression(value, true, options);
  }
  let out = "";
  let last = 0;
  for (const m of value.matchAll(/\$\{\{([\s\S]*?)\}\}/g)) {
    const done = rewriteExpression(m[1], true, options);
    if (!done.ok) return done;
    out += value.slice(last, m.index) + "${{" + done.text + "}}";
    last = m.index + m[0].length;
  }
  return { ok: true, text: out + value.slice(last) };
}

/**
 * Input name for a reference: its last meaningful part in kebab case (`secrets.NPM_TOKEN` →
 * `npm-token`, `needs.build.outputs.version` → `version`).
 *
 * @example
 * ```ts
 * inputBaseName({ context: "secrets", parts: ["NPM_TOKEN"], text: "secrets.NPM_TOKEN", interpolated: true });
 * // "npm-token"
 * ```
 */
export function inputBaseName(ref: ContextRef): string {
  const part = ref.parts[ref.parts.length - 1];
  const kebab = part.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
  const base = kebab === "" || !/^[a-z_]/.test(kebab)
    ? `${ref.context}-${kebab || "value"}`
    : kebab;
  return base.slice(0, 60);
}
