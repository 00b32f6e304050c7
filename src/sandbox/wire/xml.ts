/**
 * A tiny XML writer for query-protocol responses: objects become elements, arrays become
 * `<member>` lists (as IAM and STS write them), and every text value is escaped.
 */

import { isoSeconds } from '../engine/time.js'
import type { ApiValue } from '../engine/types.js'

/** What the writer renders: the engine's API-shaped values. */
export type XmlValue = ApiValue

/** Escape text content (quotes need no escaping outside attributes, and AWS leaves them as they are). */
export function escapeXml(text: string): string {
  return text.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]!)
}

function render(value: XmlValue): string {
  if (value === undefined || value === null) return ''
  if (value instanceof Date) return isoSeconds(value)
  if (Array.isArray(value)) return value.map((item) => `<member>${render(item)}</member>`).join('')
  if (typeof value === 'object') {
    return Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `<${k}>${render(v)}</${k}>`)
      .join('')
  }
  return escapeXml(String(value))
}

/** `<{Action}Response xmlns=…><{Action}Result>…</…><ResponseMetadata><RequestId>…` */
export function queryResponse(action: string, namespace: string, result: Record<string, XmlValue> | undefined, requestId: string): string {
  const body = result === undefined ? '' : `<${action}Result>${render(result)}</${action}Result>`
  return `<${action}Response xmlns="${namespace}">${body}<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>\n`
}

export function queryErrorResponse(namespace: string, type: string, code: string, message: string, requestId: string): string {
  return `<ErrorResponse xmlns="${namespace}"><Error><Type>${escapeXml(type)}</Type><Code>${escapeXml(code)}</Code><Message>${escapeXml(message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>\n`
}

export const STS_NAMESPACE = 'https://sts.amazonaws.com/doc/2011-06-15/'
export const IAM_NAMESPACE = 'https://iam.amazonaws.com/doc/2010-05-08/'
