// The provider interfaces: each maps its own API onto the neutral facts in types.ts, so a second edge, uptime or
// repository provider is one new adapter here and no change to any check.
import type { Result } from '../core/result'
import type { ProviderApi, ProviderAuth } from './api'
import type { AccessFacts, EdgeZoneFacts, UptimeFacts } from './types'
import type { ProviderCode } from './codes'

/** An edge provider (CDN/WAF) whose zone settings and DNS records can be read. */
export interface EdgeProvider {
  id: string
  label: string
  /** The public API's base URL, used unless the engagement names another. */
  api: string
  auth: ProviderAuth
  readZone(
    api: ProviderApi,
    base: string,
    zone: string,
  ): Promise<Result<Omit<EdgeZoneFacts, 'responses'>, ProviderCode>>
  /** The member lists of the accounts the token can see (handover.access). */
  readMembers(api: ProviderApi, base: string): Promise<Result<AccessFacts['lists'], ProviderCode>>
}

/** An uptime-monitoring provider whose monitors can be listed. */
export interface UptimeProvider {
  id: string
  label: string
  api: string
  auth: ProviderAuth
  readMonitors(api: ProviderApi, base: string): Promise<Result<UptimeFacts['monitors'], ProviderCode>>
}

/** A source-code host whose repository collaborators can be listed. */
export interface RepositoryProvider {
  id: string
  label: string
  api: string
  auth: ProviderAuth
  readCollaborators(
    api: ProviderApi,
    base: string,
    repo: string,
  ): Promise<Result<AccessFacts['lists'], ProviderCode>>
}

/** The URL of `path` under an API base, keeping the base's own path (`/client/v4`). */
export function apiUrl(base: string, path: string, query: Record<string, string | number> = {}): string {
  const url = new URL(`${base.replace(/\/+$/, '')}${path}`)
  for (const [k, v] of Object.entries(query)) url.searchParams.set(k, String(v))
  return url.href
}
