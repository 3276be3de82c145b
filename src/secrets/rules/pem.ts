// Private keys in PEM armour (PKCS#1, SEC1, PKCS#8, encrypted, OpenSSH, PGP), also inside JS/JSON strings.
import { B64, rnd, type SecretRule, type Verdict } from '../rule'

/**
 * Judges a PEM body: placeholders (`...`, `***`, a few bytes of base64) are dropped; a real key's body, with
 * newlines, `\n`/`\r\n` escapes and armour headers removed, is the canonical value (so every form hashes alike).
 */
export function pemBodyVerdict(body: string): Verdict {
  const lines = body.split(/\\r\\n|\\n|\\r|\r?\n/)
  const base64 = lines
    .filter((l) => !/^[A-Za-z-]+:/.test(l.trim()))
    .join('')
    .replace(/\s+/g, '')
  if (!/^[A-Za-z0-9+/=]+$/.test(base64) || base64.length < 64) return { keep: false, why: 'placeholder' }
  const der = Buffer.from(base64, 'base64')
  const openssh = der.subarray(0, 14).toString('latin1') === 'openssh-key-v1'
  const pgp = /PGP/.test(body)
  if (!openssh && !pgp && der[0] !== 0x30) return { keep: false, why: 'placeholder' }
  return { keep: true, value: base64 }
}

const ROTATION = [
  'Generate a new key pair where the key is used (server TLS, SSH, signing, service account) and deploy the new private key from a secret store.',
  'Replace the public half everywhere it is trusted (authorized_keys, certificate, JWKS, provider console) and revoke the old certificate if there is one.',
  'Treat everything the old key signed or decrypted as exposed.',
]

export const PEM: readonly SecretRule[] = [
  {
    id: 'private-key.pem',
    provider: 'PEM',
    title: 'private key',
    risk: 'Whoever holds it can impersonate the server or service, decrypt its traffic or sign as it.',
    keywords: ['-----begin'],
    span: 4096,
    regex:
      /-----BEGIN (?<kind>(?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?)-----(?<secret>[\s\S]{16,16000}?)-----END \k<kind>-----/,
    priority: 3,
    classify: (m) => pemBodyVerdict(m.secret),
    rotation: ROTATION,
    samples: {
      positive: [
        `-----BEGIN ${'PRIVATE'} KEY-----\nMIIE${rnd('pem1', 60, B64)}\n${rnd('pem2', 64, B64)}\n-----END ${'PRIVATE'} KEY-----\n`,
        `const k = "-----BEGIN RSA ${'PRIVATE'} KEY-----\\r\\nMIIC${rnd('pem3', 60, B64)}\\r\\n${rnd('pem4', 64, B64)}\\r\\n-----END RSA ${'PRIVATE'} KEY-----\\r\\n"`,
      ],
      negative: [
        `-----BEGIN ${'PRIVATE'} KEY-----\n***\n-----END ${'PRIVATE'} KEY-----`,
        `-----BEGIN ${'PRIVATE'} KEY-----\nYWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXo=\n-----END ${'PRIVATE'} KEY-----`,
        `-----BEGIN PUBLIC KEY-----\nMIIB${rnd('pem5', 60, B64)}\n-----END PUBLIC KEY-----`,
      ],
    },
  },
  {
    id: 'private-key.putty',
    provider: 'PuTTY',
    title: 'private key',
    risk: 'Signs in over SSH wherever the matching public key is authorised.',
    keywords: ['putty-user-key-file-'],
    span: 4096,
    regex:
      /PuTTY-User-Key-File-\d: [\w-]+\r?\nEncryption: [\w-]+\r?\nComment: [^\r\n]*\r?\nPublic-Lines: \d+\r?\n(?<secret>[\s\S]{40,8000}?Private-MAC: [0-9a-f]+)/,
    rotation: ROTATION,
    samples: {
      positive: [
        `PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\nComment: deploy\nPublic-Lines: 2\n${rnd('pt1', 64, B64)}\nPrivate-Lines: 1\n${rnd('pt2', 44, B64)}\nPrivate-MAC: ${rnd('pt3', 64, '0123456789abcdef')}`,
      ],
      negative: ['PuTTY-User-Key-File-3: (see the docs)'],
    },
  },
  {
    id: 'private-key.age',
    provider: 'age',
    title: 'secret key',
    risk: 'Decrypts every file encrypted to the matching age recipient.',
    keywords: ['age-secret-key-1'],
    regex: /AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}(?![A-Z0-9])/,
    rotation: [
      'Create a new age identity, re-encrypt the files to its recipient, and delete the old identity.',
    ],
    samples: {
      positive: [`${'AGE-SECRET'}-KEY-1${rnd('age1', 58, 'QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L')}`],
      negative: ['AGE-SECRET-KEY-1...'],
    },
  },
]
