// The notification centre: the person's notifications, their scheduled and sent proactive messages, a "remind me"
// form and their notification preferences. Each part talks to its own API and shows its own errors.
import { useSession } from '../../session'
import { NotAvailable } from '../../components/states'
import { NotificationList } from './notification-list'
import { ProactiveList } from './proactive-list'
import { ReminderForm } from './reminder-form'
import { PreferencesForm } from './preferences-form'

export function NotificationsPage() {
  const session = useSession()
  const hasProactive = session.can('get', '/api/v1/proactive-messages')
  return (
    <section className="page notifications-page">
      <div className="page-header">
        <h1>Notifications</h1>
      </div>
      {session.can('get', '/api/v1/notifications') ? (
        <NotificationList />
      ) : (
        <NotAvailable feature="The notification centre" path="GET /api/v1/notifications" />
      )}
      {hasProactive ? (
        <>
          <ReminderForm />
          <ProactiveList />
          <PreferencesForm />
        </>
      ) : (
        <NotAvailable feature="Reminders and preferences" path="GET /api/v1/proactive-messages" />
      )}
    </section>
  )
}
