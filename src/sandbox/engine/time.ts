/** AWS's timestamp format (XML members, aws:CurrentTime, STS messages): ISO 8601 to the second, `Z`. */
export function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z')
}
