// SQL Server / ADO.NET connection strings with a password.
import { ALNUM, rnd, type SecretRule } from '../rule'
import { credentialVerdict } from './connection-string'

export const MSSQL: readonly SecretRule[] = [
  {
    id: 'mssql.connection-string',
    provider: 'SQL Server',
    title: 'connection string with password',
    risk: 'Connects to the database server as that login: reads, changes or deletes its data.',
    keywords: ['server=', 'data source='],
    regex:
      /(?:Server|Data Source)=[^;'"\r\n]{1,200};(?:[^;'"\r\n]{0,200};){0,8}?\s*(?:User ID|Uid|User)=(?<user>[^;'"\r\n]{1,128});(?:[^;'"\r\n]{0,200};){0,4}?\s*(?:Password|Pwd)=(?<secret>[^;'"\r\n]{4,128})/i,
    priority: 2,
    classify: credentialVerdict,
    rotation: [
      'Change the login’s password (ALTER LOGIN … WITH PASSWORD …) and move the connection string to the secret manager.',
    ],
    samples: {
      positive: [`"Server=db.acme.internal;Database=app;User Id=app;Password=${rnd('ms1', 18, ALNUM)};"`],
      negative: ['Server=myServerAddress;Database=myDataBase;Uid=myUsername;Pwd=myPassword;'],
    },
  },
]
