// `handover ci init`: writes the pre-deploy gate for the CI a consultancy already runs (GitHub or GitLab).
import { access, mkdir } from 'node:fs/promises'
import path from 'node:path'
import pkg from '../../../package.json' with { type: 'json' }
import { gateTargets } from '../../ci/targets'
import { CI_PROVIDERS, gateFile, WORKFLOW_FILE, type CiProvider } from '../../ci/workflows'
import { writeFileAtomic } from '../../store/atomic'
import { EXIT, fail, parse, type Command, type OptionTable } from '../io'

/**
 * What --install defaults to. An unpublished (private) build has no default: the name handover on the public
 * registry is not ours, and a gate that installed it would run a stranger's code beside the engagement's secrets.
 */
const INSTALL_DEFAULT = pkg.private
  ? 'Required: this build is not published to a registry, and the name handover there is not ours.'
  : `Default handover@${pkg.version}.`

/** The options of `handover ci`. */
const CI_OPTIONS = {
  provider: {
    type: 'string',
    value: 'github|gitlab',
    required: true,
    help: 'the CI the gate is written for',
  },
  install: {
    type: 'string',
    value: 'SPEC',
    help: `what \`npm install --global\` installs: a registry name, a git URL or a tarball URL of the Handover build you use. ${INSTALL_DEFAULT}`,
  },
  node: { type: 'string', value: 'N', help: 'Node.js major version for the job (default 20)' },
  force: { type: 'boolean', help: 'replace an existing CI file' },
} as const satisfies OptionTable

/** `handover ci`: write the pre-deploy gate for GitHub Actions or GitLab CI. */
export const ci: Command = {
  name: 'ci',
  args: 'init [DIR]',
  about: `Writes the CI file of a pre-deploy gate into the repository at DIR (default: the current folder):
.github/workflows/handover.yml (github) or .gitlab-ci.yml (gitlab). Every folder in DIR (up to three
levels down) that holds a handover.json becomes one job of the CI's matrix. Each job installs
Handover, runs \`handover audit --ci\` (passive checks; active families only when the engagement's
ci.active lists them), keeps SARIF (uploaded to GitHub code scanning), JUnit and JSON reports, and
fails when \`handover diff\` finds a regression against the committed baseline.

Credentials are never written into the file: every keychain:NAME an engagement references is read
by --credentials-from-env from the variable HANDOVER_<NAME> (capitals, _ for other characters),
which you store as a secret of the job's CI environment (handover-<folder> on GitHub,
handover/<folder> on GitLab). The command lists them.`,
  options: CI_OPTIONS,
  exit: '0 written, 2 bad input (no engagement, an invalid one, an existing file without --force).',
  async run(argv, io) {
    const args = parse('ci', argv, CI_OPTIONS)
    if (!args.ok) return fail(io, args.error.message)
    const [action, dirArg, ...rest] = args.value.positionals
    if (action !== 'init') return fail(io, 'ci needs the action init; see `handover ci --help`.')
    if (rest.length > 0) return fail(io, 'ci init takes one folder; see `handover ci --help`.')
    const provider = args.value.values.provider
    if (!provider || !CI_PROVIDERS.includes(provider as CiProvider))
      return fail(io, `ci init: --provider must be ${CI_PROVIDERS.join(' or ')}.`)
    const node = args.value.values.node ?? '20'
    if (!/^\d{2}$/.test(node))
      return fail(io, `ci init: --node ${node}: expected a major version such as 20.`)
    const install = args.value.values.install ?? (pkg.private ? undefined : `handover@${pkg.version}`)
    if (install === undefined)
      return fail(
        io,
        `ci init: --install is required: this build of Handover (${pkg.version}) is not published to a registry, so the gate would install whatever package is named handover there; give the git URL or tarball URL of the build you use.`,
      )
    if (install.trim() === '' || /["$`\\\n]/.test(install))
      return fail(
        io,
        'ci init: --install must be an npm package spec without quotes, $, backquotes or backslashes.',
      )
    const root = path.resolve(io.cwd, dirArg ?? '.')
    const targets = await gateTargets(root)
    if (!targets.ok) return fail(io, `ci init: ${targets.error.message}.`)
    const file = path.join(root, WORKFLOW_FILE[provider as CiProvider])
    const taken = await access(file).then(
      () => true,
      () => false,
    )
    if (!args.value.values.force && taken)
      return fail(io, `ci init: ${file} already exists; pass --force to replace it.`)
    const text = gateFile(provider as CiProvider, {
      install,
      node,
      version: pkg.version,
      targets: targets.value,
    })
    await mkdir(path.dirname(file), { recursive: true })
    await writeFileAtomic(file, text)
    io.out.write(`Wrote ${path.relative(io.cwd, file) || file}: one job per engagement folder.\n`)
    for (const t of targets.value) {
      const where =
        provider === 'github' ? `environment handover-${t.slug}` : `environment handover/${t.slug}`
      io.out.write(`  ${t.dir} (job ${t.slug})\n`)
      for (const c of t.credentials) io.out.write(`    secret ${c.env} in ${where}  ← keychain:${c.name}\n`)
      if (t.credentials.length === 0) io.out.write('    no credentials referenced\n')
    }
    for (const t of targets.value) for (const w of t.warnings) io.err.write(`Warning: ${w}.\n`)
    return EXIT.OK
  },
}
