/**
 * Runs a browser driver script in a child `deno run -A` process and returns the JSON it prints
 * last. The tests themselves run with the narrower test-task permissions; only the child loads
 * playwright-core (see `launch.ts` for why).
 *
 * @module
 */
import assert from "node:assert/strict";

/**
 * Spawns `deno run -A <script> ...args` from the repository root and parses its last stdout line.
 * `TEST_BROWSER` is passed on so a run can force the bundled Chromium.
 *
 * @example
 * ```ts
 * const seen = await runDriver<{ status: number }>(import.meta.filename!, ["http://127.0.0.1:8000/"]);
 * ```
 */
export async function runDriver<T>(script: string, args: string[], timeoutMs = 60_000): Promise<T> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), timeoutMs);
  const browser = Deno.env.get("TEST_BROWSER");
  try {
    const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", script, ...args],
      cwd: new URL("../../", import.meta.url).pathname,
      env: { NO_COLOR: "1", ...(browser ? { TEST_BROWSER: browser } : {}) },
      stdout: "piped",
      stderr: "piped",
      signal: abort.signal,
    }).output();
    const err = new TextDecoder().decode(stderr);
    assert.equal(code, 0, `the browser driver ${script} failed (exit ${code}):\n${err}`);
    // The JSON is the driver's last line; anything a library printed before it is not ours.
    const lines = new TextDecoder().decode(stdout).trim().split("\n");
    return JSON.parse(lines.at(-1)!);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * IHDR width and height of a PNG, after checking its signature.
 *
 * @example
 * ```ts
 * const { width, height } = pngSize(await Deno.readFile("page.png"));
 * ```
 */
export function pngSize(png: Uint8Array): { width: number; height: number } {
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  assert.equal(new TextDecoder().decode(png.subarray(12, 16)), "IHDR");
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}
