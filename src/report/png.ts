/**
 * Chart SVG → PNG, for chat surfaces that show images but not SVG (Slack's image block fetches
 * `GET /reports/:id/chart.png`). Rendered by resvg compiled to WebAssembly, so nothing native is
 * downloaded at install time; the WASM module and the font load on the first render, not at
 * start-up.
 *
 * @module
 */
import type { Chart } from "./model.ts";
import { CiError } from "../errors.ts";

/** Widest PNG we render: bounds the RGBA buffer (4096 × ~1800 × 4 bytes ≈ 30 MB). */
export const MAX_PNG_WIDTH = 4096;
/** What the report route serves: the page's 720 px chart at twice the density. */
export const DEFAULT_PNG_WIDTH = 1440;

// resvg has no system fonts under WASM: without a font buffer every label would vanish. DejaVu
// Sans is close to the 7 px per character at 12 px that `svg.ts` assumes for its layout.
const FONT = "dejavu-fonts-ttf/ttf/DejaVuSans.ttf";
const FONT_FAMILY = "DejaVu Sans";
const WASM = "@resvg/resvg-wasm/index_bg.wasm";

type ResvgModule = typeof import("@resvg/resvg-wasm");
interface Renderer {
  Resvg: ResvgModule["Resvg"];
  font: Uint8Array;
}

// `initWasm` may run only once per process (a second call throws), so the loaded module is
// shared by every caller; a failed load is forgotten so that the next request retries.
let loading: Promise<Renderer> | undefined;

async function readPackageFile(specifier: string): Promise<Uint8Array<ArrayBuffer>> {
  const url = import.meta.resolve(specifier);
  if (!url.startsWith("file:")) {
    throw new CiError("config", `Cannot read '${specifier}': it resolved to ${url}`, {
      hint: 'Run with `"nodeModulesDir": "auto"` in deno.json and `deno install` first.',
    });
  }
  return await Deno.readFile(new URL(url));
}

function loadRenderer(): Promise<Renderer> {
  loading ??= (async () => {
    const [resvg, wasm, font] = await Promise.all([
      import("@resvg/resvg-wasm"),
      readPackageFile(WASM),
      readPackageFile(FONT),
    ]);
    await resvg.initWasm(wasm);
    return { Resvg: resvg.Resvg, font };
  })().catch((cause) => {
    loading = undefined;
    throw cause instanceof CiError
      ? cause
      : new CiError("internal", "Cannot load the PNG renderer (resvg WASM)", {
        hint: "Run `deno install` so that node_modules holds @resvg/resvg-wasm and its font.",
        cause,
      });
  });
  return loading;
}

/**
 * Renders an SVG (as from `renderChartSvg`) to PNG bytes on a white background, scaled to
 * `width` pixels (default {@linkcode DEFAULT_PNG_WIDTH}) with the aspect ratio kept.
 *
 * @example
 * ```ts
 * import { renderChartSvg } from "./svg.ts";
 * const svg = renderChartSvg({ title: "Duration trend", kind: "line", unit: "s", series: [
 *   { name: "ci.yml", points: [{ x: 1, y: 310 }, { x: 2, y: 290 }] },
 * ] });
 * const png = await renderChartPng(svg, { width: 720 });
 * png[1] === 0x50; // true: "\x89PNG"
 * ```
 */
export async function renderChartPng(
  svg: string,
  options: { width?: number } = {},
): Promise<Uint8Array<ArrayBuffer>> {
  const width = options.width ?? DEFAULT_PNG_WIDTH;
  if (!Number.isInteger(width) || width < 1 || width > MAX_PNG_WIDTH) {
    throw new CiError(
      "bad_request",
      `Cannot render a PNG as 'width' must be a whole number from 1 to ${MAX_PNG_WIDTH}: ` +
        `current value is ${width}`,
      { hint: `Ask for a width of at most ${MAX_PNG_WIDTH} pixels.` },
    );
  }
  const { Resvg, font } = await loadRenderer();
  let resvg: InstanceType<typeof Resvg> | undefined;
  try {
    resvg = new Resvg(svg, {
      fitTo: { mode: "width", value: width },
      // Transparent charts would put dark text on a dark chat theme.
      background: "#ffffff",
      font: {
        fontBuffers: [font],
        defaultFontFamily: FONT_FAMILY,
        sansSerifFamily: FONT_FAMILY,
      },
    });
    const image = resvg.render();
    try {
      // wasm-bindgen copies the bytes out of WASM memory into a fresh ArrayBuffer.
      return image.asPng() as Uint8Array<ArrayBuffer>;
    } finally {
      image.free();
    }
  } catch (cause) {
    throw new CiError("internal", "Cannot render the chart SVG to PNG", { cause });
  } finally {
    resvg?.free();
  }
}

/**
 * Which chart stands for a report in chat: the first whose title mentions a duration or a trend,
 * else the first; -1 when there is none.
 *
 * @example
 * ```ts
 * defaultChartIndex([
 *   { title: "Success rate", kind: "line", series: [] },
 *   { title: "Duration trend", kind: "line", series: [] },
 * ]); // 1
 * ```
 */
export function defaultChartIndex(charts: readonly Chart[]): number {
  if (charts.length === 0) return -1;
  const preferred = charts.findIndex((c) => /duration|trend/i.test(c.title));
  return preferred >= 0 ? preferred : 0;
}
