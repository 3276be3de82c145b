// Shared judgement of `scheme://user:password@host` credentials (databases, brokers, basic auth).
import { isPlaceholder } from '../placeholder'
import type { MatchContext, Verdict } from '../rule'

/** Regex source for the `user:password@host` part after `scheme://`. */
export const USER_PASS_HOST = String.raw`(?<user>[^:@/\s'"<>\x60]{1,128}):(?<secret>[^\s'"<>/\x60]{1,256})@(?<host>\[[^\]\s]{1,200}\]|[A-Za-z0-9_.-]{1,253})`

/** Drops template, placeholder and "same as the user name" passwords; keeps the rest. */
export function credentialVerdict(m: MatchContext): Verdict {
  const user = m.match.groups?.user ?? ''
  const password = m.secret
  if (password.length < 4 || password === user || isPlaceholder(user + password) || isPlaceholder(password))
    return { keep: false, why: 'placeholder' }
  if (/^[$%{<]|^\*+$/.test(password)) return { keep: false, why: 'placeholder' }
  return { keep: true }
}
