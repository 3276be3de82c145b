// What the release hooks share: whether this build must be signed (a tagged release sets HANDOVER_REQUIRE_SIGNING=1),
// and one line in the build log saying what was done, never a credential.
'use strict'

/** Throws when signing is required but `missing` names are unset; otherwise logs the skip and returns false. */
function mayProceedUnsigned(what, missing, env = process.env, log = console.log) {
  if (missing.length === 0) return true
  const message = `${what}: not done, ${missing.join(', ')} not set`
  if (env.HANDOVER_REQUIRE_SIGNING === '1') throw new Error(`${message} (HANDOVER_REQUIRE_SIGNING=1)`)
  log(`handover release: ${message}; the artifact is unsigned`)
  return false
}

/** The names in `names` that are unset or empty in `env`. */
function unset(names, env = process.env) {
  return names.filter((n) => !env[n])
}

module.exports = { mayProceedUnsigned, unset }
