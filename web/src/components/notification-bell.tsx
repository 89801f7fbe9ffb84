// The bell in the top bar: how many notifications the person has not read, polled so new ones show up without a reload.
import { api } from '../api/client'
import { Link, useLocation } from '../lib/router'
import { useSession } from '../session'

/** Polling every 30 s is enough for reminders and digests; the page itself polls faster while it is open. */
export const unreadPollMs = 30_000
/** The API lists at most 200 at once; beyond that the bell shows "200+". */
const unreadLimit = 200

export function NotificationBell() {
  const session = useSession()
  const { path } = useLocation()
  const enabled = session.can('get', '/api/v1/notifications')
  const unread = api.useQuery(
    'get',
    '/api/v1/notifications',
    { params: { query: { unread: 'true', limit: unreadLimit } } },
    { enabled, refetchInterval: unreadPollMs, select: (r) => r.items.length },
  )
  if (!enabled) return null
  const count = unread.data ?? 0
  const shown = count >= unreadLimit ? `${unreadLimit}+` : String(count)
  return (
    <Link
      to="/notifications"
      className={path.startsWith('/notifications') ? 'bell active' : 'bell'}
      aria-label={count > 0 ? `Notifications, ${shown} unread` : 'Notifications, none unread'}
    >
      <span aria-hidden="true">🔔</span>
      {count > 0 && (
        <span className="bell-count" data-unread={count}>
          {shown}
        </span>
      )}
    </Link>
  )
}
