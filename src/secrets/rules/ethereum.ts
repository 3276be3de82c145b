// secp256k1 (Ethereum and other wallets) private keys, recognised beside their name.
import { ASSIGN, HEX, rnd, type SecretRule } from '../rule'

export const ETHEREUM: readonly SecretRule[] = [
  {
    id: 'crypto.wallet-private-key',
    provider: 'Crypto wallet',
    title: 'secp256k1 private key',
    risk: 'Moves every asset held by the wallet; nothing can undo it.',
    keywords: ['private_key', 'privatekey', 'private-key', 'priv_key', 'wallet_key', 'deployer_key'],
    regex: new RegExp(
      String.raw`(?:priv(?:ate)?[_-]?key|wallet[_-]?key|deployer[_-]?key)${ASSIGN}(?<secret>(?:0x)?[a-fA-F0-9]{64})(?![a-fA-F0-9])`,
      'i',
    ),
    priority: 3,
    entropy: 3,
    rotation: [
      'Move the funds to a new wallet whose key lives in a hardware wallet or KMS now; the old key can never be made safe.',
      'Revoke the old address’s roles in any contracts it administers.',
    ],
    samples: {
      positive: [`DEPLOYER_PRIVATE_KEY=0x${rnd('eth1', 64, HEX)}`],
      negative: [`DOTENV_PUBLIC_KEY="03${rnd('eth2', 64, HEX)}"`, `PRIVATE_KEY=0x${'0'.repeat(64)}`],
    },
  },
]
