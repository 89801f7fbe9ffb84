// The bell in the top bar: how many notifications the person has not read, polled so new ones show up without a reload.
import { api } from '../api/client'
import { Link, useLocation } from '../lib/router'
import { useSession } from '../session'

/** Polling every 30 s is enough for reminders and digests; the page itself polls faster while it is open. */
export const unreadPollMs = 30_000
/** The API lists at most 200 at once; beyond that the bell shows "200+". */
const unreadLimit = 200

/**
 * How many notifications the person has not read (up to 200), polled; the bell and the page share this query, so
 * the page's faster polling keeps the bell's count in step with the list it shows.
 */
export function useUnreadCount(enabled = true, pollMs = unreadPollMs) {
  const unread = api.useQuery(
    'get',
    '/api/v1/notifications',
    { params: { query: { unread: 'true', limit: unreadLimit } } },
    { enabled, refetchInterval: pollMs, select: (r) => r.items.length },
  )
  return unread.data ?? 0
}

export function NotificationBell() {
  const session = useSession()
  const { path } = useLocation()
  const enabled = session.can('get', '/api/v1/notifications')
  const count = useUnreadCount(enabled)
  if (!enabled) return null
  const shown = count >= unreadLimit ? `${unreadLimit}+` : String(count)
  return (
    <Link
      to="/notifications"
      className={path.startsWith('/notifications') ? 'bell active' : 'bell'}
      aria-label={count > 0 ? `Notifications, ${shown} unread` : 'Notifications, none unread'}
    >
      <svg className="bell-icon" viewBox="0 0 24 24" width="18" height="18" aria-hidden="true">
        <path
          fill="currentColor"
          d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3a1.5 1.5 0 0 0-3 0v1.16A7 7 0 0 0 5 11v5l-2 2v1h18v-1Z"
        />
      </svg>
      {count > 0 && (
        <span className="bell-count" data-unread={count}>
          {shown}
        </span>
      )}
    </Link>
  )
}
