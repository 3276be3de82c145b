// The environments' env files (`sources.envFiles`): each variable's name, position and keyed hash, never its value.
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { z } from 'zod'
import { ok } from '../core/result'
import type { Engagement } from '../engagement/load'
import { scanSecrets } from '../secrets'
import { parseEnvFile } from '../secrets/env-files'
import { isPlaceholder } from '../secrets/placeholder'
import { request, type ProbeKind, type ProbeRequest, type ProbeResult } from './probe'
import { findingKey } from './secrets-key'
import { SOURCE } from './codes'

/** Names that hold credentials by convention. */
const SECRET_NAME =
  /SECRET|TOKEN|PASSW(?:OR)?D|PASS$|PWD|CREDENTIAL|PRIVATE|API_?KEY|ACCESS_?KEY|_KEY$|^KEY$|DATABASE_URL|_DSN$|CONNECTION_STRING/i
/** …unless the name says the value is meant to be public. */
const PUBLIC_NAME = /PUBLIC|PUBLISHABLE|^NEXT_PUBLIC_|^VITE_|^REACT_APP_|ANON_KEY|SITE_KEY/i

const variable = z.strictObject({
  name: z.string(),
  line: z.number().int().positive(),
  empty: z.boolean(),
  placeholder: z.boolean(),
  /** True when the name or the value says it is a credential (and it is not public by design). */
  secretLike: z.boolean(),
  length: z.number().int().nonnegative(),
  hash: z
    .string()
    .regex(/^[0-9a-f]{32}$/)
    .optional(),
  rule: z.string().optional(),
})

/** Data of a `secrets.env` observation. */
export const envScanSchema = z.strictObject({
  /** Id of the key that made the hashes (FindingKey.id). */
  keyId: z.string(),
  environments: z.array(
    z.strictObject({
      name: z.string(),
      file: z.string(),
      error: z.strictObject({ code: z.string(), message: z.string() }).optional(),
      variables: z.array(variable),
    }),
  ),
})

/** What the env-file scan found (`secrets.env`). */
export type EnvScanFacts = z.output<typeof envScanSchema>
/** One variable of one env file, its value redacted. */
export type EnvVariable = z.output<typeof variable>

/** The env files to scan, by environment name. */
export interface EnvScanParams {
  files: Record<string, string>
}

/** Probe `secrets.env`: reads the env files and redacts what they hold. */
export const secretsEnv: ProbeKind<EnvScanParams, EnvScanFacts> = {
  kind: 'secrets.env',
  subject: () => 'env files',
  async run({ files }, ctx): Promise<ProbeResult<EnvScanFacts>> {
    const key = await findingKey(ctx.credentials, ctx.engagement)
    if (!key.ok) return key
    const environments: EnvScanFacts['environments'] = []
    for (const [name, file] of Object.entries(files)) {
      let text: string
      try {
        text = await readFile(path.resolve(ctx.workspace, file), 'utf8')
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code ?? 'EIO'
        environments.push({
          name,
          file,
          variables: [],
          error: {
            code: code === 'ENOENT' ? SOURCE.ENV_FILE_MISSING : SOURCE.ENV_FILE_UNREADABLE,
            message: `${file} cannot be read (${code}).`,
          },
        })
        continue
      }
      const variables = parseEnvFile(text).map((v): EnvVariable => {
        const value = v.value.trim()
        const placeholder = value !== '' && isPlaceholder(value)
        const found = value ? scanSecrets(`${v.name}=${value}`, { key: key.value }) : []
        const secretFound = found.find((f) => f.exposure === 'secret')
        const isPublic = PUBLIC_NAME.test(v.name) || (found.length > 0 && !secretFound)
        return {
          name: v.name,
          line: v.line,
          empty: value === '',
          placeholder,
          secretLike:
            !placeholder && value !== '' && !isPublic && (SECRET_NAME.test(v.name) || !!secretFound),
          length: value.length,
          ...(value && !placeholder ? { hash: key.value.hash(value) } : {}),
          ...(secretFound ? { rule: secretFound.rule } : {}),
        }
      })
      environments.push({ name, file, variables })
    }
    return ok({ keyId: key.value.id, environments })
  },
}

/** The env-file scan request, when the engagement names env files. */
export const envScanOf = (engagement: Engagement): ProbeRequest | undefined => {
  const files = engagement.sources?.envFiles ?? {}
  return Object.keys(files).length > 0 ? request(secretsEnv.kind, 'env files', { files }) : undefined
}
