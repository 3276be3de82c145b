// electron-builder custom Windows signing: signtool with the certificate the runner holds (by SHA-1 thumbprint in
// WINDOWS_CERT_SHA1, imported from a CI secret beforehand), SHA-256 digests and an RFC 3161 timestamp. Without a
// certificate it leaves the file unsigned and says so, unless HANDOVER_REQUIRE_SIGNING=1.
'use strict'
/* eslint-disable @typescript-eslint/no-require-imports -- electron-builder require()s its hooks: they are CommonJS */
const { execFileSync } = require('node:child_process')
const { mayProceedUnsigned, unset } = require('./signing.cjs')

/** The signtool arguments for one file. */
function signtoolArgs(file, thumbprint, timestampUrl) {
  return ['sign', '/sha1', thumbprint, '/fd', 'sha256', '/tr', timestampUrl, '/td', 'sha256', file]
}

/** The hook; `env`, `run` and `log` are for tests. */
async function sign(configuration, env = process.env, run = execFileSync, log = console.log) {
  if (
    !mayProceedUnsigned(
      `Windows signing of ${configuration.path}`,
      unset(['WINDOWS_CERT_SHA1'], env),
      env,
      log,
    )
  )
    return 'skipped'
  const timestamp = env.WINDOWS_TIMESTAMP_URL || 'http://timestamp.digicert.com'
  run(env.SIGNTOOL || 'signtool', signtoolArgs(configuration.path, env.WINDOWS_CERT_SHA1, timestamp), {
    stdio: 'inherit',
  })
  return 'signed'
}

module.exports = sign
module.exports.default = sign
module.exports.signtoolArgs = signtoolArgs
