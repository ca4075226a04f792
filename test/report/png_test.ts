import assert from "node:assert/strict";
import { boot } from "../../src/boot.ts";
import { CiError } from "../../src/errors.ts";
import { memoryLogger } from "../../src/log.ts";
import type { ReportInput } from "../../src/report/model.ts";
import { DEFAULT_PNG_WIDTH, defaultChartIndex, renderChartPng } from "../../src/report/png.ts";
import { saveReport } from "../../src/report/store.ts";
import { renderChartSvg } from "../../src/report/svg.ts";

const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** The IHDR chunk's width and height: the first chunk after the 8-byte signature. */
function pngSize(png: Uint8Array): { width: number; height: number } {
  assert.deepEqual([...png.subarray(0, 8)], PNG_MAGIC, "PNG signature");
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  assert.equal(new TextDecoder().decode(png.subarray(12, 16)), "IHDR");
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

/** Decodes an 8-bit RGB(A) non-interlaced PNG into rows of [r, g, b] pixels. */
async function decodePng(png: Uint8Array): Promise<number[][][]> {
  const { width, height } = pngSize(png);
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const [depth, colour, , , interlace] = png.subarray(24, 29);
  assert.equal(depth, 8);
  assert.equal(interlace, 0);
  const channels = colour === 6 ? 4 : colour === 2 ? 3 : assert.fail(`colour type ${colour}`);
  const idat: Uint8Array<ArrayBuffer>[] = [];
  for (let at = 8; at < png.length;) {
    const length = view.getUint32(at);
    const type = new TextDecoder().decode(png.subarray(at + 4, at + 8));
    if (type === "IDAT") idat.push(png.slice(at + 8, at + 8 + length));
    at += 12 + length;
  }
  const raw = new Uint8Array(
    await new Response(new Blob(idat).stream().pipeThrough(new DecompressionStream("deflate")))
      .arrayBuffer(),
  );
  const stride = width * channels;
  assert.equal(raw.length, height * (stride + 1));
  const rows: number[][][] = [];
  let previous = new Uint8Array(stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const line = raw.slice(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let i = 0; i < stride; i++) {
      const a = i >= channels ? line[i - channels] : 0;
      const b = previous[i];
      const c = i >= channels ? previous[i - channels] : 0;
      const p = a + b - c;
      const [pa, pb, pc] = [Math.abs(p - a), Math.abs(p - b), Math.abs(p - c)];
      const paeth = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      const add = [0, a, b, (a + b) >> 1, paeth][filter];
      line[i] = (line[i] + add) & 0xff;
    }
    rows.push(
      Array.from({ length: width }, (_, x) => [...line.subarray(x * channels, x * channels + 3)]),
    );
    previous = line;
  }
  return rows;
}

const isDark = ([r, g, b]: number[]) => r + g + b < 300;

const trend = {
  title: "Duration trend (median per run)",
  kind: "line" as const,
  unit: "s",
  series: [{
    name: "ci.yml",
    points: Array.from({ length: 40 }, (_, i) => ({ x: i + 1, y: 300 + (i >= 30 ? 90 : 0) })),
  }],
};

Deno.test("renderChartPng: a valid PNG of the asked width, aspect ratio kept", async () => {
  const svg = renderChartSvg(trend, { width: 720, height: 320 });
  const png = await renderChartPng(svg, { width: 1000 });
  assert.deepEqual(pngSize(png), { width: 1000, height: Math.round(320 * 1000 / 720) });
  const small = await renderChartPng(svg, { width: 360 });
  assert.deepEqual(pngSize(small), { width: 360, height: 160 });
  assert.ok(png.length > 5_000, `a chart with axes, labels and a line, not a blank: ${png.length}`);
  assert.equal(pngSize(await renderChartPng(svg)).width, DEFAULT_PNG_WIDTH);
});

Deno.test("renderChartPng: labels are drawn (a font is loaded) on a white background", async () => {
  // resvg under WASM has no system fonts: without the bundled one, text silently vanishes.
  const frame = (text: string) =>
    `<svg xmlns="http://www.w3.org/2000/svg" width="200" height="50" ` +
    `font-family="system-ui,sans-serif" font-size="20"><text x="10" y="35">${text}</text></svg>`;
  const blank = await decodePng(await renderChartPng(frame(""), { width: 200 }));
  const labelled = await decodePng(await renderChartPng(frame("Duration 7m"), { width: 200 }));
  assert.equal(blank.flat().filter(isDark).length, 0);
  assert.deepEqual(blank[0][0], [255, 255, 255]);
  const inked = labelled.flat().filter(isDark).length;
  assert.ok(inked > 150, `dark pixels of the label: ${inked}`);
  // The ink sits where the text is: from x=10, on the baseline row band around y=35.
  const columns = labelled.flatMap((row) => row.flatMap((p, x) => isDark(p) ? [x] : []));
  assert.ok(Math.min(...columns) >= 10 && Math.max(...columns) < 200, `${Math.min(...columns)}`);
});

Deno.test("renderChartPng: refuses widths it would not bound", async () => {
  for (const width of [0, -5, 1.5, 5000, Number.NaN]) {
    await assert.rejects(
      renderChartPng("<svg xmlns='http://www.w3.org/2000/svg' width='10' height='10'/>", { width }),
      (e: unknown) => e instanceof CiError && e.code === "bad_request" && /width/.test(e.message),
    );
  }
  await assert.rejects(
    renderChartPng("not an svg", { width: 100 }),
    (e: unknown) => e instanceof CiError && e.code === "internal",
  );
});

Deno.test("defaultChartIndex: duration or trend first, else the first chart", () => {
  const chart = (title: string) => ({ title, kind: "bar" as const, series: [] });
  assert.equal(defaultChartIndex([]), -1);
  assert.equal(defaultChartIndex([chart("Success rate"), chart("Per job")]), 0);
  assert.equal(defaultChartIndex([chart("Success rate"), chart("Run DURATION")]), 1);
  assert.equal(defaultChartIndex([chart("Jobs"), chart("Trend"), chart("Duration")]), 1);
});

Deno.test("GET /reports/:id/chart.png serves the chart as a privately cacheable PNG; 404s and 400s", async () => {
  const service = await boot({ KV_PATH: ":memory:" }, { log: memoryLogger() });
  try {
    const { app, deps } = service;
    const input: ReportInput = {
      title: "Analyze acme/app",
      status: "warning",
      summary: "slower",
      charts: [
        { title: "Success rate", kind: "bar", unit: "%", series: [{ name: "ci", points: [] }] },
        trend,
      ],
    };
    const saved = await saveReport(deps.store, input, deps);
    const res = await app.request(`/reports/${saved.id}/chart.png`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("content-type"), "image/png");
    assert.equal(res.headers.get("cache-control"), "private, max-age=300");
    const png = new Uint8Array(await res.arrayBuffer());
    assert.deepEqual(pngSize(png), { width: DEFAULT_PNG_WIDTH, height: 640 });
    // The plotted line is the first series colour (#0072B2), somewhere in the image.
    const pixels = (await decodePng(png)).flat();
    assert.ok(pixels.some(([r, g, b]) => r < 20 && Math.abs(g - 0x72) < 20 && b > 0x9a));
    // The default is the duration trend: the bar chart with no points would be a near-empty image.
    const first = await app.request(`/reports/${saved.id}/chart.png?chart=0`);
    assert.equal(first.status, 200);
    const firstPng = new Uint8Array(await first.arrayBuffer());
    assert.notDeepEqual(firstPng, png);
    assert.ok(firstPng.length < png.length, `${firstPng.length} vs ${png.length}`);

    const missing = await app.request(`/reports/${"z".repeat(22)}/chart.png`);
    assert.equal(missing.status, 404);
    assert.match((await missing.json()).error, /No report with that id/);
    const noSuchChart = await app.request(`/reports/${saved.id}/chart.png?chart=2`);
    assert.equal(noSuchChart.status, 404);
    assert.match((await noSuchChart.json()).error, /has 2 chart\(s\).*no chart 2/);
    const bad = await app.request(`/reports/${saved.id}/chart.png?chart=first`);
    assert.equal(bad.status, 400);
    assert.match((await bad.json()).error, /current value is first/);

    const bare = await saveReport(deps.store, { title: "t", status: "success", summary: "" }, deps);
    const none = await app.request(`/reports/${bare.id}/chart.png`);
    assert.equal(none.status, 404);
    assert.match((await none.json()).error, /no charts/);

    const post = await app.request(`/reports/${saved.id}/chart.png`, { method: "POST" });
    assert.equal(post.status, 405);
    assert.equal(post.headers.get("allow"), "GET");
    await post.body?.cancel();
  } finally {
    await service.close();
  }
});
