// Who wrote in a conversation, counted by the server over the whole conversation: the top authors, then everyone
// on request (a busy group chat has hundreds).
import { useState } from 'react'
import { api } from '../api/legacy'
import { pathFor } from '../api/paths'
import type { Participant } from '../api/types'
import { useAsync } from '../lib/use-async'
import { LegacyAsyncView } from './legacy-views'

const topCount = 8

export function ConversationPeople({ conversationId }: { conversationId: string }) {
  const [showAll, setShowAll] = useState(false)
  const people = useAsync(
    () =>
      api.get<{ items: Participant[]; total: number }>(pathFor('listConversationParticipants', { id: conversationId }), {
        limit: showAll ? 5000 : topCount,
      }),
    [conversationId, showAll],
  )
  return (
    <div className="people" aria-label="People">
      <h3>People{people.value ? ` (${people.value.total})` : ''}</h3>
      <LegacyAsyncView state={people}>
        {(value) => (
          <>
            <ul className="chips">
              {value.items.map((p) => (
                <li key={p.identityId ?? 'none'} className={p.deletedAccount ? 'chip muted' : 'chip'} title={p.username ? `@${p.username}` : undefined}>
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
      </LegacyAsyncView>
    </div>
  )
}
