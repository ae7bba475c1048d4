// Checking an inclusion proof (包含证明) in the browser, with nothing but the
// server's public key (KEY.pub) and WebCrypto: what `safecity proof --check`
// checks (engine/merkle.h, engine/checkpoint.h, RFC 9162):
//  - the event's hash over its content: SHA-256 of its canonical JSON (every
//    field but hash and position, keys sorted byte-wise, as the engine's
//    CanonicalJson writes it);
//  - its leaf: SHA-256(0x00 || the event's hash);
//  - the inclusion path from that leaf to the checkpoint's root;
//  - the checkpoint's Ed25519 signature over
//    "safecity-checkpoint/1\n<origin>\n<tree size>\n<root hex>\n<timestamp ms>\n".

export interface ProofCheck {
  content: boolean
  leaf: boolean
  path: boolean
  signature: boolean
}

const hexToBytes = (hex: string) => new Uint8Array((hex.match(/../g) ?? []).map((b) => parseInt(b, 16)))
const bytesToHex = (b: ArrayBuffer | Uint8Array) => [...new Uint8Array(b)].map((x) => x.toString(16).padStart(2, '0')).join('')
const utf8 = (s: string) => new TextEncoder().encode(s)

async function sha256(...parts: Uint8Array[]): Promise<Uint8Array> {
  const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const p of parts) {
    all.set(p, at)
    at += p.length
  }
  return new Uint8Array(await crypto.subtle.digest('SHA-256', all))
}

// Keys compared as their UTF-8 bytes, as std::map<std::string, …> orders them.
function byteOrder(a: string, b: string): number {
  const x = utf8(a)
  const y = utf8(b)
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i] - y[i]
  return x.length - y.length
}

// The engine's canonical JSON: sorted keys, no spaces, non-ASCII as itself.
export function canonicalJson(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v)
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`
  const o = v as Record<string, unknown>
  return `{${Object.keys(o)
    .sort(byteOrder)
    .map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`)
    .join(',')}}`
}

async function node(left: Uint8Array, right: Uint8Array) {
  return sha256(new Uint8Array([1]), left, right)
}

// RFC 9162 §2.1.3.2: the root an inclusion path leads to from `leaf`, or null.
async function rootFromPath(index: number, size: number, leaf: Uint8Array, path: Uint8Array[]): Promise<Uint8Array | null> {
  if (index >= size) return null
  let fn = index
  let sn = size - 1
  let r = leaf
  for (const p of path) {
    if (sn === 0) return null
    if (fn % 2 === 1 || fn === sn) {
      r = await node(p, r)
      while (fn % 2 === 0 && fn !== 0) {
        fn = Math.floor(fn / 2)
        sn = Math.floor(sn / 2)
      }
    } else {
      r = await node(r, p)
    }
    fn = Math.floor(fn / 2)
    sn = Math.floor(sn / 2)
  }
  return sn === 0 ? r : null
}

function pemBody(pem: string): Uint8Array {
  const b64 = pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '')
  return Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))
}

export async function checkProof(proof: any, publicKeyPem: string): Promise<ProofCheck> {
  const e = proof.event
  const hashed = {
    id: e.id, stream: e.stream, version: e.version, type: e.type, schema_version: e.schema_version, occurred_at: e.occurred_at,
    actor: e.actor, correlation_id: e.correlation_id, causation_id: e.causation_id, prev_hash: e.prev_hash, data: e.data,
  }
  const content = bytesToHex(await sha256(utf8(canonicalJson(hashed)))) === e.hash
  const leafHash = await sha256(new Uint8Array([0]), hexToBytes(e.hash))
  const leaf = bytesToHex(leafHash) === proof.leaf_hash
  const cp = proof.checkpoint
  const root = await rootFromPath(proof.leaf_index, cp.tree_size, leafHash, (proof.inclusion_path as string[]).map(hexToBytes))
  const path = root !== null && bytesToHex(root) === cp.root_hash
  let signature = false
  try {
    const key = await crypto.subtle.importKey('spki', pemBody(publicKeyPem) as BufferSource, { name: 'Ed25519' }, false, ['verify'])
    const signed = `${cp.format}\n${cp.origin}\n${cp.tree_size}\n${cp.root_hash}\n${cp.timestamp}\n`
    signature = await crypto.subtle.verify({ name: 'Ed25519' }, key, Uint8Array.from(atob(cp.signature), (c) => c.charCodeAt(0)) as BufferSource, utf8(signed) as BufferSource)
  } catch {
    signature = false
  }
  return { content, leaf, path, signature }
}
