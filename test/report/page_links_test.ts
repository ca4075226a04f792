/**
 * Code links on the report page of a real `analyze` over the GitHub simulator, through the whole
 * service (`boot()` → execute → provider → simulator, then `GET /reports/:id`): every place a
 * finding occurs links to its line in the file at the commit the files were read at, on the
 * configured web base (`GITHUB_URL`, GitHub Enterprise Server).
 */
import assert from "node:assert/strict";
import { boot } from "../../src/boot.ts";
import { memoryLogger } from "../../src/log.ts";
import { saveReport } from "../../src/report/store.ts";
import { startGitHubSim } from "../sim/github.ts";

const TOKEN = "ghp_pageLinksSimToken0123456789abcdef";
const WEB = "https://ghe.acme.test";

// Findings on several lines of two files: unpinned actions, a missing timeout, an injection.
const BAD = `on: pull_request
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: some/action@v1
      - run: echo "\${{ github.event.pull_request.title }}"
`;
const ALSO_BAD = `on: push
jobs:
  lint:
    runs-on: ubuntu-latest
    steps:
      - uses: other/lint@v2
`;

async function analyzedPage(ref?: string) {
  const sim = await startGitHubSim({ token: TOKEN });
  sim.state.addRepo("acme/app", {
    files: { ".github/workflows/ci.yml": BAD, ".github/workflows/lint.yml": ALSO_BAD },
    branches: { feature: { ".github/workflows/ci.yml": BAD } },
  });
  const service = await boot(
    { KV_PATH: ":memory:", GITHUB_TOKEN: TOKEN, GITHUB_API_URL: sim.url, GITHUB_URL: WEB },
    { log: memoryLogger(), github: { retryAfterBaseValue: 5 } },
  );
  try {
    const report = await service.deps.execute(
      { op: "analyze", repo: "acme/app", ...(ref ? { ref } : {}) },
      { surface: "cli", requestId: "page-links" },
    );
    const saved = await saveReport(service.deps.store, report, service.deps);
    const res = await service.app.request(`/reports/${saved.id}`, {
      headers: { accept: "text/html" },
    });
    assert.equal(res.status, 200);
    const head = sim.state.repo("acme/app")!.branches.get(ref ?? "main")!.sha;
    const contentReads = sim.requests.filter((r) => r.path.includes("/contents/"));
    return { report, html: await res.text(), head, contentReads };
  } finally {
    await service.close();
    await sim.close();
  }
}

// The hrefs of the places listed under the findings (the section ends where the next begins).
function findingHrefs(html: string): string[] {
  const start = html.indexOf(`<section id="findings"`);
  assert.ok(start >= 0, "the page has a findings section");
  const section = html.slice(start, html.indexOf("</section>", start));
  return [...section.matchAll(/<a href="([^"]+)"[^>]*><code>/g)].map((m) =>
    m[1].replaceAll("&amp;", "&")
  );
}

Deno.test("page of an analyze over the simulator: every finding links to its line at the analysed commit", async () => {
  const { report, html, head, contentReads } = await analyzedPage();
  assert.match(head, /^[0-9a-f]{40}$/);
  assert.equal(report.source?.sha, head);
  assert.ok(report.findings.length >= 4, `${report.findings.length} findings`);
  assert.deepEqual(new Set(report.findings.map((f) => f.file)).size, 2);
  const expected = report.findings.map((f) =>
    `${WEB}/acme/app/blob/${head}/${f.file}${f.line ? `#L${f.line}` : ""}`
  );
  assert.deepEqual(findingHrefs(html).sort(), [...new Set(expected)].sort());
  // The files were read at that commit, not at a branch that could move between reads.
  assert.ok(contentReads.length >= 2);
  for (const r of contentReads) assert.equal(r.query.ref, head, r.path);
});

Deno.test("analyze at a ref records that ref's commit, and the page says so in each link's title", async () => {
  const { report, html, head } = await analyzedPage("feature");
  assert.deepEqual(report.source, { repo: "acme/app", ref: "feature", sha: head });
  // Only ci.yml is on the feature branch; its findings are linked at the feature commit.
  const hrefs = findingHrefs(html);
  assert.ok(hrefs.length > 0);
  for (const href of hrefs) {
    assert.ok(href.startsWith(`${WEB}/acme/app/blob/${head}/.github/workflows/ci.yml#L`), href);
  }
  assert.ok(html.includes(`title="At the analysed commit ${head.slice(0, 7)}"`));
});
