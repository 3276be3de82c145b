// What a 2xx from an alert webhook must say before the test alert counts as taken (monitor.alerting).
import { describe, expect, it } from 'vitest'
import { webhookTookIt } from '../../src/probes/monitor-alert'

describe('webhookTookIt', () => {
  it.each(['ok', 'OK\n', '', '1', '{"ok":true}', 'queued for delivery'])('takes %j as accepted', (body) => {
    expect(webhookTookIt(body)).toBe(true)
  })

  it.each([
    '<!DOCTYPE html><title>Sign in</title>',
    '<html><body>Login</body></html>',
    '{"ok":false,"error":"channel_is_archived"}',
    '{"error":"invalid_payload"}',
    '{"errors":[{"message":"bad request"}]}',
  ])('does not take %j as accepted', (body) => {
    expect(webhookTookIt(body)).toBe(false)
  })
})
