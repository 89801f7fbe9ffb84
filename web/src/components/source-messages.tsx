// The messages a proposal or task came from, shown inline with a link into their conversation.
import { useAsync } from '../lib/use-async'
import { api } from '../api/client'
import { pathFor } from '../api/paths'
import type { Message } from '../api/types'
import { Link } from '../lib/router'
import { formatDate, truncate } from '../lib/format'
import { ErrorMessage, Loading } from './states'

const shownMessages = 5

export function SourceMessages({ ids, embedded }: { ids: string[]; embedded?: Message[] }) {
  const state = useAsync(
    async () => embedded ?? (await Promise.all(ids.slice(0, shownMessages).map((id) => api.get<Message>(pathFor('getMessage', { id }))))),
    [ids.join(',')],
  )
  if (state.error) return <ErrorMessage error={state.error} />
  if (!state.value) return <Loading label="Loading source messages…" />
  return (
    <ol className="source-messages" aria-label="Source messages">
      {state.value.slice(0, shownMessages).map((m) => (
        <li key={m.id}>
          <span className="meta">
            {m.author?.displayName ?? m.author?.username ?? 'unknown'} · {formatDate(m.sentAt)} ·{' '}
            <Link to={`/conversations/${m.conversationId}?message=${m.id}`}>open in conversation</Link>
          </span>
          <div className="message-body">{truncate(m.content, 400)}</div>
        </li>
      ))}
      {ids.length > shownMessages && <li className="meta">and {ids.length - shownMessages} more</li>}
    </ol>
  )
}
