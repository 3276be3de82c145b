// The engagement's `flows` section: a valid one loads with its defaults; each kind of bad value is refused with one
// sentence naming the field, its line and column.
import { describe, expect, it } from 'vitest'
import { parseEngagement } from '../../src/engagement/load'

const base = (flows: unknown): string =>
  JSON.stringify(
    {
      schema: 'handover.engagement/1',
      name: 'Acme portal',
      portal: { url: 'https://app.acme.test/' },
      accounts: [
        { id: 'alice', role: 'client', username: 'alice@acme.test', password: 'keychain:acme-alice' },
        { id: 'bob', role: 'client', username: 'bob@acme.test', password: 'keychain:acme-bob' },
      ],
      flows,
      scope: { allow: ['acme.test', '*.acme.test'], active: ['flows'] },
    },
    null,
    2,
  )

const signIn = {
  url: 'https://app.acme.test/login',
  selectors: { username: '#email', password: '#password', submit: '#signin' },
}

const problem = async (flows: unknown): Promise<string> => {
  const loaded = await parseEngagement(base(flows), '/ws/handover.json')
  if (loaded.ok) throw new Error('expected the engagement to be refused')
  return loaded.error.message
}

describe('the flows section of handover.json', () => {
  it('loads a valid section, with no scripts by default', async () => {
    const loaded = await parseEngagement(
      base({
        signIn,
        signOut: { click: '#signout' },
        cacheSwitch: { accounts: ['alice', 'bob'], pages: [signIn.url] },
      }),
      '/ws/handover.json',
    )
    expect(loaded.ok && loaded.value.flows?.scripts).toEqual([])
  })

  it('refuses an account that is not in accounts, naming the field', async () => {
    expect(await problem({ cacheSwitch: { accounts: ['alice', 'carol'], pages: [signIn.url] } })).toMatch(
      /^handover\.json: flows\.cacheSwitch\.accounts\[1\]: carol is not an account id in accounts \(line \d+, column \d+\)\.$/,
    )
  })

  it('refuses the same account as A and B', async () => {
    expect(await problem({ cacheSwitch: { accounts: ['bob', 'bob'], pages: [signIn.url] } })).toMatch(
      /^handover\.json: flows\.cacheSwitch\.accounts: A and B must be two different accounts \(line/,
    )
  })

  it('refuses a sign-out with both a click and a URL', async () => {
    expect(await problem({ signOut: { click: '#x', url: 'https://app.acme.test/logout' } })).toMatch(
      /^handover\.json: flows\.signOut: give exactly one of click \(a selector\) or url \(line/,
    )
  })

  it('refuses a sign-in without its selectors', async () => {
    expect(await problem({ signIn: { url: signIn.url } })).toMatch(
      /^handover\.json: flows\.signIn\.selectors is required \(line/,
    )
  })
})
