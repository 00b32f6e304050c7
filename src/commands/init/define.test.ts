/** argv → options for init (commander wiring of the shared setup flags and init's own). */
import { Command } from 'commander'
import { describe, expect, it } from 'vitest'
import { defineInit } from './define.js'
import * as setupFlags from '../shared/setup-options.js'

function parse(argv: string[]): Record<string, unknown> {
  const program = new Command().exitOverride().option('--region <region>')
  const init = defineInit(program, setupFlags).action(() => undefined)
  init.exitOverride()
  program.parse(['init', ...argv], { from: 'user' })
  return init.opts()
}

describe('init flags', () => {
  const cases: [string, string[], Record<string, unknown>][] = [
    ['repeatable models', ['--models', 'a.b,c.d', '--models', 'e.f'], { models: ['a.b,c.d', 'e.f'] }],
    ['repeatable source IPs', ['--source-ip', '203.0.113.0/24', '--source-ip', '198.51.100.1'], { sourceIp: ['203.0.113.0/24', '198.51.100.1'] }],
    ['--no-streaming', ['--no-streaming'], { streaming: false }],
    ['--streaming', ['--streaming'], { streaming: true }],
    ['booleans', ['--marketplace', '--cloudtrail-lookup', '--force'], { marketplace: true, cloudtrailLookup: true, force: true }],
    [
      'OIDC',
      ['--caller', 'oidc:token.actions.githubusercontent.com', '--oidc-subject', 'repo:o/r:*', '--oidc-audience', 'sts.amazonaws.com'],
      { caller: ['oidc:token.actions.githubusercontent.com'], oidcSubject: ['repo:o/r:*'], oidcAudience: ['sts.amazonaws.com'] }
    ],
    ['OIDC groups, one per flag (commas kept)', ['--oidc-group', 'team-ai-*', '--oidc-group', 'cn=ai,ou=teams'], { oidcGroup: ['team-ai-*', 'cn=ai,ou=teams'] }],
    [
      'apply flags',
      ['--apply', '--dry-run', '--target-profile', 'b', '--source-profile', 'a', '--managed-policy', '--show-secrets', '--allow-weaker-trust'],
      { apply: true, dryRun: true, targetProfile: 'b', sourceProfile: 'a', managedPolicy: true, showSecrets: true, allowWeakerTrust: true }
    ],
    ['restore', ['--restore', 'backup.json'], { restore: 'backup.json' }],
    ['destroy and vendor mode (issue 19)', ['--destroy', '--dry-run', '--third-party-caller'], { destroy: true, dryRun: true, thirdPartyCaller: true }],
    ['duration condition (refused later, with the reason)', ['--duration-condition', '3600'], { durationCondition: '3600' }],
    ['check with kind', ['--check', 'p.json', '--kind', 'trust'], { check: 'p.json', kind: 'trust' }]
  ]
  it.each(cases)('%s', (_name, argv, expected) => {
    expect(parse(argv)).toMatchObject(expected)
  })

  it('leaves streaming unset by default, so a config file can turn it off', () => {
    expect(parse([]).streaming).toBeUndefined()
  })

  it('rejects an unknown --kind', () => {
    expect(() => parse(['--check', 'p.json', '--kind', 'scp'])).toThrow()
  })
})
