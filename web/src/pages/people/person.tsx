// One person: contact fields (editable), tags, channel identities, recent messages (linking to their conversation),
// assigned tasks, the notes and meetings that mention them, and merging a duplicate into them after a confirmation.
import { useState, type FormEvent } from 'react'
import { api, type ApiItem } from '../../api/client'
import { useInvalidate } from '../../api/invalidate'
import { Link } from '../../lib/router'
import { formatDate } from '../../lib/format'
import { TagEditor } from '../tags/tag-editor'
import { Empty, ErrorMessage, Loading } from '../../components/states'

type PersonPage = NonNullable<ReturnType<typeof usePerson>['data']>
type Mention = PersonPage['recentMessages'][number]
type Person = ApiItem<'get', '/api/v1/people'>

const relationships = ['family', 'friend', 'colleague', 'client', 'other'] as const

function usePerson(id: string) {
  return api.useQuery('get', '/api/v1/people/{id}', { params: { path: { id } } })
}

function ContactForm({ person }: { person: PersonPage }) {
  const invalidate = useInvalidate()
  const [draft, setDraft] = useState({
    email: person.email ?? '',
    phone: person.phone ?? '',
    relationship: person.relationship ?? '',
    notes: person.notes ?? '',
  })
  const save = api.useMutation('patch', '/api/v1/people/{id}', { onSuccess: () => invalidate('/api/v1/people/{id}', '/api/v1/people') })
  const submit = (event: FormEvent) => {
    event.preventDefault()
    save.mutate({
      params: { path: { id: person.id } },
      body: {
        email: draft.email || null,
        phone: draft.phone || null,
        relationship: (draft.relationship || null) as (typeof relationships)[number] | null,
        notes: draft.notes || null,
      },
    })
  }
  const field = (name: keyof typeof draft, label: string) => (
    <label>
      {label}
      <input value={draft[name]} onChange={(e) => setDraft({ ...draft, [name]: e.target.value })} />
    </label>
  )
  return (
    <form className="card filters" aria-label="Contact" onSubmit={submit}>
      {field('email', 'E-mail')}
      {field('phone', 'Phone')}
      <label>
        Relationship
        <select value={draft.relationship} onChange={(e) => setDraft({ ...draft, relationship: e.target.value })}>
          <option value="">—</option>
          {relationships.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
      </label>
      <label>
        Notes
        <textarea value={draft.notes} onChange={(e) => setDraft({ ...draft, notes: e.target.value })} />
      </label>
      <button type="submit" disabled={save.isPending}>
        Save contact
      </button>
      {save.isSuccess && <span role="status">Saved.</span>}
      {save.isError && <ErrorMessage error={save.error} />}
    </form>
  )
}

/** Pick the duplicate, then confirm: its identities, messages, tasks and tags move here and it is removed. */
function MergeAction({ person }: { person: PersonPage }) {
  const invalidate = useInvalidate()
  const [query, setQuery] = useState('')
  const [duplicate, setDuplicate] = useState<Person | null>(null)
  const candidates = api.useQuery('get', '/api/v1/people', { params: { query: { q: query, limit: 20 } } }, { enabled: query.length > 0 })
  const merge = api.useMutation('post', '/api/v1/people/merge', {
    onSuccess: () => {
      setDuplicate(null)
      void invalidate('/api/v1/people/{id}', '/api/v1/people')
    },
  })
  return (
    <section className="card" aria-labelledby="merge-heading">
      <h2 id="merge-heading">Merge a duplicate</h2>
      {duplicate ? (
        <div role="alertdialog" aria-label="Confirm merge">
          <p>
            Merge <strong>{duplicate.displayName}</strong> into <strong>{person.displayName}</strong>? Their {duplicate.identityCount}{' '}
            identities, {duplicate.messageCount} messages, tasks and tags move here and {duplicate.displayName} is removed.
          </p>
          <button
            type="button"
            onClick={() => merge.mutate({ body: { keepId: person.id, mergeId: duplicate.id } })}
            disabled={merge.isPending}
          >
            Confirm merge
          </button>{' '}
          <button type="button" className="link-button" onClick={() => setDuplicate(null)}>
            Cancel
          </button>
        </div>
      ) : (
        <>
          <label>
            Find the duplicate
            <input type="search" value={query} onChange={(e) => setQuery(e.target.value)} placeholder="name" />
          </label>
          <ul>
            {(candidates.data?.items ?? [])
              .filter((p) => p.id !== person.id)
              .map((p) => (
                <li key={p.id}>
                  {p.displayName} {p.email && <span className="meta">{p.email}</span>}{' '}
                  <button type="button" onClick={() => setDuplicate(p)}>
                    Merge into {person.displayName}…
                  </button>
                </li>
              ))}
          </ul>
        </>
      )}
      {merge.isSuccess && <p role="status">Merged: {merge.data.identitiesMoved} identities moved.</p>}
      {merge.isError && <ErrorMessage error={merge.error} />}
    </section>
  )
}

function MentionList({ title, items, empty }: { title: string; items: Mention[]; empty: string }) {
  return (
    <section aria-label={title}>
      <h2>{title}</h2>
      {items.length === 0 ? (
        <Empty>{empty}</Empty>
      ) : (
        <ul>
          {items.map((m) => (
            <li key={m.id}>
              <Link to={`/conversations/${m.conversationId}`}>{m.conversationTitle ?? 'Conversation'}</Link>{' '}
              <span className="meta">
                {m.sourceType} · {formatDate(m.sentAt)}
              </span>
              <div>{m.excerpt}</div>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}

export function PersonPageView({ id }: { id: string }) {
  const person = usePerson(id)
  if (person.isPending) return <Loading />
  if (person.isError) return <ErrorMessage error={person.error} onRetry={() => void person.refetch()} />
  const p = person.data
  return (
    <section className="page">
      <p>
        <Link to="/people">← People</Link>
      </p>
      <h1>{p.displayName}</h1>
      {/* Remounted with fresh fields after a merge (which may fill them), not after its own save. */}
      <ContactForm key={`${p.id}:${p.identityCount}`} person={p} />
      <TagEditor kind="person" id={p.id} />
      <section aria-label="Identities">
        <h2>Identities</h2>
        <ul>
          {p.identities.map((i) => (
            <li key={i.id}>
              <span className="badge">{i.channel}</span> {i.username ? `@${i.username}` : (i.displayName ?? '')}{' '}
              <span className="meta">{i.externalId}</span>
            </li>
          ))}
        </ul>
      </section>
      <MentionList title="Recent messages" items={p.recentMessages} empty="No messages from them yet." />
      <section aria-label="Tasks">
        <h2>Tasks</h2>
        {p.tasks.length === 0 ? (
          <Empty>No tasks assigned to them.</Empty>
        ) : (
          <ul>
            {p.tasks.map((t) => (
              <li key={t.id}>
                {t.title} <span className="meta">{t.status.replace('_', ' ')}</span> {t.dueDate && `due ${formatDate(t.dueDate)}`}
              </li>
            ))}
          </ul>
        )}
      </section>
      <MentionList title="Notes" items={p.relatedNotes} empty="No notes mention them." />
      <MentionList title="Meetings" items={p.relatedMeetings} empty="No meetings with them." />
      <MergeAction person={p} />
    </section>
  )
}
