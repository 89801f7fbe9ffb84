// The fields an item may have in each kind of list (seed 002 media_watchlist and games_backlog; custom lists get a
// free status and free fields). One loose body schema describes the API; the kind's strict schema decides, so a
// status or a field that does not belong to the list's kind is a 400 naming the field.
import { z } from 'zod'
import { formatPath, ValidationError, zodIssuesToDetails } from '../../lib/errors.js'
import type { listKinds } from './schema.js'

export type ListKind = (typeof listKinds)[number]

export const watchlistMediaTypes = ['movie', 'tv', 'anime'] as const
export const watchlistStatuses = ['watching', 'completed', 'plan_to_watch'] as const
export const gameStatuses = ['playing', 'completed', 'backlog'] as const

const title = z.string().trim().min(1).max(500)
const rating = z.number().int().min(1).max(10).nullable()
const notes = z.string().max(20_000)
const freeValue = z.union([z.string().max(2000), z.number(), z.boolean(), z.null()])

const itemSchemas = {
  watchlist: z.strictObject({
    title,
    mediaType: z.enum(watchlistMediaTypes),
    status: z.enum(watchlistStatuses).default('plan_to_watch'),
    rating: rating.default(null),
    year: z.number().int().min(1870).max(2100).nullable().default(null),
    notes: notes.default(''),
  }),
  games: z.strictObject({
    title,
    platform: z.string().trim().min(1).max(100),
    status: z.enum(gameStatuses).default('backlog'),
    rating: rating.default(null),
    hoursPlayed: z.number().min(0).max(100_000).nullable().default(null),
    notes: notes.default(''),
  }),
  custom: z.strictObject({
    title,
    status: z.string().trim().max(100).nullable().default(null),
    rating: rating.default(null),
    notes: notes.default(''),
    fields: z.record(z.string().min(1).max(100), freeValue).default({}),
  }),
} satisfies Record<ListKind, z.ZodType>

/** What the API accepts for an item of any kind (documentation); the list's kind validates it strictly. */
export const listItemBodySchema = z.strictObject({
  title: z.string().optional(),
  status: z.string().nullable().optional(),
  rating: z.number().nullable().optional(),
  notes: z.string().optional(),
  mediaType: z.string().optional(),
  year: z.number().nullable().optional(),
  platform: z.string().optional(),
  hoursPlayed: z.number().nullable().optional(),
  fields: z.record(z.string(), freeValue).optional(),
})
export type ListItemBody = z.infer<typeof listItemBodySchema>

export type ValidItem = { title: string; status: string | null; rating: number | null; notes: string; details: Record<string, unknown> }

/** Validates a whole item for the kind and splits it into the shared columns and the kind's details. */
export function validateItem(kind: ListKind, body: Record<string, unknown>): ValidItem {
  const parsed = itemSchemas[kind].safeParse(body)
  if (!parsed.success) {
    const details = parsed.error.issues.flatMap((issue) =>
      issue.code === 'unrecognized_keys'
        ? issue.keys.map((key) => ({ path: formatPath([...issue.path, key]), message: `not a field of a ${kind} list's items` }))
        : zodIssuesToDetails([issue]),
    )
    throw new ValidationError(`Invalid ${kind} item`, details)
  }
  const { title, status, rating, notes, ...details } = parsed.data as Record<string, unknown> & Omit<ValidItem, 'details'>
  return { title, status: status ?? null, rating: rating ?? null, notes, details }
}

export const itemStatusesByKind: Record<ListKind, readonly string[] | null> = {
  watchlist: watchlistStatuses,
  games: gameStatuses,
  custom: null,
}
