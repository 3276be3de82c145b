// The HTTP surface probes (issue 9), registered together.
import type { ProbeKind } from './probe'
import { httpCors } from './surface-cors'
import { httpExposedFiles } from './surface-files'
import { httpErrorLeak } from './smoke-errors'
import { httpRedirects } from './surface-redirects'

/** Every HTTP surface probe. */
export const SURFACE_PROBES: readonly ProbeKind<never, unknown>[] = [
  httpCors as ProbeKind<never, unknown>,
  httpExposedFiles as ProbeKind<never, unknown>,
  httpErrorLeak as ProbeKind<never, unknown>,
  httpRedirects as ProbeKind<never, unknown>,
]
