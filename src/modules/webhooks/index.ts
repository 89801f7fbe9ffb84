// What other modules may use of the webhook inbox.
export * from './schema.js'
export { receiveDelivery, storeDeliveries } from './receive.js'
export { processDueDeliveries, startDeliveryProcessor } from './process.js'
export { listDeliveries, getDelivery, replayDeliveries } from './deliveries.js'
