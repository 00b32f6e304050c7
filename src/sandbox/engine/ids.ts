/**
 * Identifiers shaped like AWS's: unique ids (`AIDA…`, `AROA…`, `ANPA…`), temporary access key ids
 * (`ASIA…`), secrets and session tokens, request ids. Random except where a stable id helps tests.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto'

const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'

function fromBytes(bytes: Buffer, length: number): string {
  let text = ''
  for (let i = 0; i < length; i++) text += ID_ALPHABET[bytes[i % bytes.length]! % ID_ALPHABET.length]
  return text
}

/** A unique id with AWS's prefix and 17 more characters (21 in all), e.g. `AROA` + 17. */
export function uniqueId(prefix: 'AIDA' | 'AROA' | 'ANPA', seed?: string): string {
  const bytes = seed === undefined ? randomBytes(17) : createHash('sha256').update(seed).digest()
  return prefix + fromBytes(bytes, 17)
}

/** `ASIA` + 16: 20 characters like every AWS access key id. */
export function temporaryAccessKeyId(): string {
  return 'ASIA' + fromBytes(randomBytes(16), 16)
}

/** 40 characters of base64 alphabet, like AWS secret access keys. */
export function secretAccessKey(): string {
  return randomBytes(30)
    .toString('base64')
    .replace(/[^A-Za-z0-9/+]/g, 'A')
    .slice(0, 40)
}

/** Length of a minted session token; AWS's are several hundred characters, and clients must cope with that. */
const SESSION_TOKEN_BYTES = 300

export function sessionToken(): string {
  return 'IQoJb3JpZ2luX2VjE' + randomBytes(SESSION_TOKEN_BYTES).toString('base64')
}

export function requestId(): string {
  return randomUUID()
}
