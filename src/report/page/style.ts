/**
 * The report page's stylesheet: light and dark colours through custom properties
 * (`prefers-color-scheme`), a print stylesheet, CSS severity and status badges (no emoji, which
 * render as empty boxes without an emoji font), the severity filter (`:target`, no script),
 * chart colours that follow the theme, the insights beside the headline chart on wide screens and
 * each chart's phone-sized drawing on narrow ones. Every text colour meets 4.5:1 on its background.
 *
 * @module
 */

const COLORS =
  `:root{color-scheme:light dark;--bg:#ffffff;--fg:#1f2328;--muted:#59636e;--border:#d0d7de;
--soft:#f6f8fa;--link:#0969da;--grid:#d0d7de;--mark:#8250df}
@media (prefers-color-scheme:dark){:root{--bg:#0d1117;--fg:#e6edf3;--muted:#9198a1;
--border:#3d444d;--soft:#151b23;--link:#4493f8;--grid:#3d444d;--mark:#d2a8ff}}`;

const LAYOUT = `*{box-sizing:border-box}
body{font:15px/1.5 system-ui,sans-serif;max-width:1100px;margin:0 auto;padding:1.5rem 1rem;
color:var(--fg);background:var(--bg)}
a{color:var(--link)}h1{font-size:1.6rem;margin:.2rem 0 .6rem;overflow-wrap:anywhere}
h2{font-size:1.3rem;margin:2rem 0 .6rem;border-bottom:1px solid var(--border);padding-bottom:.2rem}
h3{font-size:1.05rem;margin:0;display:inline}
.scroll{overflow-x:auto;margin:.5rem 0 1.5rem}table{border-collapse:collapse;width:100%}
@media (max-width:600px){.scroll table{width:max-content;min-width:100%}td{max-width:16rem}}
th,td{border:1px solid var(--border);padding:.3rem .6rem;text-align:left;vertical-align:top}
th{background:var(--soft)}code,pre{font:13px ui-monospace,monospace;background:var(--soft)}
code{overflow-wrap:anywhere}pre{padding:.6rem;overflow:auto;white-space:pre-wrap}
dl{display:flex;flex-wrap:wrap;gap:.2rem 1.8rem;margin:.5rem 0}dl div{display:flex;gap:.5rem}
dt{font-weight:600}dt::after{content:":"}dd{margin:0;overflow-wrap:anywhere}.summary{font-size:1.05rem}.muted{color:var(--muted)}time{white-space:nowrap}
.markup{white-space:pre-wrap}nav{margin:1rem 0;font-size:.95rem}nav h2{display:inline;font-size:1rem;border:0;margin:0 .8rem 0 0}
nav ol{display:inline;padding:0;list-style:none}nav li{display:inline-block;margin-right:1rem}
.insights{list-style:none;padding:0;display:grid;gap:.5rem}
.insight{border:1px solid var(--border);border-left:4px solid var(--mark);padding:.5rem .7rem;
border-radius:6px}.insight p{margin:.2rem 0 0}`;

const BADGES = `.badge{display:inline-block;padding:0 .45em;border-radius:1em;font-size:.8rem;
font-weight:600;line-height:1.6;color:#fff;background:#59636e;vertical-align:.1em;white-space:nowrap}
.b-error,.b-failure{background:#cf222e}.b-warning{background:#9a6700}.b-notice{background:#0969da}
.b-success{background:#1a7f37}.b-running,.b-regression{background:#8250df}
.b-flaky,.b-hotspot{background:#9a6700}.b-security{background:#cf222e}.b-cost{background:#0969da}`;

const FINDINGS = `details{margin:.4rem 0}summary{cursor:pointer;padding:.2rem 0}
.sev{border:1px solid var(--border);border-radius:6px;padding:.3rem .8rem;margin:.8rem 0}
.group{border-left:4px solid var(--border);padding:.1rem .7rem;margin:.5rem 0}
.group.error{border-color:#cf222e}.group.warning{border-color:#9a6700}
.group.notice{border-color:#0969da}.group p{margin:.3rem 0}
.places{margin:.3rem 0;padding-left:1.2rem;columns:2 22rem}.places li{break-inside:avoid}
.filter a{margin-right:.6rem}
#findings:has(.sev:target) .sev:not(:target){display:none}`;

const CHARTS = `figure{margin:.5rem 0 1.5rem}figcaption{color:var(--muted);font-size:.9rem}
figcaption b{color:var(--fg)}.chart svg{display:block;max-width:100%;height:auto}
.chart svg{fill:var(--fg)}
.chart svg [fill="#57606a"]{fill:var(--muted)}.chart svg [stroke="#d0d7de"]{stroke:var(--grid)}
.chart svg [stroke="#57606a"]{stroke:var(--muted)}.chart svg .marker line{stroke:var(--mark)}
.chart .narrow{display:none}
@media (max-width:720px){.chart .wide{display:none}.chart .narrow{display:block}}
.lead .insights{margin:0 0 1rem}
@media (min-width:1100px){.lead{display:grid;grid-template-columns:minmax(0,2fr) minmax(0,3fr);
gap:1.5rem;align-items:start}.lead .chart{margin:0}}`;

const PRINT =
  `@media print{:root{--bg:#ffffff;--fg:#000000;--muted:#333333;--border:#999999;--soft:#ffffff;
--link:#000000}body{max-width:none;padding:0;font-size:11pt}nav,.filter{display:none}
.sev,.group{break-inside:avoid-page}details>*{display:block}
details::details-content{content-visibility:visible;display:block}
a[href^="http"]::after{content:" (" attr(href) ")";font-size:8pt;overflow-wrap:anywhere}
.badge{border:1px solid #000;color:#000;background:none}
.chart .wide{display:block}.chart .narrow{display:none}.lead{display:block}}`;

/**
 * The page's whole stylesheet (inline: the CSP allows inline styles and nothing else).
 *
 * @example
 * ```ts
 * PAGE_STYLE.includes("prefers-color-scheme:dark"); // true
 * ```
 */
export const PAGE_STYLE = [COLORS, LAYOUT, BADGES, FINDINGS, CHARTS, PRINT].join("\n");
