// Data shapes of the HTTP surface probes, built on the fixture loader's exchange and error shapes.
import { z } from 'zod'
import type { HttpExchange } from '../../src/network/http'
import type { ProbeError } from '../../src/core/types'
import type { CorsFacts } from '../../src/probes/surface-cors'
import type { ExposedFilesFacts } from '../../src/probes/surface-files'
import type { ErrorLeakFacts } from '../../src/probes/smoke-errors'
import type { RedirectFacts } from '../../src/probes/surface-redirects'

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false

/** The schemas by probe kind, given the loader's own exchange and error schemas. */
export function surfaceData(
  httpExchange: z.ZodType<HttpExchange>,
  probeError: z.ZodType<ProbeError>,
): Record<string, z.ZodType> {
  const corsFacts = z.strictObject({
    url: z.url(),
    protected: z.boolean(),
    trials: z.array(
      z.strictObject({
        variant: z.enum(['foreign', 'null', 'suffix', 'prefix', 'preflight', 'authenticated']),
        origin: z.string(),
        exchange: httpExchange.optional(),
        error: probeError.optional(),
      }),
    ),
  })
  const exposedFiles = z.strictObject({
    origin: z.url(),
    absent: httpExchange.optional(),
    scripts: z.array(z.string()),
    trials: z.array(
      z.strictObject({
        path: z.string().startsWith('/'),
        kind: z.enum([
          'secrets-file',
          'repository',
          'backup',
          'source-map',
          'console',
          'directory-listing',
          'api-docs',
        ]),
        exchange: httpExchange.optional(),
        error: probeError.optional(),
        proof: z.string().optional(),
        catchAll: z.boolean().optional(),
      }),
    ),
  })
  const leak = z.strictObject({
    kind: z.enum(['debug-page', 'stack-trace', 'sql-error', 'server-path']),
    what: z.string().min(1),
    line: z.string().min(1).max(200),
  })
  const errorLeak = z.strictObject({
    origin: z.url(),
    control: z.strictObject({ exchange: httpExchange, leaks: z.array(leak) }).optional(),
    trials: z.array(
      z.strictObject({
        name: z.enum([
          'unknown-route',
          'quote-query',
          'huge-id',
          'negative-id',
          'quote',
          'malformed-json',
          'wrong-types',
        ]),
        sent: z.string().min(1),
        template: z.string().optional(),
        as: z.string().optional(),
        exchange: httpExchange.optional(),
        error: probeError.optional(),
        leaks: z.array(leak),
      }),
    ),
    bodiesNotSent: z.string().optional(),
    sessionError: z.string().optional(),
    sessionCode: z.string().optional(),
    openapiError: z.string().optional(),
  })
  const redirects = z.strictObject({
    origin: z.url(),
    canary: z.string().endsWith('.invalid'),
    trials: z.array(
      z.strictObject({
        ask: z.enum(['plain', 'absolute', 'protocol-relative', 'link']),
        path: z.string().startsWith('/'),
        param: z.string().optional(),
        exchange: httpExchange.optional(),
        error: probeError.optional(),
      }),
    ),
  })
  const same: [
    Same<z.output<typeof corsFacts>, CorsFacts>,
    Same<z.output<typeof redirects>, RedirectFacts>,
    Same<z.output<typeof exposedFiles>, ExposedFilesFacts>,
    Same<z.output<typeof errorLeak>, ErrorLeakFacts>,
  ] = [true, true, true, true]
  void same
  return {
    'http.cors': corsFacts,
    'http.exposed-files': exposedFiles,
    'http.error-leak': errorLeak,
    'http.redirects': redirects,
  }
}
