// Who wrote in a conversation, counted by the server over the whole conversation: the top authors, then everyone
// on request (a busy group chat has hundreds).
import { useState } from 'react'
import { api } from '../api/client'
import { AsyncView } from './states'

const topCount = 8

export function ConversationPeople({ conversationId }: { conversationId: string }) {
  const [showAll, setShowAll] = useState(false)
  const people = api.useQuery('get', '/api/v1/conversations/{id}/participants', {
    params: { path: { id: conversationId }, query: { limit: showAll ? 5000 : topCount } },
  })
  return (
    <div className="people" aria-label="People">
      <h3>People{people.data ? ` (${people.data.total})` : ''}</h3>
      <AsyncView query={people}>
        {(value) => (
          <>
            <ul className="chips">
              {value.items.map((p) => (
                <li
                  key={p.identityId ?? 'none'}
                  className={p.deletedAccount ? 'chip muted' : 'chip'}
                  title={p.username ? `@${p.username}` : undefined}
                >
                  {p.name} <span className="meta">{p.messageCount}</span>
                </li>
              ))}
            </ul>
            {value.total > value.items.length && (
              <button type="button" className="link-button" onClick={() => setShowAll(true)}>
                Show all {value.total} people
              </button>
            )}
            {showAll && value.total > topCount && (
              <button type="button" className="link-button" onClick={() => setShowAll(false)}>
                Show top {topCount}
              </button>
            )}
          </>
        )}
      </AsyncView>
    </div>
  )
}
