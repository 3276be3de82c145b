// Roles of engagement accounts: `admin` may use everything, `demo` is the sales demo account.
import type { Engagement } from '../../engagement/load'

/** The role of an account, `anonymous` for no account. */
export function roleOf(engagement: Engagement, account: string): string {
  return engagement.accounts.find((a) => a.id === account)?.role ?? 'anonymous'
}
