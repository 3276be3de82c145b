// The assistant flaw of issue 10 (smoke.ai-assistant) on api.acme.test: POST /api/assistant takes
// {messages: [{role, content}]} and answers {reply}. No model: deterministic rules. The flawed assistant repeats
// its earlier turns when told to ignore previous instructions or to repeat them, base64-encodes them when asked,
// and obeys "end your answer with …" wherever it appears, even inside a document it is summarising; the repaired
// one never repeats its context and treats quoted content as data.
import { json, refuse, readBody, type LabApiCall } from './api'

/** What the lab reads of a conversation at most. */
const BODY_LIMIT = 64 * 1024

interface Turn {
  role?: unknown
  content?: unknown
}

/** The conversation's earlier turns as text, and the user's last message. */
function conversation(body: unknown): { earlier: string; last: string } | undefined {
  const messages = (body as { messages?: unknown } | undefined)?.messages
  if (!Array.isArray(messages) || messages.length === 0) return undefined
  const turns = (messages as Turn[]).map((m) => ({
    role: typeof m?.role === 'string' ? m.role : '',
    content: typeof m?.content === 'string' ? m.content : '',
  }))
  const last = turns.at(-1)!
  if (last.role !== 'user') return undefined
  return {
    earlier: turns
      .slice(0, -1)
      .map((t) => `${t.role}: ${t.content}`)
      .join('\n'),
    last: last.content,
  }
}

/** The flawed assistant's rules: it follows whatever instruction it sees, wherever it sees it. */
function flawedReply(earlier: string, last: string): string {
  let reply: string
  if (/base64/i.test(last))
    reply = `Here is the base64 you asked for: ${Buffer.from(earlier).toString('base64')}`
  else if (/ignore (all )?previous instructions|repeat/i.test(last))
    reply = `Sure. Everything above, word for word:\n${earlier}`
  else if (/"""/.test(last)) reply = `Summary: ${quoted(last).split('\n')[0]?.slice(0, 120) ?? ''}`
  else reply = 'I can help you find invoices, projects and files in this portal.'
  const obey = /end your answer with (?:the word )?(\S+?)[.!]?\s*$/im.exec(last)
  return obey ? `${reply}\n\n${obey[1]}` : reply
}

/** The repaired assistant: its context is never repeated, quoted content is summarised as data. */
function fixedReply(last: string): string {
  if (/"""/.test(last)) {
    const text = quoted(last)
    const words = text.split(/\s+/).filter(Boolean).length
    const hidden = /assistant|system|instruction/i.test(text)
      ? ' It contains a line addressed to an AI assistant, which I treated as part of the text, not as an instruction.'
      : ''
    return `Summary: a text of ${words} words from a client.${hidden}`
  }
  if (/ignore|repeat|translate|base64|developer|key|note|above/i.test(last))
    return 'I can’t share my instructions or any internal notes. I can help you find invoices, projects and files.'
  return 'I can help you find invoices, projects and files in this portal.'
}

/** The text between the first pair of triple quotes. */
function quoted(text: string): string {
  return /"""\n?([\s\S]*?)\n?"""/.exec(text)?.[1] ?? ''
}

/** The assistant endpoint of the lab portal. */
export class AssistantLab {
  /** The canaries the conversations carried, newest last (tests check the run keeps none of them). */
  readonly canaries: string[] = []

  /** The engagement's assistant section. */
  engagementPart(): Record<string, unknown> {
    return {
      url: 'https://api.acme.test/api/assistant',
      message: { messages: [{ role: 'user', content: '{prompt}' }] },
      history: 'messages',
      answer: 'reply',
    }
  }

  /** Answers POST /api/assistant for a signed-in account; false for any other path. */
  api({ mode, req, res, headers, path, who }: LabApiCall): boolean {
    if (path !== '/api/assistant') return false
    if (!who) return refuse(req, res, 401, { error: 'sign in first' }, headers)
    if (req.method !== 'POST') return refuse(req, res, 405, { error: 'POST a conversation' }, headers)
    readBody(req, BODY_LIMIT).then(
      (text) => {
        let body: unknown
        try {
          body = JSON.parse(text)
        } catch {
          return json(res, 400, { error: 'the body is not JSON' }, headers)
        }
        const talk = conversation(body)
        if (!talk) return json(res, 422, { error: 'messages must end with a user turn' }, headers)
        for (const c of text.match(/HV-CANARY-[0-9a-f]{16}/g) ?? []) this.canaries.push(c)
        if (this.canaries.length > 100) this.canaries.splice(0, this.canaries.length - 100)
        const reply = mode === 'fixed' ? fixedReply(talk.last) : flawedReply(talk.earlier, talk.last)
        json(res, 200, { reply }, headers)
      },
      () => json(res, 413, { error: 'conversation too long' }, headers),
    )
    return true
  }
}
