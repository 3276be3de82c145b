// Data shapes of the HTTP surface probes, built on the fixture loader's exchange and error shapes.
import { z } from 'zod'
import type { HttpExchange } from '../../src/network/http'
import type { ProbeError } from '../../src/core/types'
import type { CorsFacts } from '../../src/probes/surface-cors'
import type { ExposedFilesFacts } from '../../src/probes/surface-files'

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
  const same: [
    Same<z.output<typeof corsFacts>, CorsFacts>,
    Same<z.output<typeof exposedFiles>, ExposedFilesFacts>,
  ] = [true, true]
  void same
  return { 'http.cors': corsFacts, 'http.exposed-files': exposedFiles }
}
