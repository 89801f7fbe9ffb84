// Setting an entity's tags, after checking that the id is one of the workspace's entities of that kind. Each kind's
// check is its owning module's lookup (so the tags module reads none of their tables); a kind without one here is
// refused with a clear error. Kept apart from
// service.ts because the modules checked here import that file to show and filter tags.
import type { ServiceContext } from '../../lib/context.js'
import { NotFoundError, ValidationError } from '../../lib/errors.js'
import { inTransaction, type Queryable } from '../../db/transaction.js'
import { findPersonById } from '../messages/index.js'
import { projectExists } from '../projects/index.js'
import { taskExists } from '../tasks/index.js'
import { goalExists, noteExists } from '../notes/index.js'
import { meetingExists } from '../meetings/index.js'
import { fileExists } from '../documents/index.js'
import type { TaggableKind } from './schema.js'
import type { EntityTag } from './tag-schema.js'
import { ensureTags, tagsOfEntities } from './service.js'

type EntityExists = (q: Queryable, workspaceId: string, entityId: string) => Promise<boolean>

const entityChecks: Partial<Record<TaggableKind, EntityExists>> = {
  task: taskExists,
  project: projectExists,
  person: async (q, workspaceId, id) => (await findPersonById(q, workspaceId, id)) !== null,
  note: noteExists,
  goal: goalExists,
  file: fileExists,
  meeting: meetingExists,
}

async function requireEntity(q: Queryable, workspaceId: string, kind: TaggableKind, entityId: string) {
  const exists = entityChecks[kind]
  if (!exists) throw new ValidationError(`Entities of kind '${kind}' cannot carry tags yet`, [{ path: 'kind', message: 'not taggable' }])
  if (!(await exists(q, workspaceId, entityId))) throw new NotFoundError(`${kind[0].toUpperCase()}${kind.slice(1)}`)
}

/** Gives the entity exactly these tags (by name, created when new); returns them. */
export async function setEntityTags(ctx: ServiceContext, kind: TaggableKind, entityId: string, names: string[]): Promise<EntityTag[]> {
  await inTransaction(ctx, async (q) => {
    await requireEntity(q, ctx.workspaceId, kind, entityId)
    const ids = await ensureTags(q, ctx.workspaceId, names)
    await q.query(
      `DELETE FROM tag_links WHERE workspace_id = $1 AND entity_kind = $2 AND entity_id = $3 AND NOT (tag_id = ANY($4::uuid[]))`,
      [ctx.workspaceId, kind, entityId, ids],
    )
    await q.query(
      `INSERT INTO tag_links (workspace_id, tag_id, entity_kind, entity_id) SELECT $1, unnest($4::uuid[]), $2, $3 ON CONFLICT DO NOTHING`,
      [ctx.workspaceId, kind, entityId, ids],
    )
  })
  return (await tagsOfEntities(ctx, kind, [entityId])).get(entityId) ?? []
}
