// `handover audit`: run the checks, store the run, print the summary, exit by --fail-on.
import path from 'node:path'
import type { Run, Severity, Stage } from '../../core/types'
import { SEVERITIES } from '../../core/types'
import { checkById } from '../../checks/registry'
import { runAudit, UnsavedRun } from '../../engine/runner'
import { launchBlockers } from '../../engine/summary'
import { toJunit } from '../../export/junit'
import { toSarif } from '../../export/sarif'
import type { CredentialStore } from '../../keychain/keychain'
import { OsKeychain } from '../../keychain/keychain'
import { gateEngagement } from '../../ci/gate'
import { credentialsFromEnv, parseEnvMapping } from '../../keychain/env-credentials'
import { EXIT_CANTCREAT, toJson, WriteFailure, writeFileAtomic } from '../../store/atomic'
import { Workspace } from '../../store/workspace'
import { EXIT, fail, parse, type Command, type Io, type OptionTable, type Parsed } from '../io'
import { checkOutputs, outputsOf } from '../outputs'
import { atOrAbove, printSummary } from '../print'
import { progressReporter } from '../progress'
import { auditAgainst } from './against'
import { readTrust } from './verify'
import { checkIdList } from './checks'

/** The audit command's parsed options. */
export interface AuditFlags {
  stages?: Stage[]
  checks?: string[]
  json?: string
  sarif?: string
  junit?: string
  failOn?: Severity | 'none'
  verbose?: boolean
  quiet?: boolean
  /** The pre-deploy gate: active families run only when the engagement's `ci.active` lists them. */
  ci?: boolean
}

/** Exit code for a finished run: 1 when a finding is at or above the threshold (default: the launch block list). */
export function exitCodeFor(run: Run, failOn: Severity | 'none' | undefined): number {
  if (failOn === 'none') return EXIT.OK
  if (failOn === undefined) return launchBlockers(run.results).length > 0 ? EXIT.FINDINGS : EXIT.OK
  const hit = run.results.some(
    (r) => (r.status === 'fail' || r.status === 'error') && atOrAbove(r.severity, failOn),
  )
  return hit ? EXIT.FINDINGS : EXIT.OK
}

/** Runs an audit in an opened workspace and writes the requested exports; shared by `audit` and `demo`. */
export async function auditWorkspace(
  ws: Workspace,
  flags: AuditFlags,
  io: Io,
  credentials: CredentialStore,
): Promise<Run> {
  const done = await auditWithExports(ws, flags, io, credentials)
  if (done.failures[0]) throw done.failures[0]
  return done.run
}

/**
 * An audit and its exports, where a write that fails after the audit ran (the run's final write, an export) is
 * returned beside the run, so that the summary can still be shown. A failed first write of the run throws:
 * nothing was probed.
 */
async function auditWithExports(
  ws: Workspace,
  flags: AuditFlags,
  io: Io,
  credentials: CredentialStore,
): Promise<{ run: Run; failures: WriteFailure[] }> {
  const progress = progressReporter(io, flags.quiet)
  const controller = new AbortController()
  const onSignal = (): void => controller.abort()
  process.once('SIGINT', onSignal)
  process.once('SIGTERM', onSignal)
  try {
    const failures: WriteFailure[] = []
    const run = await runAudit({
      workspace: ws,
      ...(flags.ci ? { engagement: gateEngagement(ws.engagement) } : {}),
      credentials,
      selection: {
        ...(flags.stages?.length ? { stages: flags.stages } : {}),
        ...(flags.checks?.length ? { checks: flags.checks } : {}),
      },
      signal: controller.signal,
      onProgress: progress.onProgress,
    }).catch((err: unknown) => {
      if (!(err instanceof UnsavedRun)) throw err
      failures.push(err)
      return err.run
    })
    progress.done()
    const exports: [string | undefined, () => string][] = [
      [flags.json, () => toJson(run)],
      [flags.sarif, () => toJson(toSarif(run))],
      [flags.junit, () => toJunit(run)],
    ]
    for (const [file, text] of exports) {
      if (!file) continue
      try {
        await writeFileAtomic(path.resolve(io.cwd, file), text())
      } catch (err) {
        if (!(err instanceof WriteFailure)) throw err
        failures.push(err)
      }
    }
    return { run, failures }
  } finally {
    process.removeListener('SIGINT', onSignal)
    process.removeListener('SIGTERM', onSignal)
  }
}

