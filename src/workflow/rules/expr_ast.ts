/**
 * A parser for GitHub Actions expressions (the text inside `${{ }}`, or a bare `if:`), into a
 * small tree with offsets, for the rules that judge an expression's structure rather than its
 * text (bot conditions, unredacted secrets, obfuscation). Grammar as GitHub documents it:
 * literals, contexts with `.name`, `['name']`, `.*` and `[expr]`, calls, `!`, comparisons,
 * `&&`, `||` and parentheses.
 *
 * @module
 */

/** One node of an expression; `start`/`end` are offsets into the parsed text. */
export type Expr =
  & { start: number; end: number }
  & (
    | { k: "lit"; value: string | number | boolean | null }
    | { k: "ident"; name: string }
    | { k: "star" }
    | { k: "member"; target: Expr; name: string }
    | { k: "index"; target: Expr; index: Expr }
    | { k: "call"; name: string; args: Expr[] }
    | { k: "not"; expr: Expr }
    | { k: "bin"; op: string; lhs: Expr; rhs: Expr }
  );

const TOKEN =
  /\s*(?:(0x[0-9a-f]+|[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?)|('(?:[^']|'')*')|([A-Za-z_][\w-]*)|(&&|\|\||==|!=|<=|>=|[<>!()[\].,*]))/iy;

interface Token {
  kind: "num" | "str" | "word" | "op";
  text: string;
  start: number;
  end: number;
}

function tokenize(src: string): Token[] | undefined {
  const out: Token[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < src.length) {
    if (/^\s*$/.test(src.slice(TOKEN.lastIndex))) break;
    const m = TOKEN.exec(src);
    if (!m) return undefined;
    const text = m[1] ?? m[2] ?? m[3] ?? m[4];
    const kind = m[1] ? "num" : m[2] ? "str" : m[3] ? "word" : "op";
    out.push({ kind, text, start: TOKEN.lastIndex - text.length, end: TOKEN.lastIndex });
  }
  return out;
}

// Binary operators by binding strength, weakest first.
const LEVELS = [["||"], ["&&"], ["==", "!="], ["<", "<=", ">", ">="]];

/**
 * Parses one expression; `undefined` when it is not valid expression syntax.
 *
 * @example
 * ```ts
 * parseExpr("github.actor == 'dependabot[bot]'")?.k; // "bin"
 * ```
 */
export function parseExpr(src: string): Expr | undefined {
  const tokens = tokenize(src);
  if (!tokens || tokens.length === 0) return undefined;
  let i = 0;
  const peek = () => tokens[i];
  const eat = (text: string) => {
    if (peek()?.kind === "op" && peek().text === text) return tokens[i++];
    return undefined;
  };
  const need = (text: string) => {
    const t = eat(text);
    if (!t) throw new SyntaxError(`expected ${text}`);
    return t;
  };

  const binary = (level: number): Expr => {
    if (level === LEVELS.length) return unary();
    let lhs = binary(level + 1);
    while (peek()?.kind === "op" && LEVELS[level].includes(peek().text)) {
      const op = tokens[i++].text;
      const rhs = binary(level + 1);
      lhs = { k: "bin", op, lhs, rhs, start: lhs.start, end: rhs.end };
    }
    return lhs;
  };
  const unary = (): Expr => {
    const bang = eat("!");
    if (!bang) return postfix(primary());
    const expr = unary();
    return { k: "not", expr, start: bang.start, end: expr.end };
  };
  const primary = (): Expr => {
    const t = tokens[i++];
    if (!t) throw new SyntaxError("unexpected end");
    const at = { start: t.start, end: t.end };
    if (t.kind === "num") return { k: "lit", value: Number(t.text), ...at };
    if (t.kind === "str") {
      return { k: "lit", value: t.text.slice(1, -1).replaceAll("''", "'"), ...at };
    }
    if (t.kind === "op" && t.text === "(") {
      const inner = binary(0);
      const close = need(")");
      return { ...inner, start: t.start, end: close.end };
    }
    if (t.kind !== "word") throw new SyntaxError(`unexpected ${t.text}`);
    const word = t.text.toLowerCase();
    if (word === "true" || word === "false") return { k: "lit", value: word === "true", ...at };
    if (word === "null") return { k: "lit", value: null, ...at };
    if (!eat("(")) return { k: "ident", name: t.text, ...at };
    const args: Expr[] = [];
    if (!eat(")")) {
      do args.push(binary(0)); while (eat(","));
      need(")");
    }
    return { k: "call", name: t.text, args, start: t.start, end: tokens[i - 1].end };
  };
  const postfix = (target: Expr): Expr => {
    for (;;) {
      if (eat(".")) {
        const t = tokens[i++];
        const ok = t && (t.kind === "word" || (t.kind === "op" && t.text === "*"));
        if (!ok) throw new SyntaxError("expected a property name");
        target = { k: "member", target, name: t.text, start: target.start, end: t.end };
      } else if (eat("[")) {
        const star = eat("*");
        const index: Expr = star ? { k: "star", start: star.start, end: star.end } : binary(0);
        const close = need("]");
        target = { k: "index", target, index, start: target.start, end: close.end };
      } else return target;
    }
  };

  try {
    const expr = binary(0);
    return i === tokens.length ? expr : undefined;
  } catch (e) {
    if (e instanceof SyntaxError) return undefined;
    throw e;
  }
}

/**
 * The direct children of a node, for walks.
 *
 * @example
 * ```ts
 * children(parseExpr("a && b")!).length; // 2
 * ```
 */
export function children(e: Expr): Expr[] {
  switch (e.k) {
    case "member":
      return [e.target];
    case "index":
      return [e.target, e.index];
    case "call":
      return e.args;
    case "not":
      return [e.expr];
    case "bin":
      return [e.lhs, e.rhs];
    default:
      return [];
  }
}

/**
 * True for a context access (`github.actor`, `github['actor']`, `fromJSON(x).y`), the nodes
 * GitHub resolves against runtime data.
 *
 * @example
 * ```ts
 * isContext(parseExpr("github.actor")!); // true
 * ```
 */
export function isContext(e: Expr): boolean {
  return e.k === "ident" || e.k === "member" || e.k === "index";
}

/**
 * A context's path, lower-cased and dotted with literal indices folded in (`github['ACTOR']` →
 * `github.actor`); `undefined` when a computed index or a call makes it unknowable.
 *
 * @example
 * ```ts
 * contextPath(parseExpr("github['actor']")!); // "github.actor"
 * ```
 */
export function contextPath(e: Expr): string | undefined {
  if (e.k === "ident") return e.name.toLowerCase();
  if (e.k !== "member" && e.k !== "index") return undefined;
  const base = contextPath(e.target);
  if (base === undefined) return undefined;
  if (e.k === "member") return `${base}.${e.name.toLowerCase()}`;
  if (e.index.k === "star") return `${base}.*`;
  if (e.index.k === "lit" && typeof e.index.value === "string") {
    return `${base}.${e.index.value.toLowerCase()}`;
  }
  return undefined;
}

/**
 * The root name of a context, lower-cased; `undefined` when it starts with a call.
 *
 * @example
 * ```ts
 * contextRoot(parseExpr("secrets.DB")!); // "secrets"
 * contextRoot(parseExpr("fromJSON(x).y")!); // undefined
 * ```
 */
export function contextRoot(e: Expr): string | undefined {
  if (e.k === "ident") return e.name.toLowerCase();
  if (e.k === "member" || e.k === "index") return contextRoot(e.target);
  return undefined;
}
