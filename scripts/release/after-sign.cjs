// electron-builder afterSign hook: on macOS, says whether notarisation can run (electron-builder's own
// @electron/notarize integration does it when the Apple credentials are set) and refuses an unnotarised
// release when HANDOVER_REQUIRE_SIGNING=1. Elsewhere it does nothing.
'use strict'
/* eslint-disable @typescript-eslint/no-require-imports -- electron-builder require()s its hooks: they are CommonJS */
const { mayProceedUnsigned, unset } = require('./signing.cjs')

const API_KEY = ['APPLE_API_KEY', 'APPLE_API_KEY_ID', 'APPLE_API_ISSUER']
const APPLE_ID = ['APPLE_ID', 'APPLE_APP_SPECIFIC_PASSWORD', 'APPLE_TEAM_ID']

/** The hook; `env` and `log` are for tests. */
async function afterSign(context, env = process.env, log = console.log) {
  if (context.electronPlatformName !== 'darwin') return 'not macOS'
  const viaKey = unset(API_KEY, env)
  const viaId = unset(APPLE_ID, env)
  const ready = viaKey.length === 0 || viaId.length === 0
  if (!mayProceedUnsigned('macOS notarisation', ready ? [] : viaKey, env, log)) return 'skipped'
  log(
    `handover release: notarising ${context.appOutDir} with ${viaKey.length === 0 ? 'an App Store Connect API key' : 'an Apple ID'}`,
  )
  return 'notarising'
}

module.exports = afterSign
module.exports.default = afterSign