/** Validates --stage, --check and --fail-on; returns a sentence on the first problem. */
export function auditFlags(values: Parsed<typeof AUDIT_OPTIONS>['values']): AuditFlags | string {
  const stages: Stage[] = []
  for (const s of values.stage ?? []) {
    const n = Number(s)
    if (!Number.isInteger(n) || n < 1 || n > 7) return `--stage ${s}: stages are numbered 1 to 7`
    stages.push(n as Stage)
  }
  const checks = values.check ?? []
  const unknown = checks.find((id) => !checkById(id))
  if (unknown)
    return `--check ${unknown}: no such check; the ids are ${checkIdList()} (\`handover checks\` lists them by stage)`
  const failOn = values['fail-on']
  if (failOn !== undefined && failOn !== 'none' && !SEVERITIES.includes(failOn as Severity)) {
    return `--fail-on ${failOn}: expected one of ${SEVERITIES.join(', ')} or none`
  }
  return {
    stages,
    checks,
    json: values.json,
    sarif: values.sarif,
    junit: values.junit,
    failOn: failOn as Severity | 'none' | undefined,
    verbose: Boolean(values.verbose),
    quiet: Boolean(values.quiet),
    ci: Boolean(values.ci),
  }
}

/** The audit command's option table. */
export const AUDIT_OPTIONS = {
  stage: { type: 'string', multiple: true, value: 'N', help: 'only the checks of stage N (1-7)' },
  check: {
    type: 'string',
    multiple: true,
    value: 'ID',
    help: 'only this check (`handover checks` lists the ids)',
  },
  json: { type: 'string', value: 'F', help: 'also write the run as JSON to F' },
  sarif: { type: 'string', value: 'F', help: 'also write SARIF 2.1.0 to F' },
  junit: { type: 'string', value: 'F', help: 'also write JUnit XML to F' },
  'fail-on': {
    type: 'string',
    value: 'SEV',
    help: 'exit 1 when a fail or error of severity SEV or worse is found (critical, high, medium, low, info, none). Default: exit 1 when the launch block list is not empty (critical/high fails, critical errors).',
  },
  verbose: { type: 'boolean', short: 'v', help: 'list passing results too' },
  quiet: { type: 'boolean', short: 'q', help: 'no progress lines' },
  ci: {
    type: 'boolean',
    help: "the pre-deploy gate: passive checks, and active families only when the engagement's ci.active lists them (each must also be in scope.active)",
  },
  'credentials-from-env': {
    type: 'string',
    multiple: true,
    value: 'ENV=NAME[,ENV=NAME...]',
    help: 'read keychain:NAME from the environment variable ENV (a CI secret) instead of the OS keychain. Values stay in memory, are never written anywhere, and are redacted from all evidence. An unset variable is an error.',
  },
} as const satisfies OptionTable

/** How `handover audit --against` is introduced in the usage. */
const AGAINST = 'Re-check from a signed pack (handover audit --against F.pdf [DIR])'

/** The options of `handover audit --against`. */
const AGAINST_OPTIONS = {
  against: {
    type: 'string',
    value: 'F.pdf',
    group: AGAINST,
    help: "verify the pack first (a tampered, unsigned or untrusted pack is refused before anything is contacted), reuse DIR when it holds the pack's engagement or recreate it there from the embedded one (credentials asked for under the same keychain names), audit, and diff against the signed baseline as `handover diff` does; --json/--sarif then write the drift, and a signed drift report lands in DIR/reports",
  },
  trust: {
    type: 'string',
    multiple: true,
    value: 'ROOT.pem',
    group: AGAINST,
    help: "a root certificate you trust for the pack's signer",
  },
  signer: {
    type: 'string',
    value: 'NAME',
    group: AGAINST,
    help: 'who signs the drift report (default: the current user)',
  },
} as const satisfies OptionTable

