// Azure: storage account keys, Entra ID client secrets, SAS signatures; tenant and client ids are identifiers.
import { ALNUM, ASSIGN, B64, NAME_TAIL, rnd, sampleUuid, type SecretRule, UUID } from '../rule'

const SECRET_ROTATION = [
  'In Entra ID → App registrations → the app → Certificates & secrets, add a new client secret (or better, a certificate or managed identity), deploy it, then delete the exposed one.',
  'Review the sign-in logs of the service principal.',
]

export const AZURE: readonly SecretRule[] = [
  {
    id: 'azure.storage-key',
    provider: 'Azure',
    title: 'storage account key',
    risk: 'Reads, writes and deletes every blob, queue and table of the storage account.',
    keywords: ['accountkey='],
    regex: /AccountKey=(?<secret>[A-Za-z0-9+/]{86}==)/i,
    rotation: [
      'In the storage account → Access keys, rotate the exposed key (key1 or key2) after moving clients to the other one or to Entra ID auth.',
      'Revoke SAS tokens signed with it.',
    ],
    samples: {
      positive: [
        `DefaultEndpointsProtocol=https;AccountName=acme;AccountKey=${rnd('az1', 86, B64)}==;EndpointSuffix=core.windows.net`,
      ],
      negative: ['AccountKey=<key>'],
    },
  },
  {
    id: 'azure.client-secret',
    provider: 'Azure',
    title: 'Entra ID client secret',
    risk: 'Signs in as the application (service principal) with every permission it was granted.',
    keywords: ['q~'],
    lead: 4,
    regex: /(?<![A-Za-z0-9_~.-])[A-Za-z0-9_~.]{3}\dQ~[A-Za-z0-9_~.-]{31,34}(?![A-Za-z0-9_~.-])/,
    rotation: SECRET_ROTATION,
    samples: {
      positive: [`"secret": "${rnd('az2', 3, ALNUM)}8Q~${rnd('az3', 34, ALNUM)}"`],
      negative: ['abc8Q~short'],
    },
  },
  {
    id: 'azure.named-client-secret',
    provider: 'Azure',
    title: 'Entra ID client secret',
    risk: 'Signs in as the application (service principal) with every permission it was granted.',
    keywords: ['azure', 'entra'],
    regex: new RegExp(
      String.raw`(?:azure|entra)${NAME_TAIL}client${NAME_TAIL}secret${ASSIGN}(?<secret>[A-Za-z0-9_~.-]{32,44})(?![A-Za-z0-9_~.-])`,
      'i',
    ),
    priority: 3,
    entropy: 3.5,
    rotation: SECRET_ROTATION,
    samples: {
      positive: [`var azureClientSecret := "${rnd('az4', 40, ALNUM)}"`],
      negative: ['AZURE_CLIENT_SECRET=${SECRET}'],
    },
  },
  {
    id: 'azure.sas-token',
    provider: 'Azure',
    title: 'shared access signature',
    risk: 'Grants whatever the signature allows on the storage resource until it expires.',
    keywords: ['sig='],
    regex: /sig=(?<secret>[A-Za-z0-9%+/]{40,70}(?:%3D|=))/,
    classify: (m) =>
      /[?&]sv=\d{4}-\d\d-\d\d/.test(m.text.slice(Math.max(0, m.index - 300), m.index))
        ? { keep: true }
        : { keep: false, why: 'not-this-rule' },
    rotation: [
      'Rotate the storage account key that signed it (or revoke the user delegation key / stored access policy) to invalidate it.',
    ],
    samples: {
      positive: [
        `https://acme.blob.core.windows.net/c?sv=2022-11-02&ss=b&srt=co&sp=rl&se=2030-01-01&sig=${rnd('az5', 43, ALNUM)}%3D`,
      ],
      negative: ['sig=abc'],
    },
  },
  {
    id: 'azure.identifier',
    provider: 'Azure',
    title: 'tenant or client id',
    risk: 'None on its own: these ids appear in every sign-in URL.',
    keywords: ['tenant_id', 'tenantid', 'tenant-id', 'client_id', 'clientid', 'client-id'],
    regex: new RegExp(String.raw`(?:tenant|client)[_-]?id${ASSIGN}(?<secret>${UUID})`, 'i'),
    exposure: 'public',
    classify: (m) =>
      /(?:azure|aad|entra|ad)[_-]?$/i.test(m.text.slice(Math.max(0, m.index - 12), m.index))
        ? { keep: true, note: 'Tenant and client ids identify the app; they are not credentials.' }
        : { keep: false, why: 'not-this-rule' },
    rotation: ['Nothing to rotate: ids are not credentials.'],
    samples: { positive: [`AZURE_TENANT_ID=${sampleUuid('az6')}`], negative: [] },
  },
]
