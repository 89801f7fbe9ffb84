// The settings Signalbox knows, each with its schema and default. Unknown keys are refused, so a typo
// in the admin API is a 400 rather than a setting nobody reads.
import { z } from 'zod'

export const knownSettings = {
  /** Anyone may request an account (each request still needs an admin's PIN). */
  'signup.open': { schema: z.boolean(), default: true, description: 'Accept new signup requests' },
  /** Role a new user gets in the default workspace once their PIN is verified; 'none' = wait for an invitation. */
  'signup.defaultRole': {
    schema: z.enum(['member', 'viewer', 'none']),
    default: 'member',
    description: 'Role of new users in the default workspace',
  },
  /** Telegram chat that owns the bot (seed 4 owner binding): receives signup PINs and admin notices. */
  'telegram.ownerChatId': {
    schema: z
      .string()
      .regex(/^-?\d{1,20}$/)
      .nullable(),
    default: null,
    description: 'Telegram chat id of the instance owner',
  },
} as const satisfies Record<string, { schema: z.ZodType; default: unknown; description: string }>

export type SettingKey = keyof typeof knownSettings
export type SettingValue<K extends SettingKey> = z.infer<(typeof knownSettings)[K]['schema']>

export function isSettingKey(key: string): key is SettingKey {
  return Object.hasOwn(knownSettings, key)
}