/** `handover audit`: run the checks, store the run and print a summary by stage. */
export const audit: Command = {
  name: 'audit',
  args: '[DIR]',
  about: `Runs the checks of the engagement in DIR (default: the current folder), stores the run in DIR/runs/
and prints the results by stage with the minimum bar and the launch verdict.`,
  options: { ...AUDIT_OPTIONS, ...AGAINST_OPTIONS },
  exit: `0 clean, 1 findings at or above the threshold (with --against: regressions since the pack),
2 bad input (or a pack refused), 73 the run or an export could not be written (the summary is still
printed; the file and the reason are named).`,
  async run(argv, io) {
    const args = parse('audit', argv, { ...AUDIT_OPTIONS, ...AGAINST_OPTIONS })
    if (!args.ok) return fail(io, args.error.message)
    if (args.value.positionals.length > 1)
      return fail(io, 'audit takes one folder; see `handover audit --help`.')
    const flags = auditFlags(args.value.values)
    if (typeof flags === 'string') return fail(io, `${flags}.`)
    const against = args.value.values.against
    // Every export is checked before anything is contacted, not after a whole audit.
    const outputs = await checkOutputs(
      'audit',
      outputsOf(args.value.values, ['json', 'sarif', 'junit'], io.cwd),
      path.resolve(io.cwd, args.value.positionals[0] ?? '.'),
    )
    if (!outputs.ok) return fail(io, outputs.error.message)
    if (against !== undefined) {
      const mapping = parseEnvMapping(args.value.values['credentials-from-env'] ?? [])
      if (!mapping.ok) return fail(io, `${mapping.error.message}.`)
      const credentials = credentialsFromEnv(mapping.value, io.env, new OsKeychain())
      if (!credentials.ok) return fail(io, `${credentials.error.message}.`)
      const trusted = await readTrust(io, args.value.values.trust)
      if (typeof trusted === 'string') return fail(io, trusted)
      const signer = args.value.values.signer
      return auditAgainst(
        flags,
        {
          pack: against,
          dir: args.value.positionals[0] ?? '.',
          trustedRootsPem: trusted,
          credentials: credentials.value,
          ...(signer ? { signer } : {}),
        },
        io,
        auditWorkspace,
      )
    }
    const ws = await Workspace.open(path.resolve(io.cwd, args.value.positionals[0] ?? '.'))
    if (!ws.ok) return fail(io, ws.error.message)
    const answers = await ws.value.attestations()
    if (!answers.ok) return fail(io, answers.error.message)
    const mapping = parseEnvMapping(args.value.values['credentials-from-env'] ?? [])
    if (!mapping.ok) return fail(io, `${mapping.error.message}.`)
    const credentials = credentialsFromEnv(mapping.value, io.env, new OsKeychain())
    if (!credentials.ok) return fail(io, `${credentials.error.message}.`)
    let done
    try {
      done = await auditWithExports(ws.value, flags, io, credentials.value)
    } catch (err) {
      if (err instanceof WriteFailure)
        return fail(io, `${err.message}; the audit did not start.`, EXIT_CANTCREAT)
      throw err
    }
    const { run, failures } = done
    printSummary(run, io, { verbose: flags.verbose })
    if (failures.length > 0) {
      for (const f of failures) io.err.write(`handover: ${f.message}.\n`)
      return EXIT_CANTCREAT
    }
    if (run.status === 'cancelled') {
      io.err.write(`Cancelled; the partial run is stored as ${run.id}.\n`)
      return 130
    }
    return exitCodeFor(run, flags.failOn)
  },
}
