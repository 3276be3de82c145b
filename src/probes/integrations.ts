// Integration probes: a provider's API read with a keychain token, within scope, every answer kept redacted in the
// observation. The provider adapters live in src/integrations/; these probes only pick one and run it.
import { failure, ok } from '../core/result'
import type { Engagement } from '../engagement/load'
import { ProviderApi } from '../integrations/api'
import { cloudflare } from '../integrations/cloudflare'
import { github } from '../integrations/github'
import type { EdgeProvider, RepositoryProvider } from '../integrations/providers'
import type { AccessFacts, EdgeBaselineFacts, EdgeZoneFacts, UptimeFacts } from '../integrations/types'
import { UPTIME_PROVIDERS } from '../integrations/uptime'
import { request, type ProbeContext, type ProbeKind, type ProbeRequest, type ProbeResult } from './probe'
import { PROBE } from './codes'
import { acceptedBaseline } from './workspace'

/** Edge providers by the id the engagement names; a second one is added here, not in any check. */
const EDGE_PROVIDERS: Readonly<Record<string, EdgeProvider>> = { cloudflare }
const REPOSITORY_PROVIDERS: Readonly<Record<string, RepositoryProvider>> = { github }

interface ProviderParams {
  provider: string
  token: string
  api?: string
}

/** Opens the provider's API, runs `read`, and keeps every answer with the result. */
async function withApi<P extends { label: string; api: string; auth: ProviderApi['auth'] }, T>(
  provider: P | undefined,
  params: ProviderParams,
  ctx: ProbeContext,
  read: (api: ProviderApi, base: string) => Promise<ProbeResult<T>>,
): Promise<ProbeResult<T & { responses: ProviderApi['records'] }>> {
  if (!provider) return failure(PROBE.PROVIDER_UNKNOWN, `no adapter for the provider ${params.provider}`)
  const base = params.api ?? provider.api
  const api = await ProviderApi.open(ctx, base, params.token, provider.auth)
  if (!api.ok) return api
  try {
    const got = await read(api.value, base)
    if (!got.ok) return got
    return ok({ ...got.value, responses: api.value.records })
  } finally {
    await api.value.close()
  }
}

/** Reads one zone through its edge provider. */
export const edgeZone: ProbeKind<ProviderParams & { zone: string }, EdgeZoneFacts> = {
  kind: 'edge.zone',
  subject: ({ zone }) => zone,
  run: (params, ctx) =>
    withApi(EDGE_PROVIDERS[params.provider], params, ctx, (api, base) =>
      EDGE_PROVIDERS[params.provider]!.readZone(api, base, params.zone),
    ),
}

/** Lists one uptime provider account's monitors. */
export const uptimeMonitors: ProbeKind<ProviderParams, UptimeFacts> = {
  kind: 'uptime.monitors',
  subject: ({ provider }) => provider,
  run: (params, ctx) =>
    withApi(UPTIME_PROVIDERS[params.provider], params, ctx, async (api, base) => {
      const monitors = await UPTIME_PROVIDERS[params.provider]!.readMonitors(api, base)
      return monitors.ok ? ok({ provider: params.provider, monitors: monitors.value }) : monitors
    }),
}

/** Reads the member lists of an edge account or a repository. */
export const accessMembers: ProbeKind<ProviderParams & { repo?: string }, AccessFacts> = {
  kind: 'access.members',
  subject: ({ provider, repo }) => (repo ? `${provider}:${repo}` : provider),
  run(params, ctx) {
    const read = async (lists: Promise<ProbeResult<AccessFacts['lists']>>) => {
      const got = await lists
      return got.ok ? ok({ provider: params.provider, lists: got.value }) : got
    }
    const repository = REPOSITORY_PROVIDERS[params.provider]
    if (params.repo && repository)
      return withApi(repository, params, ctx, (api, base) =>
        read(repository.readCollaborators(api, base, params.repo!)),
      )
    const edge = EDGE_PROVIDERS[params.provider]
    return withApi(edge, params, ctx, (api, base) => read(edge!.readMembers(api, base)))
  },
}

/** The zones as the accepted baseline run saw them, so drift is judged from stored data. */
export const edgeBaseline: ProbeKind<Record<string, never>, EdgeBaselineFacts> = {
  kind: 'edge.baseline',
  subject: () => 'baseline',
  async run(_params, ctx): Promise<ProbeResult<EdgeBaselineFacts>> {
    const baseline = await acceptedBaseline(ctx.workspace)
    if (!baseline.ok) return baseline
    if (!baseline.value) return ok({ zones: {} })
    const { record, run } = baseline.value
    const zones: EdgeBaselineFacts['zones'] = {}
    for (const obs of Object.values(run.observations)) {
      if (obs.kind !== edgeZone.kind || !obs.data) continue
      const { responses: _responses, ...zone } = obs.data as EdgeZoneFacts
      zones[zone.zone] = zone
    }
    return ok({ run: record.run, zones })
  },
}

/** The edge.zone requests of an engagement: one per environment's zone. */
export function edgeZonesOf(e: Engagement): { environment: string; request: ProbeRequest }[] {
  const edge = e.integrations?.edge
  if (!edge) return []
  return Object.entries(edge.zones).map(([environment, zone]) => ({
    environment,
    request: request(edgeZone.kind, zone, {
      provider: edge.provider,
      token: edge.token,
      zone,
      ...(edge.api ? { api: edge.api } : {}),
    }),
  }))
}

/** The request for the baseline view of the zones. */
export const edgeBaselineOf = (): ProbeRequest => request(edgeBaseline.kind, 'baseline', {})

/** One uptime.monitors request per configured uptime provider account. */
export function uptimeOf(e: Engagement): ProbeRequest[] {
  return (e.integrations?.uptime ?? []).map((u) =>
    request(uptimeMonitors.kind, u.provider, {
      provider: u.provider,
      token: u.token,
      ...(u.api ? { api: u.api } : {}),
    }),
  )
}

/** The access lists an engagement can read: the edge provider's accounts, the repository's collaborators. */
export function accessOf(e: Engagement): ProbeRequest[] {
  const out: ProbeRequest[] = []
  const edge = e.integrations?.edge
  if (edge)
    out.push(
      request(accessMembers.kind, edge.provider, {
        provider: edge.provider,
        token: edge.token,
        ...(edge.api ? { api: edge.api } : {}),
      }),
    )
  const repo = e.integrations?.repository
  if (repo)
    out.push(
      request(accessMembers.kind, `${repo.provider}:${repo.repo}`, {
        provider: repo.provider,
        token: repo.token,
        repo: repo.repo,
        ...(repo.api ? { api: repo.api } : {}),
      }),
    )
  return out
}

/** Every integration probe kind. */
export const INTEGRATION_PROBES = [edgeZone, edgeBaseline, uptimeMonitors, accessMembers]
