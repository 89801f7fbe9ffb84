// The start-up banner tells a new user where the web app is and how to sign in, with commands that work in a clone.
import { describe, expect, it } from 'vitest'
import { startupBanner } from './startup-banner.js'

const base = { url: 'http://127.0.0.1:3000', dataDir: '/srv/signalbox/data', userCount: 0, firstUserAdmin: false, workersOn: true }

describe('startupBanner', () => {
  it('names the web app, the data dir and the npx command that creates the first admin', () => {
    const banner = startupBanner(base)
    expect(banner).toContain('web app   http://127.0.0.1:3000/')
    expect(banner).toContain('data      /srv/signalbox/data')
    expect(banner).toContain('`npx signalbox user create <username> --admin`')
    expect(banner).not.toMatch(/(^|[^x] )signalbox user/m)
  })

  it('says the first signup becomes the admin with --first-user-admin, and how to sign in once users exist', () => {
    expect(startupBanner({ ...base, firstUserAdmin: true })).toContain(
      'the first person to sign up at http://127.0.0.1:3000/ becomes the admin',
    )
    expect(startupBanner({ ...base, userCount: 2 })).toContain('sign in at http://127.0.0.1:3000/ with your account')
    expect(startupBanner({ ...base, dataDir: null, workersOn: false })).toMatch(/PostgreSQL server[\s\S]*SIGNALBOX_WORKERS=off/)
  })
})
