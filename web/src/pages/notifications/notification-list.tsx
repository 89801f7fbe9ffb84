// The person's notifications, newest first: mark one read, or all of them at once.
import { useState } from 'react'
import { api, apiClient } from '../../api/client'
import { useInvalidate } from '../../api/invalidate'
import { formatDate } from '../../lib/format'
import { AsyncView, ErrorMessage } from '../../components/states'
import { useUnreadCount } from '../../components/notification-bell'

/** While the page is open it polls faster than the bell, so a delivered reminder appears within seconds. */
const pagePollMs = 5_000
/** Bounds "mark all read" at 5,000 notifications per click, should the server keep some unread. */
const maxMarkAllRounds = 25

export function NotificationList() {
  const invalidate = useInvalidate()
  const [unreadOnly, setUnreadOnly] = useState(false)
  const list = api.useQuery(
    'get',
    '/api/v1/notifications',
    { params: { query: { limit: 100, unread: unreadOnly ? 'true' : undefined } } },
    { refetchInterval: pagePollMs },
  )
  const markRead = api.useMutation('post', '/api/v1/notifications/{id}/read', {
    onSuccess: () => invalidate('/api/v1/notifications'),
  })
  const [markingAll, setMarkingAll] = useState(false)
  const [markAllError, setMarkAllError] = useState<unknown>(null)
  const unreadCount = useUnreadCount(true, pagePollMs)

  // There is no bulk endpoint: each unread one is marked in turn, stopping at the first refusal so it can be shown.
  // The page lists the latest 100, so the unread ones are read from the API in pages of 200 until none is left.
  const markAllRead = async () => {
    setMarkingAll(true)
    setMarkAllError(null)
    try {
      for (let round = 0; round < maxMarkAllRounds; round++) {
        const page = await apiClient.GET('/api/v1/notifications', { params: { query: { unread: 'true', limit: 200 } } })
        const items = page.data?.items ?? []
        for (const notification of items)
          await apiClient.POST('/api/v1/notifications/{id}/read', { params: { path: { id: notification.id } } })
        if (items.length < 200) break
      }
    } catch (error) {
      setMarkAllError(error)
    } finally {
      setMarkingAll(false)
      await invalidate('/api/v1/notifications')
    }
  }

  return (
    <section aria-labelledby="notifications-heading">
      <div className="page-header">
        <h2 id="notifications-heading">Recent notifications</h2>
        <div className="actions">
          <label>
            <input type="checkbox" checked={unreadOnly} onChange={(e) => setUnreadOnly(e.target.checked)} /> Unread only
          </label>
          <button type="button" disabled={markingAll || unreadCount === 0} onClick={() => void markAllRead()}>
            Mark all read
          </button>
        </div>
      </div>
      {markAllError != null && <ErrorMessage error={markAllError} />}
      {markRead.isError && <ErrorMessage error={markRead.error} />}
      <AsyncView query={list} isEmpty={(v) => v.items.length === 0} empty={unreadOnly ? 'Nothing unread.' : 'No notifications yet.'}>
        {(value) => (
          <ul className="item-list" aria-label="Notifications">
            {value.items.map((n) => (
              <li key={n.id} className={n.isRead ? 'notification read' : 'notification unread'} data-severity={n.severity}>
                <div className="row">
                  <strong>{n.title}</strong>
                  <span className="meta">
                    {formatDate(n.createdAt)} · {n.severity}
                    {n.isRead ? ' · read' : ' · unread'}
                  </span>
                  <p>{n.message}</p>
                  {!n.isRead && (
                    <button
                      type="button"
                      className="link-button"
                      disabled={markRead.isPending}
                      onClick={() => markRead.mutate({ params: { path: { id: n.id } } })}
                    >
                      Mark read
                    </button>
                  )}
                </div>
              </li>
            ))}
          </ul>
        )}
      </AsyncView>
    </section>
  )
}
