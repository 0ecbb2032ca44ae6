import { describe, expect, it, vi } from 'vitest'
import { ApiClient, ApiError, errorMessage, queryString } from './client'

function respond(status: number, body: unknown, raw = false): typeof fetch {
  return vi.fn(async () => new Response(raw ? String(body) : JSON.stringify(body), { status })) as unknown as typeof fetch
}

describe('the API client', () => {
  it('turns the error shape into an ApiError with both languages', async () => {
    const client = new ApiClient({
      fetch: respond(409, { error: { code: 'conflict', message: '此件已被他人修改', message_en: 'The case changed meanwhile', details: null } }),
    })
    const e = await client.getCase(1).catch((x: unknown) => x)
    expect(e).toBeInstanceOf(ApiError)
    const err = e as ApiError
    expect(err.status).toBe(409)
    expect(err.code).toBe('conflict')
    expect(err.localized('zh-CN')).toBe('此件已被他人修改')
    expect(err.localized('en')).toBe('The case changed meanwhile')
  })

  it('gives a readable message for a non-JSON failure and for a network failure', async () => {
    const html = new ApiClient({ fetch: respond(502, '<html>Bad Gateway</html>', true) })
    const e1 = (await html.kinds().catch((x: unknown) => x)) as ApiError
    expect(e1.code).toBe('http_502')
    expect(e1.localized('zh-CN')).toContain('502')
    const down = new ApiClient({ fetch: vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))) as unknown as typeof fetch })
    const e2 = (await down.kinds().catch((x: unknown) => x)) as ApiError
    expect(e2.code).toBe('network')
    expect(errorMessage(e2, 'zh-CN')).toContain('无法连接服务器')
    expect(errorMessage(e2, 'en')).toContain('Cannot reach the server')
  })

  it('sends the CSRF token on changes only, and reports an ended session', async () => {
    const calls: { method: string; headers: Record<string, string> }[] = []
    const fetchMock = vi.fn(async (_url: string, init: RequestInit) => {
      calls.push({ method: String(init.method), headers: init.headers as Record<string, string> })
      return new Response(JSON.stringify({ error: { code: 'unauthenticated', message: '请先登录', message_en: 'please sign in', details: null } }), { status: 401 })
    })
    const ended = vi.fn()
    const client = new ApiClient({ fetch: fetchMock as unknown as typeof fetch, onUnauthenticated: ended })
    client.setCsrf('tok')
    await client.act(3, { action: 'accept', expected_version: 2 }).catch(() => undefined)
    await client.getCase(3).catch(() => undefined)
    expect(calls[0]!.headers['X-CSRF-Token']).toBe('tok')
    expect(calls[1]!.headers['X-CSRF-Token']).toBeUndefined()
    expect(ended).toHaveBeenCalledTimes(2)
    // A wrong password is not an ended session.
    await client.signIn('a', 'b').catch(() => undefined)
    expect(ended).toHaveBeenCalledTimes(2)
  })

  it('builds query strings without empty values', () => {
    expect(queryString({ kind: 'assignment', open: true, q: '', unit: undefined, limit: 50 })).toBe('?kind=assignment&open=1&limit=50')
    expect(queryString({ open: false })).toBe('')
    const client = new ApiClient()
    expect(client.exportUrl({ light: 'red', cursor: 'abc', limit: 20 })).toBe('/api/cases/export?light=red')
  })
})
