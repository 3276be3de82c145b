// The sprint's stages as shipped in resources/stages.json.
import stagesFile from '../../resources/stages.json' with { type: 'json' }
import type { Stage } from './types'

/** A sprint stage's number, name and goal. */
export interface StageInfo {
  stage: Stage
  name: string
  goal: string
  hours: string
}

/** The seven stages, in order. */
export const STAGES: readonly StageInfo[] = stagesFile.stages as StageInfo[]

/** A stage's name, or `Stage N` for one without. */
export function stageName(stage: Stage): string {
  return STAGES.find((s) => s.stage === stage)?.name ?? `Stage ${stage}`
}
