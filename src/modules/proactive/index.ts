// What other modules may use of proactive messages.
export { scheduleMessage, createReminderFromText, type NewProactiveMessage } from './messages.js'
export { deliverDueMessages } from './delivery.js'
export { generateProactiveMessages } from './generate.js'
export { provideChannelSender, PermanentDeliveryError, type ChannelSender } from './channels.js'
