/**
 * The slice of the `vscode` module the participant uses, as structural types. The handler
 * takes these as parameters so tests can pass a fake; `deno task vscode:package` type-checks
 * the real `vscode` module against them (`@types/vscode`), so the two cannot drift apart.
 *
 * @module
 */

/** A disposable registration. */
export interface Disposable {
  dispose(): unknown;
}

/** `vscode.Uri`, only what the participant reads. */
export interface Uri {
  toString(): string;
}

/** `vscode.Command`: what a chat button runs. */
export interface Command {
  title: string;
  command: string;
  tooltip?: string;
  // deno-lint-ignore no-explicit-any -- the real API types arguments as any[]
  arguments?: any[];
}

/** `vscode.ChatResponseStream`: how a participant answers, piece by piece. */
export interface ChatResponseStream {
  markdown(value: string): void;
  progress(value: string): void;
  reference(value: Uri): void;
  anchor(value: Uri, title?: string): void;
  button(command: Command): void;
}

/** `vscode.CancellationToken`. */
export interface CancellationToken {
  isCancellationRequested: boolean;
  // deno-lint-ignore no-explicit-any -- the real event passes any
  onCancellationRequested(listener: (e: any) => any): Disposable;
}

/** `vscode.ChatRequest`: the slash command (without `/`) and the rest of the text. */
export interface ChatRequest {
  readonly prompt: string;
  readonly command: string | undefined;
}

/** `vscode.ChatResult`: metadata comes back to the follow-up provider. */
export interface ChatResult {
  errorDetails?: { message: string };
  metadata?: { readonly [key: string]: unknown };
}

/** `vscode.ChatFollowup`: a suggested next prompt. */
export interface ChatFollowup {
  prompt: string;
  label?: string;
  command?: string;
}

/** The chat request handler signature, without the chat history we do not read. */
export type ChatHandler = (
  request: ChatRequest,
  context: unknown,
  stream: ChatResponseStream,
  token: CancellationToken,
) => Promise<ChatResult>;

/** `vscode.Extension<T>`. */
export interface Extension<T> {
  readonly isActive: boolean;
  readonly exports: T;
  activate(): PromiseLike<T>;
}

/** The parts of `vscode` the handler needs (everything else is wired in `extension.ts`). */
export interface HandlerVscode {
  Uri: { parse(value: string): Uri };
  extensions: { getExtension<T>(id: string): Extension<T> | undefined };
}

/** `vscode.ChatParticipant`. */
export interface ChatParticipant extends Disposable {
  followupProvider?: {
    provideFollowups(
      result: ChatResult,
      context: unknown,
      token: CancellationToken,
    ): unknown;
  };
}

/** `vscode.SecretStorage`. */
export interface SecretStorage {
  get(key: string): PromiseLike<string | undefined>;
  store(key: string, value: string): PromiseLike<void>;
  delete(key: string): PromiseLike<void>;
}

/** `vscode.ExtensionContext`. */
export interface ExtensionContext {
  readonly subscriptions: { dispose(): unknown }[];
  readonly secrets: SecretStorage;
}

/** Everything `extension.ts` touches. */
export interface VscodeApi extends HandlerVscode {
  chat: {
    createChatParticipant(id: string, handler: ChatHandler): ChatParticipant;
  };
  commands: {
    registerCommand(
      command: string,
      callback: (...args: never[]) => unknown,
    ): Disposable;
  };
  workspace: {
    getConfiguration(section: string): { get<T>(key: string): T | undefined };
  };
  window: {
    showInputBox(options: {
      prompt?: string;
      password?: boolean;
      ignoreFocusOut?: boolean;
    }): PromiseLike<string | undefined>;
    showInformationMessage(message: string): PromiseLike<unknown>;
  };
}
