// E-mail through nodemailer's SMTP client (not a hand-written SMTP dialogue), on a socket from the network layer's
// connect: scope, budget, rate, connect-to and the deadline apply as to any other traffic, and the dialogue goes to
// the observation's transcript through the redactor. STARTTLS is required (requireTLS): the password and the
// message never cross in clear, and the certificate is verified against the network layer's trust store.
import type net from 'node:net'
import nodemailer from 'nodemailer'
import { failure, ok, type Result } from '../core/result'
import type { Network, Recorder } from './network'
import { thrownMessage } from './settle'
import { SMTP } from './codes'
import type { NetworkCode, SmtpCode } from './codes'

/** One message to send. */
export interface MailSpec {
  host: string
  port: number
  from: string
  to: string
  subject: string
  text: string
  username?: string
  password?: string
  deadline: number
  /** Counts as active traffic (stops when the limiter halts). */
  active?: boolean
}

/** What the server said to the message. */
export interface MailDelivery {
  accepted: string[]
  rejected: string[]
  /** The server's last reply, e.g. `250 OK: message queued`. */
  response: string
  messageId: string
}

/** Sends one message over STARTTLS on a socket from `network.connect`; every failure is a coded result. */
export async function sendMail(
  network: Network,
  spec: MailSpec,
  rec: Recorder,
): Promise<Result<MailDelivery, SmtpCode | NetworkCode>> {
  const target = `${spec.host}:${spec.port}`
  const line =
    (level: string) =>
    (_entry: unknown, message: string, ...args: unknown[]) => {
      const text = args.reduce<string>((m, a) => m.replace(/%[sd]/, String(a)), String(message))
      rec.add('note', `smtp ${target}`, `${level === 'error' ? 'error: ' : ''}${text}`.slice(0, 400))
    }
  const logger = {
    level: () => undefined,
    trace: line('trace'),
    debug: line('debug'),
    info: line('info'),
    warn: line('warn'),
    error: line('error'),
    fatal: line('error'),
  }
  let opened: net.Socket | undefined
  const remaining = Math.max(1, spec.deadline - Date.now())
  const transport = nodemailer.createTransport({
    host: spec.host,
    port: spec.port,
    secure: false,
    requireTLS: true,
    ...(spec.username ? { auth: { user: spec.username, pass: spec.password ?? '' } } : {}),
    // The network layer's trust store (the lab CA in the demo), and the server's own name checked.
    tls: { secureContext: network.upgradeContext(), servername: spec.host, minVersion: 'TLSv1.2' },
    connectionTimeout: remaining,
    greetingTimeout: remaining,
    socketTimeout: remaining,
    logger,
    debug: true,
    getSocket: (_options, callback) => {
      void network
        .connect(spec.host, spec.port, rec, {
          deadline: spec.deadline,
          ...(spec.active ? { active: true } : {}),
        })
        .then(
          (c) => {
            if (!c.ok)
              return callback(Object.assign(new Error(c.error.message), { code: c.error.code }), undefined)
            opened = c.value.socket
            callback(null, { connection: c.value.socket })
          },
          (err: unknown) => callback(err instanceof Error ? err : new Error(String(err)), undefined),
        )
    },
  })
  try {
    const info = await transport.sendMail({
      from: spec.from,
      to: spec.to,
      subject: spec.subject,
      text: spec.text,
    })
    const addr = (a: unknown): string =>
      typeof a === 'string' ? a : ((a as { address?: string }).address ?? '')
    return ok({
      accepted: info.accepted.map(addr),
      rejected: info.rejected.map(addr),
      response: network.redactor.text(info.response),
      messageId: info.messageId,
    })
  } catch (err) {
    const code = (err as { code?: unknown }).code
    const coded = typeof code === 'string' && code.startsWith('E') ? (`SMTP_${code}` as const) : SMTP.FAILED
    const response = (err as { response?: unknown }).response
    const why = network.redactor.text(
      `${thrownMessage(err)}${typeof response === 'string' && !thrownMessage(err).includes(response) ? ` (${response})` : ''}`,
    )
    rec.add('note', `smtp ${target}`, `not sent: ${why}`, coded)
    return failure(coded, `sending mail through ${target} failed: ${why}`)
  } finally {
    transport.close()
    opened?.destroy()
  }
}
