// The console's one way to the server: fetch on the same origin with the
// session's cookie (HttpOnly: this code never sees it), the session's CSRF
// token in X-CSRF-Token on everything that changes something, and the chosen
// language as Accept-Language. No token is kept in localStorage or anywhere
// a script could read it later: the CSRF token lives in memory and is asked
// for again (GET /v1/sessions/current) after a reload.
import { reactive } from 'vue'
import { lang } from './i18n'

export type Role = 'office' | 'unit' | 'inspector' | 'auditor'

export interface Session {
  login: string
  name: string
  role: Role
  unit?: string
  acts_as: { id: string; role: string }
  csrf_token: string
  expires_at: string
}

export const auth = reactive<{ session: Session | null; checked: boolean }>({ session: null, checked: false })

// A refusal or failure as the API's problem document says it (RFC 9457).
export class ApiError extends Error {
  constructor(
    public status: number,
    public detail: string,
    public field?: string,
    public code?: string,
    public body?: any,
  ) {
    super(detail)
  }
}

// Set by the router: where a 401 (the session ended) sends the person.
export let onSessionEnded: () => void = () => {}
export function setOnSessionEnded(f: () => void) {
  onSessionEnded = f
}

async function request<T>(method: string, path: string, body?: unknown, idempotencyKey?: string): Promise<T> {
  const headers: Record<string, string> = {
    Accept: 'application/json',
    'Accept-Language': lang.value === 'en' ? 'en, zh-CN;q=0.5' : 'zh-CN, en;q=0.5',
  }
  if (body !== undefined) headers['Content-Type'] = 'application/json'
  if (method !== 'GET' && auth.session) headers['X-CSRF-Token'] = auth.session.csrf_token
  if (idempotencyKey) headers['Idempotency-Key'] = idempotencyKey
  const res = await fetch(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: 'same-origin',
    cache: 'no-store',
  })
  const text = await res.text()
  let json: any = null
  try {
    json = text ? JSON.parse(text) : null
  } catch {
    json = null
  }
  if (!res.ok) {
    if (res.status === 401 && path !== '/v1/sessions' && auth.session) {
      auth.session = null
      onSessionEnded()
    }
    throw new ApiError(res.status, json?.detail ?? json?.title ?? res.statusText, json?.field, json?.code, json)
  }
  return json as T
}

export const get = <T = any>(path: string) => request<T>('GET', path)
export const post = <T = any>(path: string, body: unknown) => request<T>('POST', path, body)
export const del = <T = any>(path: string) => request<T>('DELETE', path)

// A query string from the parameters that are set.
export function query(params: Record<string, string | number | boolean | undefined | null>): string {
  const q = new URLSearchParams()
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v))
  const s = q.toString()
  return s ? `?${s}` : ''
}

// Every page of a paged list ({"items", "next_cursor"}), up to `max` items.
export async function all<T = any>(path: string, params: Record<string, any> = {}, max = 20000): Promise<T[]> {
  const out: T[] = []
  let cursor: string | null = null
  do {
    const page: { items: T[]; next_cursor: string | null } = await get(path + query({ ...params, limit: 500, cursor }))
    out.push(...page.items)
    cursor = page.next_cursor
  } while (cursor && out.length < max)
  return out
}

// A command as the API takes it: POST /v1/commands/{type} {"stream", "data"};
// with `idempotencyKey`, a retry returns the first result instead of acting twice.
export function command(type: string, stream: string, data: Record<string, unknown>, idempotencyKey?: string) {
  return request('POST', `/v1/commands/${type}`, { stream, data }, idempotencyKey)
}

export async function login(loginName: string, password: string): Promise<Session> {
  const s = await post<Session>('/v1/sessions', { login: loginName, password })
  auth.session = s
  auth.checked = true
  return s
}

export async function logout() {
  try {
    await del('/v1/sessions/current')
  } finally {
    auth.session = null
  }
}

// Whether a session is still open for this browser (after a reload).
export async function restore(): Promise<Session | null> {
  if (auth.checked) return auth.session
  try {
    auth.session = await get<Session>('/v1/sessions/current')
  } catch {
    auth.session = null
  }
  auth.checked = true
  return auth.session
}

// An evidence file uploaded (POST /v1/attachments, multipart): the server
// keeps it by its SHA-256 and says what it found it to be.
export interface Attachment {
  sha256: string
  size_bytes: number
  media_type: string
  name: string
  uri: string
}
export async function upload(file: File, task: string): Promise<Attachment> {
  const form = new FormData()
  form.append('file', file, file.name)
  const res = await fetch(`/v1/attachments${query({ task })}`, {
    method: 'POST',
    body: form,
    credentials: 'same-origin',
    headers: {
      Accept: 'application/json',
      'Accept-Language': lang.value === 'en' ? 'en, zh-CN;q=0.5' : 'zh-CN, en;q=0.5',
      'X-CSRF-Token': auth.session?.csrf_token ?? '',
    },
  })
  const json = await res.json().catch(() => null)
  if (!res.ok) throw new ApiError(res.status, json?.detail ?? res.statusText, json?.field, json?.code, json)
  return json as Attachment
}

// Where a task's evidence file is read (the task's access rule applies).
export function evidenceUrl(task: string, sha256: string): string {
  return `/v1/tasks/${encodeURIComponent(task)}/evidence/${sha256}`
}
