/**
 * The console's stylesheet (inline, the only style the page's CSP allows): the form, four panes
 * side by side on wide screens (two, then one, on narrower ones), and each surface's look —
 * Slack sections and fields, Discord embeds with their colour bar, Teams containers and facts.
 * Every text colour meets 4.5:1 on its background, in light and dark.
 *
 * @module
 */

/**
 * The stylesheet.
 *
 * @example
 * ```ts
 * `<style>${CONSOLE_STYLE}</style>`;
 * ```
 */
export const CONSOLE_STYLE = `:root{color-scheme:light dark;--bg:#fff;--fg:#1f2328;
--muted:#59636e;--border:#d0d7de;--soft:#f6f8fa;--link:#0969da}
@media (prefers-color-scheme:dark){:root{--bg:#0d1117;--fg:#e6edf3;--muted:#9198a1;
--border:#3d444d;--soft:#151b23;--link:#4493f8}}
*{box-sizing:border-box}body{font:14px/1.45 system-ui,sans-serif;margin:0;padding:1rem 1.2rem;
color:var(--fg);background:var(--bg)}a{color:var(--link)}h1{font-size:1.4rem;margin:0 0 .5rem}
form{display:flex;gap:.5rem;align-items:center;flex-wrap:wrap;margin:.5rem 0}
label{font-weight:600}input[type=text]{flex:1;min-width:16rem;font:15px ui-monospace,monospace;
padding:.45rem .6rem;border:1px solid var(--muted);border-radius:6px;background:var(--bg);color:var(--fg)}
button{font:inherit;font-weight:600;padding:.45rem 1.2rem;border-radius:6px;border:0;
background:#1a7f37;color:#fff;cursor:pointer}.muted{color:var(--muted)}.small{font-size:.85em}
.demo{display:inline-block;background:#8250df;color:#fff;border-radius:1em;padding:0 .6em;
font-size:.8rem;font-weight:600;vertical-align:.2em}.error{border-left:4px solid #cf222e;padding:.3rem .7rem}
.progress{margin:.6rem 0}progress{width:20rem;max-width:100%}
.panes{display:grid;grid-template-columns:repeat(4,minmax(0,1fr));gap:.8rem;margin-top:.8rem}
@media (max-width:1100px){.panes{grid-template-columns:repeat(2,minmax(0,1fr))}}
@media (max-width:640px){.panes{grid-template-columns:1fr}}
.pane{border:1px solid var(--border);border-radius:8px;padding:.6rem .7rem;min-width:0;overflow-wrap:anywhere}
.pane>h2{font-size:.8rem;text-transform:uppercase;letter-spacing:.05em;margin:0 0 .5rem;color:var(--muted)}
.pane p{margin:.25rem 0}.pane hr{border:0;border-top:1px solid var(--border);margin:.5rem 0}
.pane img{max-width:100%;height:auto}.pane h3{font-size:1rem;margin:.2rem 0}
.pane h4,.pane h5,.pane h6{font-size:.95rem;margin:.5rem 0 .2rem}
code,pre{font:12px ui-monospace,monospace;background:var(--soft)}pre{padding:.4rem;white-space:pre-wrap;margin:.3rem 0}
table{border-collapse:collapse;width:100%;font-size:.9em}th,td{border:1px solid var(--border);padding:.2rem .35rem;text-align:left;vertical-align:top}
blockquote{margin:.3rem 0;padding-left:.6rem;border-left:3px solid var(--border)}
.fields{display:grid;grid-template-columns:1fr 1fr;gap:.3rem .8rem;margin:.3rem 0}
.context{color:var(--muted);font-size:.85em;margin:.3rem 0}
.buttons{display:flex;flex-wrap:wrap;gap:.35rem;margin:.4rem 0}
.btn{display:inline-block;border:1px solid var(--muted);border-radius:4px;padding:.1rem .55rem;
font-size:.85em;font-weight:600;color:var(--fg);text-decoration:none;background:var(--bg)}
.slack-primary,.ok{background:#1a7f37;color:#fff;border-color:#1a7f37}
.slack-danger,.danger{background:#cf222e;color:#fff;border-color:#cf222e}
.discord-primary{background:#4752c4;color:#fff;border-color:#4752c4}
.embed{border-left:4px solid #4f545c;background:var(--soft);border-radius:4px;padding:.4rem .6rem;margin:.4rem 0}
.embed-fields{display:flex;flex-wrap:wrap;gap:.4rem .8rem}.embed-fields .inline{flex:1 1 8rem}
.embed-fields .wide{flex:1 1 100%}
.container{margin:.3rem 0}.emphasis{background:var(--soft);padding:.4rem .5rem;border-radius:4px}
.columns{display:flex;gap:.5rem}.columns>div{flex:1}
.facts{display:grid;grid-template-columns:auto 1fr;gap:.1rem .6rem;margin:.3rem 0}
.facts dt{font-weight:600}.facts dd{margin:0}
.bold{font-weight:600}.large{font-size:1.15em}.mono{font-family:ui-monospace,monospace}
.c-good{color:#1a7f37}.c-warning{color:#9a6700}.c-attention{color:#cf222e}.c-accent{color:var(--link)}
@media (prefers-color-scheme:dark){.c-good{color:#3fb950}.c-warning{color:#d29922}.c-attention{color:#f85149}}
.bullet{padding-left:.4rem}`;
