/**
 * One durable queue, several consumers. The store allows a single queue listener (the job
 * runner's); the router wraps the store so that listener first offers each message to the
 * consumer registered for its route (alerts), and passes every other message on unchanged.
 *
 * @module
 */
import type { Store } from "../store/port.ts";

/** A routed store and its registry. */
export interface QueueRouter {
  /** Give this to the job runner (and everything else) instead of the raw store. */
  store: Store;
  /** Handles messages sent with {@linkcode QueueRouter.enqueue} under `route`. */
  route(route: string, handler: (payload: unknown) => Promise<void>): void;
  /** Queues `payload` for the handler of `route`. */
  enqueue(route: string, payload: unknown, options?: { delayMs?: number }): Promise<void>;
}

interface Routed {
  route: string;
  payload: unknown;
}

const isRouted = (m: unknown): m is Routed =>
  typeof m === "object" && m !== null && typeof (m as Routed).route === "string" &&
  "payload" in m;

/**
 * Wraps a store. A routed message whose route has no handler (yet) throws, so the queue
 * delivers it again later rather than dropping it.
 *
 * @example
 * ```ts
 * const router = createQueueRouter(await openKvStore(":memory:"));
 * router.route("alerts", async (payload) => console.log(payload));
 * // createJobRunner({ store: router.store, … }).start() now also feeds "alerts".
 * await router.enqueue("alerts", { hello: 1 });
 * ```
 */
export function createQueueRouter(store: Store): QueueRouter {
  const routes = new Map<string, (payload: unknown) => Promise<void>>();
  const routed: Store = {
    get: (key) => store.get(key),
    set: (key, value, options) => store.set(key, value, options),
    setIfAbsent: (key, value, options) => store.setIfAbsent(key, value, options),
    delete: (key) => store.delete(key),
    list: (prefix, options) => store.list(prefix, options),
    enqueue: (message, options) => store.enqueue(message, options),
    listenQueue: (handler) =>
      store.listenQueue(async (message) => {
        if (!isRouted(message)) return await handler(message);
        const consumer = routes.get(message.route);
        if (!consumer) throw new Error(`No queue consumer for route '${message.route}'`);
        try {
          await consumer(message.payload);
        } catch (error) {
          // The store closed under a running consumer (shutdown): the message stays queued.
          if (error instanceof Deno.errors.BadResource) return;
          throw error;
        }
      }),
    ping: () => store.ping(),
    close: () => store.close(),
  };
  return {
    store: routed,
    route: (name, handler) => void routes.set(name, handler),
    enqueue: (route, payload, options) => store.enqueue({ route, payload }, options),
  };
}
