// GitHub (REST API 2022-11-28): a repository's collaborators with their roles, following the Link header's pages.
import { failure, ok } from '../core/result'
import { apiUrl, type RepositoryProvider } from './providers'
import type { AccessMember } from './types'
import { API } from './codes'

const MAX_PAGES = 30

interface Collaborator {
  login?: string
  type?: string
  site_admin?: boolean
  role_name?: string
  permissions?: { admin?: boolean; maintain?: boolean; push?: boolean; triage?: boolean; pull?: boolean }
}

/** The `rel="next"` URL of a Link header. */
export function nextLink(link: string | undefined): string | undefined {
  for (const part of (link ?? '').split(',')) {
    const m = /<([^>]+)>\s*;\s*rel="?next"?/.exec(part)
    if (m) return m[1]
  }
  return undefined
}

function roleOf(c: Collaborator): string {
  if (c.role_name) return c.role_name
  const p = c.permissions ?? {}
  return p.admin ? 'admin' : p.maintain ? 'maintain' : p.push ? 'write' : p.triage ? 'triage' : 'read'
}

/** The GitHub REST API adapter. */
export const github: RepositoryProvider = {
  id: 'github',
  label: 'GitHub',
  api: 'https://api.github.com',
  auth: {
    label: 'GitHub',
    style: 'bearer',
    headers: { accept: 'application/vnd.github+json', 'x-github-api-version': '2022-11-28' },
  },

  async readCollaborators(api, base, repo) {
    const members: AccessMember[] = []
    let next: string | undefined = apiUrl(base, `/repos/${repo}/collaborators`, {
      per_page: 100,
      affiliation: 'all',
    })
    for (let page = 0; next && page < MAX_PAGES; page++) {
      const answer = await api.call(next)
      if (!answer.ok) return answer
      const list = answer.value.json as Collaborator[]
      if (!Array.isArray(list))
        return failure(API.BAD_RESPONSE, `GitHub sent no collaborator list for ${repo}`)
      for (const c of list) {
        const role = roleOf(c)
        members.push({
          who: c.login ?? '(unknown)',
          roles: [role, ...(c.type === 'Bot' ? ['bot'] : [])],
          admin: role === 'admin',
        })
      }
      next = nextLink(answer.value.headers.link)
    }
    return ok([{ place: `GitHub ${repo}`, members }])
  },
}
