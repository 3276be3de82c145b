// The behaviour checks of issue 10 (input validation first), registered together.
import type { CheckDefinition } from './check'
import { surfaceInputValidation } from './surface.input-validation'

/** The behaviour checks, in registry order. */
export const BEHAVIOUR_CHECKS: readonly CheckDefinition[] = [surfaceInputValidation]
