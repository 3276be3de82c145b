// Texts for the checks that read a provider's API: edge settings, uptime monitors, and who has access.
import type { CheckText } from './types'

/** Texts of the integration checks, by check id. */
export const INTEGRATION_TEXTS = {
  'edge.config-drift': {
    name: 'Edge settings hold and agree',
    purpose:
      'The edge decides HTTPS, TLS, caching and rate limits for every request; a setting that differs between staging and production, or drifted since the release, undoes the sprint quietly.',
    outcomes: {
      'settings-safe': {
        status: 'pass',
        title: 'Edge settings are safe',
        summary:
          'The {environment} zone {subject} forces HTTPS, accepts TLS 1.2 or newer, runs managed WAF rules, rate-limits sign-in and caches no authenticated path.',
        remediation: 'Nothing to do; the baseline keeps these settings from drifting back.',
      },
      'unsafe-settings': {
        status: 'fail',
        severity: 'high',
        title: 'Unsafe edge settings',
        summary: 'The {environment} zone {subject} has {count} unsafe setting(s): {list}.',
        remediation:
          'In the edge dashboard (or its API / Terraform), turn on Always Use HTTPS, set the minimum TLS version to 1.2, deploy the managed WAF ruleset, add a rate-limit rule on every sign-in path, and remove any cache rule that caches authenticated paths (bypass the cache on the session cookie instead).',
      },
      'environments-agree': {
        status: 'pass',
        title: 'Environments have the same edge settings',
        summary: 'Every compared setting of {environment} is the same as in {reference}.',
        remediation: 'Nothing to do.',
      },
      'environments-differ': {
        status: 'fail',
        severity: 'high',
        title: 'Edge settings differ between environments',
        summary: '{count} setting(s) of {environment} differ from {reference}: {list}.',
        remediation:
          'Make the environments match setting by setting (the evidence lists each one), preferably from one exported configuration applied to both, so what was tested on staging is what runs in production.',
      },
      'matches-baseline': {
        status: 'pass',
        title: 'Edge settings unchanged since the baseline',
        summary:
          'The {environment} zone {zone} has the settings and DNS records it had in baseline run {run}.',
        remediation: 'Nothing to do.',
      },
      'drifted-from-baseline': {
        status: 'fail',
        severity: 'high',
        title: 'Edge settings drifted since the baseline',
        summary:
          '{count} setting(s) or record(s) of the {environment} zone changed since baseline run {run}: {list}.',
        remediation:
          'Undo the changes the evidence lists, or, if they were intended and reviewed, accept a new baseline with `handover baseline`.',
      },
      'no-baseline': {
        status: 'skipped',
        title: 'No baseline to compare the edge with',
        summary: 'The {environment} zone {zone} cannot be compared yet: {why}.',
        remediation:
          'Accept a run as the release baseline (`handover baseline`) once the launch block list is empty.',
      },
    },
  },
  'monitor.coverage': {
    name: 'Every host is monitored',
    purpose:
      'An outage nobody is alerted to is found by a customer; every portal host and the health endpoint needs an active monitor that alerts someone within minutes.',
    outcomes: {
      covered: {
        status: 'pass',
        title: 'Monitored and alerting',
        summary: '{subject} is checked every {minutes} min by {monitor}, alerting {contacts}.',
        remediation: 'Nothing to do.',
      },
      'no-monitor': {
        status: 'fail',
        severity: 'high',
        title: 'No uptime monitor',
        summary: 'No monitor of {providers} checks {subject}.',
        remediation:
          'Add an HTTP(S) monitor for it, checking at least every 5 minutes, with an alert contact that reaches the on-call person.',
      },
      paused: {
        status: 'fail',
        severity: 'high',
        title: 'Uptime monitor paused',
        summary: '{monitor} checks {subject} but is paused, so an outage raises no alert.',
        remediation: 'Resume the monitor (or delete it and add a working one).',
      },
      'slow-interval': {
        status: 'fail',
        severity: 'high',
        title: 'Monitor checks too rarely',
        summary:
          '{monitor} checks {subject} only every {minutes} min; an outage can go unnoticed longer than 5 minutes.',
        remediation: 'Set the check interval to 5 minutes or less.',
      },
      'no-alert-contact': {
        status: 'fail',
        severity: 'high',
        title: 'Monitor alerts nobody',
        summary: '{monitor} checks {subject} but has no alert contact.',
        remediation: 'Attach an alert contact (e-mail, Slack, on-call rotation) to the monitor.',
      },
      'outside-engagement': {
        status: 'warn',
        severity: 'low',
        title: 'Monitor of a host outside the engagement',
        summary: '{monitor} checks {subject}, which is not part of this engagement ({status}).',
        remediation:
          'Remove it if it is left over, or move it to the account of the portal it belongs to, so alerts reach the right people.',
      },
    },
  },
  'handover.access': {
    name: 'Access is least-privilege',
    purpose:
      'Every extra admin account is another way in; a founder should be able to read who holds which keys.',
    outcomes: {
      awaiting: {
        status: 'manual',
        title: 'Access is least-privilege: waiting for an answer',
        summary:
          '{lists}. Is access to production, the edge, DNS and the repository limited to the people who need it, with former contributors removed?',
        remediation:
          'Read the list in the evidence, remove who no longer needs access, then answer with `handover attest handover.access`.',
      },
      'attested-pass': {
        status: 'pass',
        title: 'Access is least-privilege: confirmed',
        summary: 'Confirmed by {by} on {at}: {note}',
        remediation: 'Nothing to do; keep the evidence with the handover pack.',
      },
      'attested-fail': {
        status: 'fail',
        severity: 'medium',
        title: 'Access is least-privilege: not in place',
        summary: 'Reported missing by {by} on {at}: {note}',
        remediation:
          'Review the members of each provider account, remove those who no longer need access, and turn on two-factor authentication for the rest.',
      },
      'not-applicable': {
        status: 'skipped',
        title: 'Access is least-privilege: not applicable',
        summary: 'Marked not applicable by {by} on {at}: {note}',
        remediation: 'Nothing to do.',
      },
      'unlisted-admin': {
        status: 'fail',
        severity: 'medium',
        title: 'Administrator not on the team list',
        summary:
          '{place} has {count} administrator(s) who are not on the engagement’s team list: {who}. (The list is the engagement’s own; the tool only compares.)',
        remediation:
          'Remove the account (a former contractor?) or lower it to the role it needs; if the person belongs, add them to integrations.team. Then answer with `handover attest handover.access`.',
      },
    },
  },
} as const satisfies Record<string, CheckText>
