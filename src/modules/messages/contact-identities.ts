// People and identities from a service's contact records (a Chatwoot contact, a GitHub user): the contact's own
// identity on its channel, plus an e-mail identity when it has an address, so that a person who wrote by e-mail
// and through the support desk is one person. An e-mail identity already stored decides the person.
import { randomUUID } from 'node:crypto'
import type { ServiceContext } from '../../lib/context.js'
import type { SourceType } from '../sources/index.js'
import { inTransaction } from '../../db/transaction.js'

export type ContactIdentity = {
  externalId: string
  displayName?: string | null
  email?: string | null
  phone?: string | null
  isBot?: boolean
  /** The service's record, kept on the identity. */
  raw?: unknown
}

/** Upserts the contacts' identities and returns each one's person id. */
export async function upsertContactIdentities(
  ctx: Pick<ServiceContext, 'database' | 'workspaceId'>,
  channel: SourceType,
  contacts: ContactIdentity[],
): Promise<Map<string, string>> {
  const byId = new Map(contacts.map((c) => [c.externalId, { ...c, email: c.email?.trim().toLowerCase() || null }]))
  if (byId.size === 0) return new Map()
  const rows = [...byId.values()].map((c) => ({
    external_id: c.externalId,
    display_name: c.displayName || c.email || c.phone || null,
    is_bot: c.isBot ?? false,
    raw: { ...(c.raw && typeof c.raw === 'object' ? c.raw : {}), email: c.email, phone: c.phone ?? null },
  }))
  return inTransaction(ctx, async (q) => {
    const found = await q.query<{ id: string; external_id: string; person_id: string | null; display_name: string | null }>(
      `INSERT INTO identities (workspace_id, channel, external_id, display_name, is_bot, raw)
       SELECT $1, $2::source_type, r.external_id, r.display_name, r.is_bot, r.raw
       FROM jsonb_to_recordset($3::jsonb) AS r(external_id text, display_name text, is_bot boolean, raw jsonb)
       ON CONFLICT (workspace_id, channel, external_id) DO UPDATE SET
         display_name = coalesce(excluded.display_name, identities.display_name), raw = excluded.raw
       RETURNING id, external_id, person_id, display_name`,
      [ctx.workspaceId, channel, JSON.stringify(rows)],
    )
    const emails = [...new Set([...byId.values()].flatMap((c) => (c.email ? [c.email] : [])))]
    const emailIdentities = emails.length
      ? await q.query<{ external_id: string; person_id: string | null }>(
          `SELECT external_id, person_id FROM identities WHERE workspace_id = $1 AND channel = 'email' AND external_id = ANY($2::text[])`,
          [ctx.workspaceId, emails],
        )
      : []
    const personOfEmail = new Map(emailIdentities.map((e) => [e.external_id, e.person_id]))
    const personOf = new Map<string, string>()
    const newPeople: Array<{ id: string; display_name: string; email: string | null }> = []
    const links: Array<{ identity_id: string; person_id: string }> = []
    for (const identity of found) {
      const contact = byId.get(identity.external_id)!
      let personId = identity.person_id ?? (contact.email ? (personOfEmail.get(contact.email) ?? null) : null)
      if (!personId) {
        personId = randomUUID()
        newPeople.push({ id: personId, display_name: identity.display_name ?? identity.external_id, email: contact.email })
      }
      if (personId !== identity.person_id) links.push({ identity_id: identity.id, person_id: personId })
      if (contact.email && !personOfEmail.get(contact.email)) personOfEmail.set(contact.email, personId)
      personOf.set(identity.external_id, personId)
    }
    if (newPeople.length > 0) {
      await q.query(
        `INSERT INTO people (id, workspace_id, display_name, email)
         SELECT r.id, $1, r.display_name, r.email FROM jsonb_to_recordset($2::jsonb) AS r(id uuid, display_name text, email text)`,
        [ctx.workspaceId, JSON.stringify(newPeople)],
      )
    }
    if (links.length > 0) {
      await q.query(
        `UPDATE identities i SET person_id = r.person_id FROM jsonb_to_recordset($1::jsonb) AS r(identity_id uuid, person_id uuid)
         WHERE i.id = r.identity_id`,
        [JSON.stringify(links)],
      )
    }
    // The e-mail identities: new addresses join the contact's person; known ones keep theirs (set above).
    const emailRows = [...personOfEmail].filter(([, person]) => person).map(([email, person]) => ({ email, person_id: person }))
    if (emailRows.length > 0) {
      await q.query(
        `INSERT INTO identities (workspace_id, channel, external_id, display_name, person_id)
         SELECT $1, 'email', r.email, r.email, r.person_id FROM jsonb_to_recordset($2::jsonb) AS r(email text, person_id uuid)
         ON CONFLICT (workspace_id, channel, external_id) DO UPDATE SET person_id = coalesce(identities.person_id, excluded.person_id)
         WHERE identities.person_id IS NULL`,
        [ctx.workspaceId, JSON.stringify(emailRows)],
      )
      await q.query(
        `UPDATE people p SET email = r.email FROM jsonb_to_recordset($2::jsonb) AS r(email text, person_id uuid)
         WHERE p.id = r.person_id AND p.workspace_id = $1 AND p.email IS NULL`,
        [ctx.workspaceId, JSON.stringify(emailRows)],
      )
    }
    return personOf
  })
}
