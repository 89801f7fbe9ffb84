// What other modules may use from notifications.
export { createNotification, listNotifications, markNotificationRead } from './service.js'
export type { Notification, NewNotification } from './service.js'
export { notifications, notificationSeverities } from './schema.js'
