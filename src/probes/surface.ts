// The HTTP surface probes (issue 9), registered together.
import type { z } from 'zod'
import { corsFactsSchema, httpCors } from './surface-cors'
import { exposedFilesFactsSchema, httpExposedFiles } from './surface-files'
import { errorLeakFactsSchema, httpErrorLeak } from './smoke-errors'
import { httpRedirects, redirectFactsSchema } from './surface-redirects'

/** Every HTTP surface probe. */
export const SURFACE_PROBES = [httpCors, httpExposedFiles, httpErrorLeak, httpRedirects]

/** Data schema of each HTTP surface probe kind. */
export const SURFACE_DATA: Record<string, z.ZodType> = {
  'http.cors': corsFactsSchema,
  'http.exposed-files': exposedFilesFactsSchema,
  'http.error-leak': errorLeakFactsSchema,
  'http.redirects': redirectFactsSchema,
}
