/**
 * The VS Code entry point: registers `@ci-orchestrator` and the token commands. All the logic
 * lives in `handler.ts`; this file only wires the real `vscode` module to it.
 *
 * @module
 */
import { createChatHandler, followupsOf } from "./handler.ts";
import { connectMcp } from "./mcp_client.ts";
import type { ExtensionContext, VscodeApi } from "./vscode_api.ts";

// The host provides `vscode` only through CommonJS `require` (esbuild leaves it external);
// `deno task vscode:package` checks the real module against `VscodeApi`.
declare const require: (id: "vscode") => VscodeApi;

/** The secret-storage key of the service token. */
export const TOKEN_KEY = "ciOrchestrator.token";

/**
 * Called by VS Code when `@ci-orchestrator` is first used.
 *
 * @example
 * ```ts
 * // VS Code calls activate(context) itself.
 * ```
 */
export function activate(context: ExtensionContext): void {
  const vscode = require("vscode");
  const handler = createChatHandler({
    vscode,
    connect: connectMcp,
    settings: async () => ({
      serviceUrl: vscode.workspace.getConfiguration("ciOrchestrator").get<
        string
      >("serviceUrl"),
      token: await context.secrets.get(TOKEN_KEY),
    }),
  });
  const participant = vscode.chat.createChatParticipant(
    "ci-orchestrator.participant",
    handler,
  );
  participant.followupProvider = { provideFollowups: followupsOf };
  context.subscriptions.push(
    participant,
    vscode.commands.registerCommand("ciOrchestrator.setToken", async () => {
      const token = await vscode.window.showInputBox({
        prompt: "ci-orchestrator service token (its MCP_API_KEY, or a GitHub token)",
        password: true,
        ignoreFocusOut: true,
      });
      if (!token) return;
      await context.secrets.store(TOKEN_KEY, token.trim());
      await vscode.window.showInformationMessage(
        "CI Orchestrator: token saved.",
      );
    }),
    vscode.commands.registerCommand("ciOrchestrator.clearToken", async () => {
      await context.secrets.delete(TOKEN_KEY);
      await vscode.window.showInformationMessage(
        "CI Orchestrator: token cleared.",
      );
    }),
  );
}

/**
 * Nothing to release beyond `context.subscriptions`.
 *
 * @example
 * ```ts
 * deactivate();
 * ```
 */
export function deactivate(): void {}
