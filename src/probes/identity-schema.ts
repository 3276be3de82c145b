// The zod shape of each identity probe's data (test/checks/fixtures.ts validates check fixtures with them).
import { z } from 'zod'
import { sessionStorageFactsSchema } from './session-storage'

const exchange = z.strictObject({
  as: z.string(),
  endpoint: z.string(),
  id: z.string().optional(),
  owner: z.string().optional(),
  method: z.string(),
  url: z.string(),
  status: z.number().int().optional(),
  contentType: z.string().optional(),
  location: z.string().optional(),
  body: z.string().optional(),
  bodyBytes: z.number().int().optional(),
  error: z.string().optional(),
})

const lifetime = z.strictObject({
  source: z.enum(['token-exp', 'cookie-max-age', 'cookie-expires', 'expires-in', 'none']),
  seconds: z.number().optional(),
  from: z.string().optional(),
})

const surface = z.strictObject({
  endpoints: z.array(
    z.strictObject({
      method: z.string(),
      template: z.string(),
      sources: z.array(z.enum(['openapi', 'manual', 'crawl'])),
      protected: z.boolean(),
      roles: z.array(z.string()).optional(),
      seenBy: z.array(z.string()),
      declared: z.boolean(),
    }),
  ),
  openapi: z.strictObject({ source: z.string(), paths: z.number(), error: z.string().optional() }).optional(),
  crawl: z.array(
    z.strictObject({
      account: z.string(),
      pages: z.array(z.string()),
      calls: z.array(z.string()),
      routes: z.record(z.string(), z.array(z.string())),
      error: z.string().optional(),
    }),
  ),
  sessions: z.array(
    z.strictObject({
      account: z.string(),
      role: z.string(),
      ok: z.boolean(),
      error: z.strictObject({ code: z.string(), message: z.string() }).optional(),
      lifetime: lifetime.optional(),
      signIn: z
        .strictObject({
          method: z.string(),
          url: z.string(),
          status: z.number(),
          setCookie: z.string().optional(),
        })
        .optional(),
    }),
  ),
  ids: z.record(z.string(), z.record(z.string(), z.array(z.string()))),
  own: z.array(exchange),
  anonymous: z.array(exchange),
  stopped: z.string().optional(),
})

const access = z.strictObject({ cross: z.array(exchange), stopped: z.string().optional() })

const logout = z.strictObject({
  account: z.string(),
  before: exchange.optional(),
  logout: z.strictObject({ status: z.number().optional(), error: z.string().optional() }).optional(),
  after: exchange.optional(),
  error: z.string().optional(),
  code: z.string().optional(),
})

const reset = z.strictObject({
  attempts: z.array(
    z.strictObject({
      state: z.enum(['used', 'expired']),
      account: z.string().optional(),
      url: z.string(),
      status: z.number().int().optional(),
      passwordForm: z.boolean(),
      saysInvalid: z.boolean(),
      excerpt: z.string().optional(),
      error: z.string().optional(),
      code: z.string().optional(),
    }),
  ),
})

const stepup = z.strictObject({
  account: z.string(),
  method: z.string(),
  url: z.string(),
  sent: z.array(z.string()),
  status: z.number().int().optional(),
  contentType: z.string().optional(),
  wwwAuthenticate: z.string().optional(),
  body: z.string().optional(),
  error: z.string().optional(),
  code: z.string().optional(),
})

/** Data schema of each identity probe kind. */
export const IDENTITY_DATA: Record<string, z.ZodType> = {
  'identity.surface': surface,
  'identity.access': access,
  'identity.logout': logout,
  'identity.reset': reset,
  'identity.stepup': stepup,
  'browser.session-storage': sessionStorageFactsSchema,
}
