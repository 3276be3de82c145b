// The HTTP surface probes (issue 9), registered together.
import type { ProbeKind } from './probe'
import { httpCors } from './surface-cors'

/** Every HTTP surface probe. */
export const SURFACE_PROBES: readonly ProbeKind<never, unknown>[] = [httpCors as ProbeKind<never, unknown>]
