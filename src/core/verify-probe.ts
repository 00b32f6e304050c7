/**
 * How verify names its own AssumeRole sessions, so CloudTrail readers (`trail`, `explain
 * --from-trail`) can tell verify's deliberate probes from incidents (issue 16): every verify
 * session starts with VERIFY_SESSION_PREFIX, and the probes that must be refused (without an
 * ExternalId, with a wrong one, with near misses of the right one) end with one of VERIFY_PROBE_SUFFIXES. A role session name is 2–64
 * of [\w+=,.@-]; verify's name is at most 50 characters, so a suffix always fits.
 */

/** The start of every role session name verify uses. */
export const VERIFY_SESSION_PREFIX = 'bedrock-xacct-verify-'

/** Probes' session names: the run's name plus a suffix, so CloudTrail tells them apart. */
export const VERIFY_PROBE_SUFFIXES = { missing: '-noextid', wrong: '-wrongextid', longer: '-longextid', shorter: '-shortextid' } as const

/** True for the session name of one of verify's refused-on-purpose probes. */
export function isVerifyProbeSession(sessionName: string | undefined): boolean {
  if (sessionName === undefined || !sessionName.startsWith(VERIFY_SESSION_PREFIX)) return false
  return Object.values(VERIFY_PROBE_SUFFIXES).some((suffix) => sessionName.endsWith(suffix))
}

/** The role session name a CloudTrail record's request names (AssumeRole's `roleSessionName`). */
export function requestedSessionName(record: Readonly<Record<string, unknown>>): string | undefined {
  const params = record.requestParameters
  const name = params !== null && typeof params === 'object' ? (params as Record<string, unknown>).roleSessionName : undefined
  return typeof name === 'string' ? name : undefined
}
