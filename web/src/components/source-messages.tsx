// The messages a proposal or task came from, shown inline with a link into their conversation.
import { useQueries } from '@tanstack/react-query'
import { api } from '../api/client'
import { Link } from '../lib/router'
import { formatDate, truncate } from '../lib/format'
import { ErrorMessage, Loading } from './states'

const shownMessages = 5

export function SourceMessages({ ids }: { ids: string[] }) {
  const messages = useQueries({
    queries: ids.slice(0, shownMessages).map((id) => api.queryOptions('get', '/api/v1/messages/{id}', { params: { path: { id } } })),
  })
  const failed = messages.find((m) => m.error)
  if (failed) return <ErrorMessage error={failed.error} />
  if (messages.some((m) => !m.data)) return <Loading label="Loading source messages…" />
  return (
    <ol className="source-messages" aria-label="Source messages">
      {messages.map(({ data: m }) => (
        <li key={m!.id}>
          <span className="meta">
            {m!.author?.displayName ?? m!.author?.username ?? 'unknown'} · {formatDate(m!.sentAt)} ·{' '}
            <Link to={`/conversations/${m!.conversationId}?message=${m!.id}`}>open in conversation</Link>
          </span>
          <div className="message-body">{truncate(m!.content, 400)}</div>
        </li>
      ))}
      {ids.length > shownMessages && <li className="meta">and {ids.length - shownMessages} more</li>}
    </ol>
  )
}
