import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { OsKeychain } from '../../src/keychain/keychain'
import { startSecretService, type SecretService } from '../helpers/secret-service'
import { haveTools } from '../helpers/tools'

describe.skipIf(!haveTools('OS keychain', 'dbus-daemon', 'gnome-keyring-daemon', 'secret-tool'))(
  'OS keychain (real Secret Service)',
  () => {
    let service: SecretService
    beforeAll(() => {
      service = startSecretService()
    })
    afterAll(() => service?.stop())

    it('stores, lists without values, reads and deletes a credential', async () => {
      const keychain = new OsKeychain('handover-test')
      expect((await keychain.set('alice', 'correct-horse-battery')).ok).toBe(true)
      expect(service.search('handover-test')).toContain('correct-horse-battery')
      const listed = await keychain.list()
      expect(listed).toEqual({ ok: true, value: ['alice'] })
      expect(await keychain.get('alice')).toEqual({ ok: true, value: 'correct-horse-battery' })
      expect(await keychain.delete('alice')).toEqual({ ok: true, value: true })
      const gone = await keychain.get('alice')
      expect(gone.ok).toBe(false)
      expect(!gone.ok && gone.error.code).toBe('CREDENTIAL_MISSING')
    })
  },
)
