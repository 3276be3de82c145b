// Every family's texts in one object whose type keeps each template's literal text, so that a check's outcomes and
// the facts its findings carry can be checked against the catalogue by tsc (src/checks/define.ts).
import { DNS_TEXTS } from './dns'
import { HANDOVER_TEXTS } from './handover'
import { IDENTITY_TEXTS } from './identity'
import { ASSISTANT_TEXTS } from './assistant'
import { BEHAVIOUR_TEXTS } from './behaviour'
import { FLOWS_TEXTS } from './flows'
import { MAIL_TEXTS } from './mail'
import { MANUAL_TEXTS } from './manual'
import { MONITOR_TEXTS } from './monitor'
import { SECRETS_TEXTS } from './secrets'
import { SURFACE_TEXTS } from './surface'
import { SURFACE_LEAK_TEXTS } from './surface-leaks'
import { TLS_TEXTS } from './tls'
import { INTEGRATION_TEXTS } from './integrations'

/** The whole catalogue, by check id, with literal template types where a family file keeps them. */
export const TEXTS = {
  ...TLS_TEXTS,
  ...DNS_TEXTS,
  ...MAIL_TEXTS,
  ...MANUAL_TEXTS,
  ...HANDOVER_TEXTS,
  ...SECRETS_TEXTS,
  ...MONITOR_TEXTS,
  ...SURFACE_TEXTS,
  ...SURFACE_LEAK_TEXTS,
  ...INTEGRATION_TEXTS,
  ...IDENTITY_TEXTS,
  ...BEHAVIOUR_TEXTS,
  ...ASSISTANT_TEXTS,
  ...FLOWS_TEXTS,
}

/** The catalogue's type: what defineCheck reads outcome ids and template placeholders from. */
export type Texts = typeof TEXTS
