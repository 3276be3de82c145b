// The words an active probe records for a request with no answer, and the harm watch that reads them.
import { describe, expect, it } from 'vitest'
import type { Engagement } from '../../src/engagement/load'
import { NET } from '../../src/network/codes'
import { HarmWatch, unanswered } from '../../src/probes/identity-inventory'
import { engagementRequest, request } from '../../src/probes/probe'

const asked = {
  as: 'alice',
  endpoint: 'POST /api/tasks',
  method: 'POST',
  url: 'https://portal.acme.test/api/tasks',
}

describe('a request with no answer', () => {
  it('is described by its code and message, or as "no answer" when nothing failed by name', () => {
    expect(unanswered({ code: NET.BUDGET_EXHAUSTED, message: 'the request budget is spent' })).toBe(
      'BUDGET_EXHAUSTED: the request budget is spent',
    )
    expect(unanswered(undefined)).toBe('no answer')
  })

  it('stops the harm watch when the budget refused it, and not when it merely went unanswered', () => {
    const spent = new HarmWatch()
    spent.see({ ...asked, error: unanswered({ code: NET.BUDGET_EXHAUSTED, message: 'spent' }) })
    expect(spent.reason).toBe('BUDGET_EXHAUSTED: spent')
    const silent = new HarmWatch()
    silent.see({ ...asked, error: unanswered(undefined) })
    expect(silent.reason).toBeUndefined()
  })
})

describe('the request of a probe of the whole engagement', () => {
  it('has the engagement as its subject and its one param', () => {
    const e = { name: 'acme' } as Engagement
    expect(engagementRequest('behaviour.upload')(e)).toEqual(
      request('behaviour.upload', 'acme', { engagement: 'acme' }),
    )
  })
})
