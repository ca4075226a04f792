/**
 * Child processes for the bench: start a server, time it to its first 200, sample its resident
 * memory, stop it. Everything the bench measures runs as a real process, started the way an
 * operator starts it, so the figures include start-up, module loading and the OS.
 *
 * @module
 */

/**
 * The environment every child starts from: only what finding the tools and their caches needs,
 * so nothing from the caller's shell changes what is measured.
 *
 * @example
 * ```ts
 * const env = { ...baseEnv(), PORT: "8000" };
 * ```
 */
export function baseEnv(): Record<string, string> {
  const env: Record<string, string> = { NO_COLOR: "1" };
  for (const name of ["PATH", "HOME", "DENO_DIR", "XDG_CACHE_HOME", "TMPDIR"]) {
    const value = Deno.env.get(name);
    if (value !== undefined) env[name] = value;
  }
  return env;
}

/** A started server process. */
export interface Server {
  pid: number;
  port: number;
  /** Milliseconds from spawn to the first 200 on the ready path. */
  readyMs: number;
  /** Stops it (SIGTERM, then SIGKILL after 3 s) and returns its captured stderr tail. */
  stop(): Promise<string>;
}

/** How to start one server. */
export interface ServerSpec {
  cmd: string;
  args: string[];
  env: Record<string, string>;
  cwd?: string;
  port: number;
  /** GET path answered 200 once the server is ready. */
  readyPath: string;
  timeoutMs?: number;
}

/**
 * A port that was free a moment ago (the OS picks it; we close the listener and hand it on).
 *
 * @example
 * ```ts
 * const port = freePort();
 * ```
 */
export function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr as Deno.NetAddr;
  listener.close();
  return port;
}

/**
 * Spawns the server and polls its ready path every 2 ms until it answers 200. The clock starts
 * just before the spawn, so the figure is what an orchestrator waiting on a probe would see.
 *
 * @example
 * ```ts
 * const s = await startServer({ cmd: "node", args: ["app.mjs"], env: {}, port, readyPath: "/readyz" });
 * console.log(s.readyMs);
 * await s.stop();
 * ```
 */
export async function startServer(spec: ServerSpec): Promise<Server> {
  const started = performance.now();
  const child = new Deno.Command(spec.cmd, {
    args: spec.args,
    env: spec.env,
    clearEnv: true,
    cwd: spec.cwd,
    stdin: "null",
    stdout: "null",
    stderr: "piped",
  }).spawn();
  const stderr = collectTail(child.stderr);
  const url = `http://127.0.0.1:${spec.port}${spec.readyPath}`;
  const deadline = started + (spec.timeoutMs ?? 30_000);
  let exited = false;
  const status = child.status.then((s) => {
    exited = true;
    return s;
  });
  const stop = async () => {
    if (!exited) {
      child.kill("SIGTERM");
      const timer = setTimeout(() => !exited && child.kill("SIGKILL"), 3_000);
      await status;
      clearTimeout(timer);
    }
    return await stderr;
  };
  while (true) {
    if (exited) {
      throw new Error(`${spec.cmd} ${spec.args.join(" ")} exited before ready:\n${await stderr}`);
    }
    if (performance.now() > deadline) {
      const tail = await stop();
      throw new Error(`${spec.cmd} not ready within ${spec.timeoutMs ?? 30_000} ms:\n${tail}`);
    }
    try {
      const res = await fetch(url);
      await res.body?.cancel();
      if (res.status === 200) break;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 2));
  }
  return { pid: child.pid, port: spec.port, readyMs: performance.now() - started, stop };
}

async function collectTail(stream: ReadableStream<Uint8Array>): Promise<string> {
  let tail = "";
  for await (const chunk of stream.pipeThrough(new TextDecoderStream())) {
    tail = (tail + chunk).slice(-4000);
  }
  return tail;
}

/**
 * Resident set size of a process in KiB (`VmRSS` of `/proc/<pid>/status`), or undefined once it
 * has gone.
 *
 * @example
 * ```ts
 * const kib = rssKiB(Deno.pid);
 * ```
 */
export function rssKiB(pid: number): number | undefined {
  try {
    const status = Deno.readTextFileSync(`/proc/${pid}/status`);
    const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * CPU time (user + system) a process has used so far, in seconds (`/proc/<pid>/stat`, at the
 * usual 100 clock ticks per second), or undefined once it has gone.
 *
 * @example
 * ```ts
 * const s = cpuSeconds(Deno.pid);
 * ```
 */
export function cpuSeconds(pid: number): number | undefined {
  try {
    const stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
    // The command name (field 2) may hold spaces; the fields after its ")" are fixed.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

/**
 * Samples a process's RSS every `everyMs` until `stop()`; returns the peak and the samples.
 *
 * @example
 * ```ts
 * const sampler = sampleRss(pid, 100);
 * // … load …
 * const { peakKiB } = sampler.stop();
 * ```
 */
export function sampleRss(
  pid: number,
  everyMs: number,
): { stop(): { peakKiB: number; lastKiB: number; samples: number[] } } {
  const samples: number[] = [];
  const take = () => {
    const kib = rssKiB(pid);
    if (kib !== undefined) samples.push(kib);
  };
  take();
  const timer = setInterval(take, everyMs);
  return {
    stop() {
      clearInterval(timer);
      take();
      return {
        peakKiB: Math.max(0, ...samples),
        lastKiB: samples.at(-1) ?? 0,
        samples,
      };
    },
  };
}

/**
 * Runs a command to completion and times it from spawn to exit.
 *
 * @example
 * ```ts
 * const { ms, code } = await timeCommand(Deno.execPath(), ["--version"], {});
 * ```
 */
export async function timeCommand(
  cmd: string,
  args: string[],
  env: Record<string, string>,
  cwd?: string,
): Promise<{ ms: number; code: number; stdout: string; stderr: string }> {
  const started = performance.now();
  const out = await new Deno.Command(cmd, { args, env, clearEnv: true, cwd, stdin: "null" })
    .output();
  const ms = performance.now() - started;
  const dec = new TextDecoder();
  return { ms, code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
}

/**
 * Median of a non-empty list.
 *
 * @example
 * ```ts
 * median([3, 1, 2]); // 2
 * ```
 */
export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}
