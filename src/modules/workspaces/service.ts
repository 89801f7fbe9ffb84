// Workspace lookups and the default workspace that a fresh install works in.
import { eq } from 'drizzle-orm'
import type { Database } from '../../db/client.js'
import { workspaces } from './schema.js'

export const defaultWorkspaceSlug = 'default'

export async function ensureDefaultWorkspace(database: Database): Promise<string> {
  const existing = await database.db.select().from(workspaces).where(eq(workspaces.slug, defaultWorkspaceSlug))
  if (existing[0]) return existing[0].id
  const [created] = await database.db
    .insert(workspaces)
    .values({ name: 'Default', slug: defaultWorkspaceSlug })
    .onConflictDoNothing()
    .returning()
  if (created) return created.id
  const again = await database.db.select().from(workspaces).where(eq(workspaces.slug, defaultWorkspaceSlug))
  return again[0].id
}

export async function createWorkspace(database: Database, input: { name: string; slug: string }) {
  const [row] = await database.db.insert(workspaces).values(input).returning()
  return row
}
