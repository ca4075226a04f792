/**
 * Every command the README and the user guides show — `/ci-test …`, `!ci-test …`,
 * `@ci-orchestrator …`, `cli run "…"` and `cli parse "…"` — is read by the command language as
 * written; `migrate … apply` forms are the ones the parser accepts. The README fits in 12 KB and
 * its picture exists.
 */
import assert from "node:assert/strict";
import { parseCommand } from "../src/intent/parse.ts";
import { SLASH_COMMANDS } from "../src/intent/commands.ts";

const ROOT = new URL("../", import.meta.url);
/** The pages a new user copies commands from. */
const PAGES = [
  "README.md",
  "docs/commands.md",
  "docs/cli.md",
  "docs/operations.md",
  "docs/slack.md",
  "docs/teams.md",
  "docs/discord.md",
  "docs/copilot.md",
];
const WORDS = [...SLASH_COMMANDS.map((c) => c.command), "!ci-test", "@ci-orchestrator"];
const COMMAND = new RegExp(
  `^(?:${WORDS.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|")})\\s+\\S`,
);

/** A command found in a page, with where it was. */
interface Found {
  page: string;
  text: string;
}

/**
 * Placeholders (`…`, `<text>`) and syntax summaries (`[on:failure|recovery]`) describe commands
 * rather than show one; everything else must parse.
 */
const isTemplate = (text: string) => /…|<[^>]*>|\[[^\]]*\|/.test(text);

/**
 * The commands in a markdown page: chat commands in inline code and at the start of code-block
 * lines, and the quoted text of `cli run` / `cli parse`.
 *
 * @example
 * ```ts
 * commandsIn("x.md", "Type `/ci-test help`."); // [{ page: "x.md", text: "/ci-test help" }]
 * ```
 */
function commandsIn(page: string, markdown: string): Found[] {
  const found: Found[] = [];
  const lines = markdown.split("\n");
  let inBlock = false;
  for (const line of lines) {
    if (/^\s*```/.test(line)) {
      inBlock = !inBlock;
      continue;
    }
    const candidates = inBlock
      ? [line.trim().replace(/^\$ /, "")]
      : [...line.matchAll(/`([^`\n]+)`/g)].map((m) => m[1].trim());
    for (const text of candidates) {
      if (COMMAND.test(text)) found.push({ page, text: text.replace(/\s+#\s.*$/, "") });
    }
    for (const m of line.matchAll(/\bcli (?:run|parse) "([^"]+)"/g)) {
      found.push({ page, text: m[1] });
    }
  }
  return found;
}

const pages = await Promise.all(
  PAGES.map(async (page) => ({ page, text: await Deno.readTextFile(new URL(page, ROOT)) })),
);
const FOUND = pages.flatMap((p) => commandsIn(p.page, p.text));

Deno.test("readme: the extractor finds chat, CLI and code-block commands", () => {
  const found = commandsIn(
    "x.md",
    'Type `/ci-test help` or `@ci-orchestrator` alone.\n```sh\n$ npx -y deno@2.9.6 task cli run "analyze" --dir .\n```\n```text\n!ci-test status\n```',
  );
  assert.deepEqual(found.map((f) => f.text), ["/ci-test help", "analyze", "!ci-test status"]);
});

Deno.test("readme: every command shown in the README and the guides parses as written", () => {
  const concrete = FOUND.filter((f) => !isTemplate(f.text));
  for (const page of ["README.md", "docs/commands.md", "docs/cli.md"]) {
    assert.ok(
      concrete.filter((f) => f.page === page).length >= 3,
      `${page}: expected at least 3 commands, found ${
        concrete.filter((f) => f.page === page).length
      }`,
    );
  }
  const failed = concrete
    .map((f) => ({ ...f, result: parseCommand(f.text) }))
    .filter((f) => f.result.kind !== "intent")
    .map((f) => `${f.page}: ${f.text} → ${f.result.kind === "unsupported" ? f.result.error : ""}`);
  assert.deepEqual(failed, []);
});

Deno.test("readme: `migrate … apply` as the pages write it is what the parser accepts", () => {
  const forms = pages.flatMap((p) =>
    [...p.text.matchAll(/`([^`\n]*\bmigrate\b[^`\n]*\bapply\b[^`\n]*)`/g)].map((m) => ({
      page: p.page,
      text: m[1].replace(/…/g, "repo:acme/app"),
    }))
  );
  assert.ok(forms.length > 0, "the pages show how to apply a migration");
  for (const form of forms) {
    const result = parseCommand(form.text);
    assert.equal(result.kind, "intent", `${form.page}: ${form.text}`);
    if (result.kind !== "intent") continue;
    assert.equal(result.intent.op, "migrate", `${form.page}: ${form.text}`);
    assert.ok(result.intent.apply, `${form.page}: ${form.text} sets no apply step`);
  }
});

Deno.test("readme: fits in 12 KB and shows a picture that exists", async () => {
  const readme = pages[0].text;
  const bytes = new TextEncoder().encode(readme).length;
  assert.ok(bytes <= 12 * 1024, `README is ${bytes} bytes`);
  const images = [...readme.matchAll(/!\[[^\]]+\]\(([^)]+)\)/g)].map((m) => m[1]);
  assert.ok(images.length > 0, "README shows a picture");
  for (const image of images) {
    const stat = await Deno.stat(new URL(image, ROOT));
    assert.ok(stat.size > 10_000, `${image} is ${stat.size} bytes`);
  }
});

Deno.test("readme: every local link of the README and the guides points at a file", async () => {
  const broken = [];
  for (const { page, text } of pages) {
    for (const m of text.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)) {
      if (/^[a-z]+:/.test(m[1])) continue;
      const target = new URL(m[1], new URL(page, ROOT));
      if (!await Deno.stat(target).catch(() => undefined)) broken.push(`${page}: ${m[1]}`);
    }
  }
  assert.deepEqual(broken, []);
});
