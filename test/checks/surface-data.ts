// Data shapes of the HTTP surface probes, built on the fixture loader's exchange and error shapes.
import { z } from 'zod'
import type { HttpExchange } from '../../src/network/http'
import type { ProbeError } from '../../src/core/types'
import type { CorsFacts } from '../../src/probes/surface-cors'

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
  const same: [Same<z.output<typeof corsFacts>, CorsFacts>] = [true]
  void same
  return { 'http.cors': corsFacts }
}
