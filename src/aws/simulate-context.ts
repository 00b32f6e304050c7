/**
 * SimulatePrincipalPolicy needs each context entry's type: an `ip` key given as `string` never
 * matches an `IpAddress` condition, so the simulation would deny what AWS allows. Types follow
 * the global condition keys reference; unknown keys are strings.
 */

export type ContextKeyType = 'string' | 'stringList' | 'ip' | 'ipList' | 'date' | 'dateList' | 'boolean' | 'booleanList' | 'numeric' | 'numericList'

export interface TypedContextEntry {
  ContextKeyName: string
  ContextKeyValues: string[]
  ContextKeyType: ContextKeyType
}

/** Condition keys whose type is not string (lower-cased: IAM keys are case-insensitive). */
const KEY_TYPES: Record<string, 'ip' | 'date' | 'boolean' | 'numeric'> = {
  'aws:sourceip': 'ip',
  'aws:vpcsourceip': 'ip',
  'aws:currenttime': 'date',
  'aws:tokenissuetime': 'date',
  'aws:epochtime': 'numeric',
  'aws:multifactorauthage': 'numeric',
  'sts:durationseconds': 'numeric',
  'aws:securetransport': 'boolean',
  'aws:multifactorauthpresent': 'boolean',
  'aws:viaawsservice': 'boolean',
  'aws:principalisawsservice': 'boolean',
  'aws:assumedroot': 'boolean'
}

/** The typed entries for a context given as string lists; several values make the `…List` type. */
export function contextEntries(context: Record<string, string[]> | undefined): TypedContextEntry[] {
  return Object.entries(context ?? {}).map(([key, values]) => {
    const base = KEY_TYPES[key.toLowerCase()] ?? 'string'
    const type = (values.length > 1 ? `${base}List` : base) as ContextKeyType
    return { ContextKeyName: key, ContextKeyValues: values, ContextKeyType: type }
  })
}
