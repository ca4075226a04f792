/**
 * The real service as a child process, for tests that kill and restart it.
 *
 * @module
 */

const MAIN = new URL("../../src/main.ts", import.meta.url).pathname;

/**
 * Starts `src/main.ts` on a free port and resolves once it listens, with its port and the
 * start-up log read so far (its stderr keeps being drained so it never blocks).
 *
 * @example
 * ```ts
 * // const { child, port } = await startProcess({ KV_PATH: "/tmp/x.kv" });
 * ```
 */
export async function startProcess(env: Record<string, string>) {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", MAIN],
    env: { ...env, PORT: "0", NO_COLOR: "1" },
    stdout: "null",
    stderr: "piped",
  }).spawn();
  const lines = child.stderr.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  while (true) {
    const { value, done } = await lines.read();
    if (done) throw new Error(`service exited before listening:\n${buffer}`);
    buffer += value;
    const port = /"msg":"listening","port":(\d+)/.exec(buffer)?.[1];
    if (port) {
      (async () => {
        while (!(await lines.read()).done);
      })().catch(() => {});
      return { child, port: Number(port), startLog: buffer };
    }
  }
}
