// One sign-in per account per run, shared by every probe that needs it.
import type { Result } from '../core/result'
import type { Engagement } from '../engagement/load'
import type { CredentialStore } from '../keychain/keychain'
import type { Network, Recorder } from '../network/network'
import { openSession, type Session } from './session'

export class SessionCache {
  private readonly sessions = new Map<string, Promise<Result<Session>>>()

  constructor(
    private readonly network: Network,
    private readonly engagement: Engagement,
    private readonly credentials: CredentialStore,
  ) {}

  /** The account's session, signing in on first use; the sign-in's transcript goes to `rec`. */
  get(accountId: string, rec: Recorder): Promise<Result<Session>> {
    let session = this.sessions.get(accountId)
    if (!session) {
      session = openSession(this.network, this.engagement, accountId, this.credentials, rec)
      this.sessions.set(accountId, session)
    }
    return session
  }
}
