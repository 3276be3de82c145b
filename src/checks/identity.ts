// The identity and access checks of stages 1–2 (issue 10, access half), registered together.
import type { CheckDefinition } from './check'
import { authzAdminStepup } from './authz.admin-stepup'
import { authzBfla } from './authz.bfla'
import { authzBola } from './authz.bola'
import { authzDemoIsolation } from './authz.demo-isolation'
import { authzLogout } from './authz.logout'
import { authzResetExpiry } from './authz.reset-expiry'
import { authzSessionCookies } from './authz.session-cookies'
import { authzSessionExpiry } from './authz.session-expiry'
import { surfaceInventory } from './surface.inventory'
import { surfaceUnauthData } from './surface.unauth-data'

/** The identity and access checks, in registry order. */
export const IDENTITY_CHECKS: readonly CheckDefinition[] = [
  surfaceInventory,
  surfaceUnauthData,
  authzBola,
  authzBfla,
  authzDemoIsolation,
  authzLogout,
  authzSessionCookies,
  authzSessionExpiry,
  authzResetExpiry,
  authzAdminStepup,
]
