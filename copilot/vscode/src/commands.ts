/**
 * The participant's slash commands and the MCP tool each one calls. Descriptions are the
 * service's command-table summaries (`src/intent/commands.ts`); a test keeps this list,
 * `package.json` and that table in step.
 *
 * @module
 */

/** One `/command` of `@ci-orchestrator`. */
export interface ParticipantCommand {
  /** As typed after `/`, and the service's operation name. */
  name:
    | "test"
    | "compare"
    | "migrate"
    | "analyze"
    | "optimize"
    | "status"
    | "cancel";
  /** The MCP tool it calls. */
  tool: `ci_${string}`;
  description: string;
}

/** Every command, in the order the chat lists them. */
export const PARTICIPANT_COMMANDS: readonly ParticipantCommand[] = [
  {
    name: "test",
    tool: "ci_test",
    description:
      "Dispatch a workflow, optionally across a matrix and several runs, and report results",
  },
  {
    name: "compare",
    tool: "ci_compare",
    description: "Run a workflow on two refs and compare duration, failures and flakiness",
  },
  {
    name: "migrate",
    tool: "ci_migrate",
    description:
      "Propose a pull request that moves duplicated steps into reusable workflows or actions",
  },
  {
    name: "analyze",
    tool: "ci_analyze",
    description: "Check workflows for slow, unsafe or flaky patterns and explain each finding",
  },
  {
    name: "optimize",
    tool: "ci_optimize",
    description: "Suggest caching, concurrency and job-splitting changes that make CI faster",
  },
  {
    name: "status",
    tool: "ci_status",
    description: "Show what is queued or running, or one job's progress",
  },
  {
    name: "cancel",
    tool: "ci_cancel",
    description: "Cancel a running job or workflow run",
  },
];

/**
 * The command a name or a leading verb names (`/optimize`, or "optimize …" typed without a
 * slash), case-insensitively.
 *
 * @example
 * ```ts
 * findCommand("Optimize")?.tool; // "ci_optimize"
 * findCommand("deploy"); // undefined
 * ```
 */
export function findCommand(
  name: string | undefined,
): ParticipantCommand | undefined {
  const n = name?.toLowerCase();
  return PARTICIPANT_COMMANDS.find((c) => c.name === n);
}
