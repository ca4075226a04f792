/**
 * What `deno task demo` prints at start: that GitHub is simulated, what it serves, the sample
 * repositories and a few commands to try (each one the command language accepts; the demo test
 * parses them).
 *
 * @module
 */
import { DEMO_REPOS } from "./repos.ts";
import { DEMO_SECRETS } from "./start.ts";

/**
 * Commands to try, typed in the console, after `/ci-test` in Slack or as MCP tool calls.
 *
 * @example
 * ```ts
 * DEMO_COMMANDS[0]; // "analyze repo:demo/express"
 * ```
 */
export const DEMO_COMMANDS: readonly string[] = [
  "analyze repo:demo/express",
  "test repo:demo/pytest workflow:test.yml",
  "optimize repo:demo/requests",
  "analyze repo:demo/pytest",
  "status",
  "help",
];

/**
 * The start-up text for a demo served at `url`, its jobs and reports kept in `kvPath` (memory
 * when absent).
 *
 * @example
 * ```ts
 * console.log(demoBanner("http://localhost:8787"));
 * ```
 */
export function demoBanner(url: string, kvPath?: string): string {
  const width = Math.max(...DEMO_REPOS.map((r) => r.name.length + r.workflow.length + 3));
  const repos = DEMO_REPOS.map((r) =>
    `  ${`${r.name} (${r.workflow})`.padEnd(width)}  ${r.story}; file from ${r.source}`
  );
  return [
    "DEMO MODE — GitHub is simulated: no token, no network, nothing leaves this machine.",
    'Every reply is titled "Demo: …".',
    "",
    `Serving ${url}`,
    `  console      ${url}/  (type a command, see each surface's rendering)`,
    `  Slack        POST ${url}/slack/events  (signing secret ${DEMO_SECRETS.slackSigningSecret})`,
    `  MCP          POST ${url}/mcp  (Authorization: Bearer ${DEMO_SECRETS.mcpApiKey})`,
    `  Teams        POST ${url}/api/messages  (Bot Framework Emulator, app id ${DEMO_SECRETS.teamsAppId})`,
    `  reports      ${url}/reports/<id>   health ${url}/healthz`,
    "",
    "Sample repositories (real public workflow files, generated run history):",
    ...repos,
    "",
    "Try:",
    ...DEMO_COMMANDS.map((c) => `  ${c}`),
    "",
    `Ctrl-C stops the demo. Jobs and reports are kept ${
      kvPath ? `in ${kvPath}` : "in memory only"
    }; the simulated GitHub starts afresh each time.`,
  ].join("\n");
}
