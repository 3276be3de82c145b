// Databricks: personal access token.
import { HEX, rnd, type SecretRule } from '../rule'

export const DATABRICKS: readonly SecretRule[] = [
  {
    id: 'databricks.token',
    provider: 'Databricks',
    title: 'personal access token',
    risk: 'Runs jobs and reads the data of the workspace.',
    keywords: ['dapi'],
    regex: /(?<![A-Za-z])dapi[a-fA-F0-9]{32}(?:-\d)?(?![A-Za-z0-9])/,
    rotation: [
      'Revoke the token in Databricks → User settings → Developer → Access tokens and create a new one.',
    ],
    samples: {
      positive: [`DATABRICKS_TOKEN=${'dapi'}${rnd('dx1', 32, HEX)}`],
      negative: ['dapi1234', 'mydapi1234567890abcdef1234567890abcdef'],
    },
  },
]
