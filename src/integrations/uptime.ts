// Uptime providers: UptimeRobot (API v2) and Better Stack Uptime (API v2), their monitors mapped onto the neutral
// monitor facts. Alert contacts are described by kind and domain, never by their address (a webhook is a secret).
import { failure, ok } from '../core/result'
import { describeContact } from './api'
import { apiUrl, type UptimeProvider } from './providers'
import type { UptimeMonitor } from './types'
import { API } from './codes'

/** UptimeRobot's largest page. */
const ROBOT_LIMIT = 50
/** Pages of one account read at most (50 × 40 = 2000 monitors). */
const MAX_PAGES = 40

const ROBOT_STATUS: Record<number, string> = {
  0: 'paused',
  1: 'not checked yet',
  2: 'up',
  8: 'seems down',
  9: 'down',
}
const ROBOT_CONTACT: Record<number, string> = {
  1: 'SMS',
  2: 'e-mail',
  3: 'Twitter',
  5: 'webhook',
  6: 'Pushbullet',
  7: 'Zapier',
  9: 'Pushover',
  10: 'HipChat',
  11: 'Slack',
}

interface RobotMonitor {
  id: number
  friendly_name?: string
  url?: string
  interval?: number
  status?: number
  alert_contacts?: { type?: number; value?: string }[]
}

interface RobotPage {
  stat?: string
  error?: { type?: string; parameter_name?: string; message?: string }
  pagination?: { offset?: number; limit?: number; total?: number }
  monitors?: RobotMonitor[]
}

/** The UptimeRobot API v2 adapter. */
export const uptimeRobot: UptimeProvider = {
  id: 'uptimerobot',
  label: 'UptimeRobot',
  api: 'https://api.uptimerobot.com/v2',
  // API v2 takes the key as a form field of a POST; alert contact values may be webhook URLs.
  auth: { label: 'UptimeRobot', style: { form: 'api_key' }, sensitiveKeys: ['value', 'passed_value'] },

  async readMonitors(api, base) {
    const monitors: UptimeMonitor[] = []
    for (let page = 0, offset = 0; page < MAX_PAGES; page++) {
      const answer = await api.call(apiUrl(base, '/getMonitors'), {
        form: { format: 'json', alert_contacts: '1', offset: String(offset), limit: String(ROBOT_LIMIT) },
      })
      if (!answer.ok) return answer
      const body = answer.value.json as RobotPage
      if (body?.stat !== 'ok') {
        const key = body?.error?.parameter_name === 'api_key' || body?.error?.type === 'not_authorized'
        return failure(
          key ? API.AUTH : API.BAD_RESPONSE,
          key
            ? 'UptimeRobot refused the API key: check that it is a valid read-only or main key'
            : `UptimeRobot answered stat=${body?.stat ?? '?'} (${body?.error?.message ?? body?.error?.type ?? 'no message'})`,
        )
      }
      const got = body.monitors ?? []
      for (const m of got)
        monitors.push({
          provider: 'uptimerobot',
          id: String(m.id),
          name: m.friendly_name ?? String(m.id),
          url: m.url ?? '',
          intervalSeconds: m.interval ?? 0,
          paused: m.status === 0,
          status: ROBOT_STATUS[m.status ?? -1] ?? `status ${m.status}`,
          alertContacts: (m.alert_contacts ?? []).map(
            (c) => `${ROBOT_CONTACT[c.type ?? 0] ?? `type ${c.type}`} ${describeContact(c.value ?? '')}`,
          ),
        })
      offset += got.length
      if (got.length === 0 || offset >= (body.pagination?.total ?? 0)) return ok(monitors)
    }
    return ok(monitors)
  },
}

interface StackMonitor {
  id: string
  attributes?: {
    url?: string
    pronounceable_name?: string
    check_frequency?: number
    paused?: boolean
    status?: string
    email?: boolean
    sms?: boolean
    call?: boolean
    push?: boolean
    policy_id?: string | number | null
  }
}

/** The Better Stack Uptime API v2 adapter. */
export const betterStack: UptimeProvider = {
  id: 'betterstack',
  label: 'Better Stack',
  api: 'https://uptime.betterstack.com/api/v2',
  auth: { label: 'Better Stack', style: 'bearer' },

  async readMonitors(api, base) {
    const monitors: UptimeMonitor[] = []
    let next: string | null = apiUrl(base, '/monitors', { per_page: 50 })
    for (let page = 0; next && page < MAX_PAGES; page++) {
      const answer = await api.call(next)
      if (!answer.ok) return answer
      const body = answer.value.json as { data?: StackMonitor[]; pagination?: { next?: string | null } }
      if (!Array.isArray(body?.data)) return failure(API.BAD_RESPONSE, 'Better Stack sent no monitor list')
      for (const m of body.data) {
        const a = m.attributes ?? {}
        const contacts = [
          a.email ? 'e-mail to the on-call person' : '',
          a.sms ? 'SMS to the on-call person' : '',
          a.call ? 'phone call to the on-call person' : '',
          a.push ? 'push notification to the on-call person' : '',
          a.policy_id !== undefined && a.policy_id !== null ? `escalation policy ${a.policy_id}` : '',
        ].filter(Boolean)
        monitors.push({
          provider: 'betterstack',
          id: m.id,
          name: a.pronounceable_name ?? m.id,
          url: a.url ?? '',
          intervalSeconds: a.check_frequency ?? 0,
          paused: a.paused === true,
          status: a.status ?? 'unknown',
          alertContacts: contacts,
        })
      }
      next = body.pagination?.next ?? null
    }
    return ok(monitors)
  },
}

/** Every uptime provider, by the id the engagement names. */
export const UPTIME_PROVIDERS: Readonly<Record<string, UptimeProvider>> = {
  uptimerobot: uptimeRobot,
  betterstack: betterStack,
}
