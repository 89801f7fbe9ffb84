import { describe, expect, it } from 'vitest'
import { testContext } from '../../../test/helpers/database.js'
import { getSetting, listSettings, setSetting } from './service.js'

describe('settings', () => {
  it('a digit-only string setting reads back as the string it was stored as (the owner chat id)', async () => {
    const ctx = await testContext()
    await setSetting(ctx, { key: 'telegram.ownerChatId', value: '8001' })
    expect(await getSetting(ctx, 'telegram.ownerChatId')).toBe('8001')
    expect((await listSettings(ctx)).find((s) => s.key === 'telegram.ownerChatId')).toMatchObject({ value: '8001', isDefault: false })
  })

  it('an unset setting reads as its default, and setting it back to the default removes the row', async () => {
    const ctx = await testContext()
    expect(await getSetting(ctx, 'signup.open')).toBe(true)
    await setSetting(ctx, { key: 'signup.open', value: false })
    expect(await getSetting(ctx, 'signup.open')).toBe(false)
    await setSetting(ctx, { key: 'signup.open', value: true })
    expect((await listSettings(ctx)).find((s) => s.key === 'signup.open')).toMatchObject({ value: true, isDefault: true })
  })
})
