/**
 * The `@ci-orchestrator` chat request handler: `/command prompt` → MCP tool call → progress,
 * markdown, a reference to the report page and buttons for the report's next steps. Plain
 * TypeScript over injected `vscode` and MCP pieces, so tests drive it with fakes.
 *
 * @module
 */
import { CiError, toCiError } from "../../../src/errors.ts";
import { findCommand, PARTICIPANT_COMMANDS, type ParticipantCommand } from "./commands.ts";
import type { Connect } from "./mcp_client.ts";
import { parsePrompt, type ToolArgs, toPrompt } from "./prompt.ts";
import { workspaceRepo } from "./repository.ts";
import { type FollowUp, readResult } from "./result.ts";
import type {
  ChatFollowup,
  ChatHandler,
  ChatResponseStream,
  ChatResult,
  HandlerVscode,
} from "./vscode_api.ts";

/** The participant's name as typed after `@`. */
export const PARTICIPANT_NAME = "ci-orchestrator";

/** Where the service is and the token to use, read on every request (settings may change). */
export interface Settings {
  serviceUrl?: string;
  token?: string;
}

/** What the handler needs, injected. */
export interface HandlerDeps {
  vscode: HandlerVscode;
  settings: () => Promise<Settings>;
  connect: Connect;
}

// Commands that act on a repository and so need one (from the prompt or the workspace).
const NEEDS_REPO = new Set<ParticipantCommand["name"]>([
  "test",
  "compare",
  "migrate",
  "analyze",
  "optimize",
]);

function helpMarkdown(): string {
  const rows = PARTICIPANT_COMMANDS.map((c) => `- \`/${c.name}\` — ${c.description}`);
  return [
    `Ask \`@${PARTICIPANT_NAME}\` with a command, for example \`/optimize\` or ` +
    "`/test ci.yml matrix:python-version=3.11,3.12`. Without `repo:owner/name` the open " +
    "workspace's GitHub repository is used.",
    "",
    ...rows,
  ].join("\n");
}

function renderError(stream: ChatResponseStream, error: CiError): void {
  stream.markdown(`**${error.message}**\n`);
  if (error.hint) stream.markdown(`\n${error.hint}\n`);
}

// A report action as a chat follow-up: same participant, its command, its intent as keys.
function toFollowup(action: FollowUp): ChatFollowup | undefined {
  const command = findCommand(action.intent.op);
  if (!command) return undefined;
  const { op: _op, ...fields } = action.intent;
  return {
    prompt: toPrompt(fields),
    label: action.label,
    command: command.name,
  };
}

/**
 * Creates the chat request handler.
 *
 * @example
 * ```ts
 * const handler = createChatHandler({ vscode, connect: connectMcp, settings: async () => ({
 *   serviceUrl: "https://ci.example.com", token: await secrets.get("token") }) });
 * vscode.chat.createChatParticipant("ci-orchestrator.participant", handler);
 * ```
 */
export function createChatHandler(deps: HandlerDeps): ChatHandler {
  return async (request, _context, stream, token): Promise<ChatResult> => {
    let commandName = request.command;
    let prompt = request.prompt;
    if (!commandName) {
      // "@ci-orchestrator optimize acme/app" without a slash works too.
      const [first = "", ...rest] = prompt.trim().split(/\s+/);
      if (findCommand(first)) [commandName, prompt] = [first, rest.join(" ")];
    }
    const command = findCommand(commandName);
    if (!command) {
      stream.markdown(helpMarkdown());
      return { metadata: { command: commandName ?? "help" } };
    }
    const controller = new AbortController();
    const listener = token.onCancellationRequested(() => controller.abort());
    try {
      const args: ToolArgs = parsePrompt(command.name, prompt).args;
      if (!args.repo && NEEDS_REPO.has(command.name)) {
        stream.progress("Finding the workspace's repository…");
        const repo = await workspaceRepo(deps.vscode);
        if (!repo) {
          throw new CiError(
            "bad_request",
            `/${command.name} needs a repository and none was given`,
            {
              hint: "Add `repo:owner/name`, or open a folder whose git remote is on GitHub.",
            },
          );
        }
        args.repo = repo;
      }
      const settings = await deps.settings();
      if (!settings.serviceUrl) {
        throw new CiError(
          "config",
          "The ci-orchestrator service URL is not set",
          {
            hint: "Set `ciOrchestrator.serviceUrl` in Settings, then run " +
              "**CI Orchestrator: Set Service Token**.",
          },
        );
      }
      stream.progress(`Running ${command.tool} ${toPrompt(args)}…`);
      const session = await deps.connect({
        serviceUrl: settings.serviceUrl,
        token: settings.token,
        signal: controller.signal,
      });
      const result = await session.callTool(command.tool, args, {
        signal: controller.signal,
        onProgress: (p) =>
          stream.progress(
            p.message ?? `${p.progress}${p.total ? ` of ${p.total}` : ""}`,
          ),
      }).finally(() => session.close());
      const rendered = readResult(result);
      stream.markdown(rendered.markdown || "_The service returned no text._");
      if (rendered.reportUrl) {
        stream.reference(deps.vscode.Uri.parse(rendered.reportUrl));
      }
      const followups = rendered.followUps.flatMap((a) => toFollowup(a) ?? []);
      for (const f of followups) {
        stream.button({
          title: f.label ?? f.command ?? "",
          command: "workbench.action.chat.open",
          arguments: [{
            query: `@${PARTICIPANT_NAME} /${f.command} ${f.prompt}`,
          }],
        });
      }
      return {
        metadata: {
          command: command.name,
          args,
          followups,
          ...(rendered.reportUrl ? { reportUrl: rendered.reportUrl } : {}),
          ...(rendered.isError ? { error: "tool" } : {}),
        },
      };
    } catch (thrown) {
      if (token.isCancellationRequested) {
        stream.markdown("_Cancelled._");
        return { metadata: { command: command.name, error: "cancelled" } };
      }
      const error = toCiError(thrown);
      renderError(stream, error);
      return { metadata: { command: command.name, error: error.code } };
    } finally {
      listener.dispose();
    }
  };
}

/**
 * The follow-ups a finished request offers (the report's buttons), for the participant's
 * `followupProvider`.
 *
 * @example
 * ```ts
 * participant.followupProvider = { provideFollowups: followupsOf };
 * ```
 */
export function followupsOf(result: ChatResult): ChatFollowup[] {
  const followups = result.metadata?.followups;
  return Array.isArray(followups) ? followups as ChatFollowup[] : [];
}
