/**
 * A fake `vscode` for the participant's tests: a response stream that records every part in
 * order, a cancellation token the test can fire, and a git extension with given remotes.
 *
 * @module
 */
import type {
  CancellationToken,
  ChatResponseStream,
  Command,
  HandlerVscode,
  Uri,
} from "../../../copilot/vscode/src/vscode_api.ts";

/** One recorded stream part. */
export type Part =
  | { kind: "markdown" | "progress"; value: string }
  | { kind: "reference" | "anchor"; value: string }
  | { kind: "button"; value: Command };

/** A recording `ChatResponseStream`. */
export interface FakeStream extends ChatResponseStream {
  parts: Part[];
  /** All markdown, concatenated. */
  text(): string;
}

/** Records every part in order. */
export function fakeStream(): FakeStream {
  const parts: Part[] = [];
  return {
    parts,
    markdown: (value) => void parts.push({ kind: "markdown", value }),
    progress: (value) => void parts.push({ kind: "progress", value }),
    reference: (value) => void parts.push({ kind: "reference", value: value.toString() }),
    anchor: (value) => void parts.push({ kind: "anchor", value: value.toString() }),
    button: (value) => void parts.push({ kind: "button", value }),
    text: () => parts.flatMap((p) => (p.kind === "markdown" ? [p.value] : [])).join(""),
  };
}

/** A token whose `cancel()` fires the listeners like VS Code's CancellationTokenSource. */
export function fakeToken(): CancellationToken & { cancel(): void } {
  const listeners = new Set<(e: unknown) => unknown>();
  const token = {
    isCancellationRequested: false,
    onCancellationRequested(listener: (e: unknown) => unknown) {
      listeners.add(listener);
      return { dispose: () => listeners.delete(listener) };
    },
    cancel() {
      token.isCancellationRequested = true;
      for (const l of listeners) l(undefined);
    },
  };
  return token;
}

/** The handler's `vscode`: `Uri.parse` and a `vscode.git` extension with these remotes. */
export function fakeVscode(
  remotes: { name: string; fetchUrl?: string }[] | undefined,
  options: { active?: boolean } = {},
): HandlerVscode & { activations: number } {
  const api = {
    getAPI: () => ({ repositories: remotes ? [{ state: { remotes } }] : [] }),
  };
  const fake = {
    activations: 0,
    Uri: {
      parse: (value: string): Uri => ({ toString: () => new URL(value).href }),
    },
    extensions: {
      // deno-lint-ignore no-explicit-any -- the fake serves one extension of a known shape
      getExtension(id: string): any {
        if (id !== "vscode.git") return undefined;
        return {
          isActive: options.active ?? true,
          exports: api,
          activate: () => {
            fake.activations++;
            return Promise.resolve(api);
          },
        };
      },
    },
  };
  return fake;
}
