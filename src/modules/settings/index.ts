export { getSetting, setSetting, listSettings } from './service.js'
export { knownSettings, type SettingKey } from './known-settings.js'
