// One sign-in per account per run, shared by every probe that needs it.
import type { Result } from '../core/result'
import type { Engagement } from '../engagement/load'
import type { CredentialStore } from '../keychain/keychain'
import type { Network, Recorder } from '../network/network'
import { openSession, type Session } from './session'
import type { SessionCode } from './codes'

/** One sign-in per account per run: concurrent probes share the pending session. */
export class SessionCache {
  private readonly sessions = new Map<string, Promise<Result<Session, SessionCode>>>()
  private readonly memo = new Map<string, Promise<unknown>>()

  constructor(
    private readonly network: Network,
    private readonly engagement: Engagement,
    private readonly credentials: CredentialStore,
  ) {}

  /** The account's session, signing in on first use; the sign-in's transcript goes to `rec`. */
  get(accountId: string, rec: Recorder): Promise<Result<Session, SessionCode>> {
    let session = this.sessions.get(accountId)
    if (!session) {
      session = openSession(this.network, this.engagement, accountId, this.credentials, rec)
      this.sessions.set(accountId, session)
    }
    return session
  }

  /** A session of its own, not shared: for a probe that signs it out (authz.logout) or lets it age. */
  fresh(accountId: string, rec: Recorder): Promise<Result<Session, SessionCode>> {
    return openSession(this.network, this.engagement, accountId, this.credentials, rec)
  }

  /** Every account's session, in the engagement's order, signing in where needed. */
  async all(rec: Recorder): Promise<{ account: string; session: Result<Session, SessionCode> }[]> {
    return Promise.all(
      this.engagement.accounts.map(async (a) => ({ account: a.id, session: await this.get(a.id, rec) })),
    )
  }

  /**
   * Work several probes of one run share (the endpoint inventory and the ids harvested per account): made once
   * by the first probe that asks, whose recorder holds its transcript; later askers get the same promise.
   */
  shared<T>(key: string, make: () => Promise<T>): Promise<T> {
    let found = this.memo.get(key) as Promise<T> | undefined
    if (!found) {
      found = make()
      this.memo.set(key, found)
    }
    return found
  }
}
