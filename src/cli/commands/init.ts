// `handover init`: a new workspace with an engagement file, from flags or questions.
import { access, mkdir } from 'node:fs/promises'
import path from 'node:path'
import { parseEngagement } from '../../engagement/load'
import { toJson, writeFileAtomic } from '../../store/atomic'
import { ENGAGEMENT_FILE } from '../../store/workspace'
import { EXIT, fail, parse, prompt, type Command, type OptionTable } from '../io'

/** The options of `handover init`. */
const INIT_OPTIONS = {
  name: { type: 'string', value: 'N', help: 'the engagement’s name' },
  client: { type: 'string', value: 'C', help: 'the client' },
  consultant: { type: 'string', value: 'P', help: 'who runs the sprint' },
  apex: {
    type: 'string',
    value: 'DOMAIN',
    required: true,
    help: 'the portal’s apex domain; the scope is it and its subdomains',
  },
  subdomain: {
    type: 'string',
    multiple: true,
    value: 'S',
    help: 'a subdomain to audit (default: app, when there is no --portal)',
  },
  portal: { type: 'string', value: 'URL', help: 'the portal’s URL' },
  api: { type: 'string', value: 'URL', help: 'the API’s base URL' },
  'no-www': { type: 'boolean', help: 'the apex has no www host' },
} as const satisfies OptionTable

/** `handover init`: create a workspace with an engagement file. */
export const init: Command = {
  name: 'init',
  args: '[DIR]',
  about: `Creates DIR (default: the current folder) with handover.json describing the portal to audit. Missing
answers are asked for on a terminal. The scope is the apex and its subdomains; active tests start
unconsented. Credentials are never written here: store them with \`handover creds set\`.`,
  options: INIT_OPTIONS,
  exit: '0 created, 2 bad input or an engagement already exists (it is never overwritten).',
  async run(argv, io) {
    const args = parse('init', argv, INIT_OPTIONS)
    if (!args.ok) return fail(io, args.error.message)
    const v = args.value.values
    const dir = path.resolve(io.cwd, args.value.positionals[0] ?? '.')
    const file = path.join(dir, ENGAGEMENT_FILE)
    try {
      await access(file)
      return fail(io, `${file} already exists; nothing was changed.`)
    } catch {
      // good: nothing to overwrite
    }
    const ask = Boolean(io.stdin.isTTY)
    let apex = v.apex
    if (!apex && ask) apex = await prompt(io, 'Apex domain of the portal (e.g. acme.com):')
    if (!apex) return fail(io, 'init: --apex is required (the portal’s registered domain, e.g. acme.com).')
    apex = apex.trim().toLowerCase()
    let name = v.name
    if (!name && ask) name = await prompt(io, 'Engagement name:', `${apex} client portal`)
    let client = v.client
    if (!client && ask) client = await prompt(io, 'Client:', apex)
    let portal = v.portal
    if (!portal && ask) portal = await prompt(io, 'Portal URL:', `https://app.${apex}/`)
    const subdomains = v.subdomain ?? (portal ? [] : ['app'])
    const engagement: Record<string, unknown> = {
      schema: 'handover.engagement/1',
      name: name || `${apex} client portal`,
      ...(client ? { client } : {}),
      ...(v.consultant ? { consultant: v.consultant } : {}),
      domains: { apex, www: !v['no-www'], subdomains },
      ...(portal ? { portal: { url: portal } } : {}),
      ...(v.api ? { api: { base: v.api, endpoints: [] } } : {}),
      scope: { allow: [apex, `*.${apex}`], active: [], maxRequests: 3000, maxRps: 20 },
    }
    const text = toJson(engagement)
    const checked = await parseEngagement(text, file)
    if (!checked.ok) return fail(io, checked.error.message.replace(`${ENGAGEMENT_FILE}:`, 'init:'))
    await mkdir(dir, { recursive: true })
    await writeFileAtomic(file, text)
    io.out.write(
      `Created ${file} for ${checked.value.hosts.length} host(s): ${checked.value.hosts.join(', ')}.\nNext: \`handover audit ${path.relative(io.cwd, dir) || '.'}\`.\n`,
    )
    return EXIT.OK
  },
}
