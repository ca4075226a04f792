/**
 * The SSE reply to one Copilot request, built with the SDK's event encoders. The response is
 * returned at once and written to as the work progresses; writes after the client went away or
 * after `done` are dropped, so callers never have to check.
 *
 * @module
 */
import {
  createAckEvent,
  createConfirmationEvent,
  createDoneEvent,
  createErrorsEvent,
  createReferencesEvent,
  createTextEvent,
} from "@copilot-extensions/preview-sdk";

/** A Copilot reference (a link chip under the answer). */
export interface CopilotReference {
  type: string;
  id: string;
  data?: Record<string, unknown>;
  is_implicit?: boolean;
  metadata?: { display_name: string; display_icon?: string; display_url?: string };
}

/** A Copilot error event entry. */
export interface CopilotError {
  type: "reference" | "function" | "agent";
  code: string;
  message: string;
  identifier: string;
}

/** The writer side of one reply stream. */
export interface CopilotStream {
  /** The `text/event-stream` response to return from the handler. */
  response: Response;
  ack(): void;
  text(markdown: string): void;
  references(refs: CopilotReference[]): void;
  confirmation(c: { id: string; title: string; message: string; metadata: object }): void;
  errors(errors: CopilotError[]): void;
  /** Writes the finish chunk and `[DONE]`, then closes. */
  done(): void;
  /** True once closed by `done` or by the client. */
  readonly closed: boolean;
  /** Resolves when the client disconnects (or the stream is done). */
  readonly gone: Promise<void>;
}

/**
 * Opens a reply stream.
 *
 * @example
 * ```ts
 * const sse = openCopilotStream();
 * sse.ack();
 * sse.text("Hello");
 * sse.done();
 * return sse.response;
 * ```
 */
export function openCopilotStream(): CopilotStream {
  const encoder = new TextEncoder();
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let closed = false;
  let markGone!: () => void;
  const gone = new Promise<void>((resolve) => markGone = resolve);
  const body = new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
    },
    cancel() {
      closed = true;
      markGone();
    },
  });
  const write = (chunk: string) => {
    if (closed) return;
    controller.enqueue(encoder.encode(chunk));
  };
  return {
    response: new Response(body, {
      headers: {
        "content-type": "text/event-stream; charset=utf-8",
        "cache-control": "no-cache",
        "x-accel-buffering": "no",
      },
    }),
    ack: () => write(createAckEvent()),
    text: (markdown) => write(createTextEvent(markdown)),
    references(refs) {
      if (refs.length > 0) write(createReferencesEvent(refs));
    },
    confirmation: (c) => write(createConfirmationEvent({ ...c, metadata: { ...c.metadata } })),
    errors: (errors) => write(createErrorsEvent(errors)),
    done() {
      if (closed) return;
      write(createDoneEvent());
      closed = true;
      controller.close();
      markGone();
    },
    get closed() {
      return closed;
    },
    gone,
  };
}
