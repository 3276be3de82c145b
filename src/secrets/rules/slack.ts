// Slack: bot, user, app and configuration tokens, and incoming-webhook URLs.
import { ALNUM, rnd, type SecretRule } from '../rule'

const DIGITS = '0123456789'

export const SLACK: readonly SecretRule[] = [
  {
    id: 'slack.token',
    provider: 'Slack',
    title: 'token',
    risk: 'Reads channels and messages and posts as the bot or user.',
    keywords: ['xoxb-', 'xoxp-', 'xoxa-', 'xoxo-', 'xoxr-', 'xoxs-', 'xoxe-', 'xapp-'],
    regex:
      /(?<![A-Za-z0-9])(?:xox[baprose](?:\.[a-z0-9]+)?-\d{8,13}(?:-\d{8,13}){0,3}(?:-[A-Za-z0-9]{8,64})?|xapp-\d-[A-Z0-9]{9,12}-\d{10,13}(?:-[a-f0-9]{16,64})?)(?![A-Za-z0-9])/,
    rotation: [
      'Revoke the token at api.slack.com → Your Apps → the app → OAuth & Permissions (or rotate it), and reinstall the app to get a new one.',
      'Check the workspace’s access logs and the app’s activity.',
    ],
    samples: {
      positive: [
        `SLACK_BOT_TOKEN=${'xoxb-'}${rnd('sl1', 11, DIGITS)}-${rnd('sl2', 13, DIGITS)}-${rnd('sl3', 24, ALNUM)}`,
      ],
      negative: ['xoxb-your-token-here', 'SLACK_BOT_TOKEN=xoxb-XXXXXXXX'],
    },
  },
  {
    id: 'slack.webhook',
    provider: 'Slack',
    title: 'incoming webhook URL',
    risk: 'Posts any message (for example a fake alert or a phishing link) into the channel.',
    keywords: ['hooks.slack.com'],
    regex:
      /hooks\.slack\.com\/(?:services\/T[A-Z0-9]{6,12}\/B[A-Z0-9]{6,12}\/[A-Za-z0-9]{20,32}|(?:workflows|triggers)\/T[A-Z0-9]{6,12}\/A[A-Z0-9]{6,12}\/\d+\/[A-Za-z0-9]{20,32})(?![A-Za-z0-9])/,
    rotation: [
      'Remove the webhook in the Slack app’s Incoming Webhooks page (or delete the workflow trigger) and create a new one.',
      'Store the new URL in the secret manager, not in code or alert configs that are exported.',
    ],
    samples: {
      positive: [
        `https://${'hooks.slack.com'}/services/T${rnd('sl4', 8, 'ABCDEFGHJ0123456789')}/B${rnd('sl5', 9, 'ABCDEFGHJ0123456789')}/${rnd('sl6', 24, ALNUM)}`,
      ],
      negative: ['https://hooks.slack.com/services/TXXXXX/BXXXXX/XXXXXXXXXX'],
    },
  },
]
