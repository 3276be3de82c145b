// Amazon Web Services: access key ids (default on, unlike secretlint) and secret access keys beside their name.
import { ASSIGN, B64, rnd, type SecretRule } from '../rule'

const ROTATION = [
  'In IAM, create a second access key for the same user or role and deploy it where the old one was used.',
  'Deactivate the exposed key, watch CloudTrail for calls made with it, then delete it.',
  'Prefer short-lived credentials (IAM roles, SSO) over long-lived access keys from now on.',
]
const RISK = 'Calls AWS APIs with the permissions of the owning IAM user or role.'

export const AWS: readonly SecretRule[] = [
  {
    id: 'aws.access-key-id',
    provider: 'AWS',
    title: 'access key id',
    risk: RISK,
    keywords: ['akia', 'asia', 'abia', 'acca', 'a3t'],
    regex: /(?<![A-Za-z0-9])(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}(?![A-Za-z0-9])/,
    entropy: 3,
    rotation: ROTATION,
    samples: {
      positive: [`aws_access_key_id = ${'AKIA'}${rnd('aws1', 16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')}`],
      negative: [`${'AKIA'}IOSFODNN7${'EXAMPLE'}`, 'AKIAshort', `x${'AKIA'}${rnd('aws2', 16, 'ABCDEFGH')}`],
    },
  },
  {
    id: 'aws.secret-access-key',
    provider: 'AWS',
    title: 'secret access key',
    risk: RISK,
    keywords: ['secret_access_key', 'secretaccesskey', 'secret-access-key', 'aws_secret_key', 'awssecretkey'],
    regex: new RegExp(
      String.raw`(?:aws[_-]?)?secret[_-]?(?:access[_-]?)?key${ASSIGN}(?<secret>[A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])`,
      'i',
    ),
    entropy: 3.5,
    priority: 3,
    rotation: ROTATION,
    samples: {
      positive: [
        `AWS_SECRET_ACCESS_KEY=${rnd('aws3', 40, B64)}`,
        `"SecretAccessKey": "${rnd('aws4', 40, B64)}"`,
      ],
      negative: [
        `AWS_SECRET_ACCESS_KEY = ${rnd('aws5', 54, B64)}==`,
        `aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCY${'EXAMPLEKEY'}`,
      ],
    },
  },
]
