// What other modules may use of the connectors.
export { sendTelegramToUser, TelegramUnreachableError } from './telegram/direct-message.js'
