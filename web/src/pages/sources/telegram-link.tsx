// Link the signed-in person's Telegram account (a one-time deep link to the bot), to work from Telegram.
import { useState } from 'react'
import { api, apiClient, type ApiData } from '../../api/client'
import { formatDate } from '../../lib/format'
import { useSession } from '../../session'
import { AsyncView, ErrorMessage } from '../../components/states'

export function TelegramLink() {
  const session = useSession()
  const links = api.useQuery('get', '/api/v1/telegram/links', {}, { enabled: Boolean(session.me), select: (r) => r.items })
  const [link, setLink] = useState<ApiData<'post', '/api/v1/telegram/link'> | null>(null)
  const [error, setError] = useState<unknown>(null)
  if (!session.me) return null
  const ask = async () => {
    setError(null)
    try {
      setLink((await apiClient.POST('/api/v1/telegram/link', { body: {} })).data!)
    } catch (e) {
      setError(e)
    }
  }
  return (
    <div className="card" aria-label="Link Telegram">
      <h2>Your Telegram account</h2>
      <AsyncView query={links} isEmpty={(items) => items.length === 0} empty="Not linked yet.">
        {(items) => (
          <p>
            Linked as {items.map((l) => (l.telegramUsername ? `@${l.telegramUsername}` : 'a Telegram account')).join(', ')} since{' '}
            {formatDate(items[0].linkedAt)}.
          </p>
        )}
      </AsyncView>
      <p className="hint">Linking lets you search, see your tasks and review proposals from Telegram.</p>
      <button type="button" onClick={ask}>
        Link Telegram
      </button>
      {link && (
        <p role="status">
          Open{' '}
          <a href={link.deepLink} target="_blank" rel="noreferrer">
            {link.deepLink}
          </a>{' '}
          in Telegram and press Start. The link works once, until {formatDate(link.expiresAt)}.
        </p>
      )}
      {error != null && <ErrorMessage error={error} />}
    </div>
  )
}
