/**
 * The request metadata a surface keeps in an inbox record (who asked, where), parsed back with
 * zod on replay like everything else read from the store.
 *
 * @module
 */
import { z } from "zod";
import { SurfaceNameSchema } from "../jobs/model.ts";
import type { RequestMeta } from "../surface.ts";

/**
 * `RequestMeta` as stored JSON.
 *
 * @example
 * ```ts
 * const meta = RequestMetaSchema.parse({ surface: "slack", requestId: "req-1", userId: "U1" });
 * ```
 */
export const RequestMetaSchema: z.ZodType<RequestMeta> = z.object({
  surface: SurfaceNameSchema,
  requestId: z.string().min(1),
  userId: z.string().optional(),
  teamId: z.string().optional(),
  channelId: z.string().optional(),
  conversation: z.object({
    surface: SurfaceNameSchema,
    id: z.string(),
    label: z.string().optional(),
    data: z.record(z.string(), z.unknown()),
  }).optional(),
});
