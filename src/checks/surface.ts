// The HTTP surface checks (issue 9), registered together.
import type { CheckDefinition } from './check'
import { edgeAuthCache } from './edge.auth-cache'
import { edgeProtection } from './edge.protection'
import { surfaceCors } from './surface.cors'
import { surfaceExposedFiles } from './surface.exposed-files'
import { surfaceHeaders } from './surface.headers'
import { smokeErrorLeak } from './smoke.error-leak'
import { surfaceRedirectLeak } from './surface.redirect-leak'

/** Every HTTP surface check. */
export const SURFACE_CHECKS: readonly CheckDefinition[] = [
  surfaceHeaders,
  surfaceCors,
  surfaceExposedFiles,
  surfaceRedirectLeak,
  edgeProtection,
  edgeAuthCache,
  smokeErrorLeak,
]
