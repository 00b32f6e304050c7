/**
 * The bad-input corpus's tables (issue 8), run by bad-input.test.ts through the built CLI:
 * CASES must each exit 2 with one `Error:` line naming the field and value and write nothing;
 * HANDLED is hostile free text that must not crash; ACCEPTED looks odd but is valid.
 * Fixture accounts: A = 111111111111 (source, the caller's), B = 222222222222 (target, the role's).
 */
import { randomBytes } from 'node:crypto'

const A = '111111111111'
const B = '222222222222'
const MODEL = 'amazon.nova-lite-v1:0'
const ROLE = `arn:aws:iam::${B}:role/BedrockAccessRole`
/** A complete, valid set of init/verify flags; each case replaces one of them with a bad value. */
const VALID: Record<string, string> = {
  '--source-account': A,
  '--target-account': B,
  '--region': 'us-east-1',
  '--models': MODEL,
  '--external-id': 'corpus-external-id-7c1d'
}

/** The valid setup flags with some replaced (`undefined` removes a flag), as an argv list. */
function setupArgs(overrides: Record<string, string | undefined> = {}): string[] {
  const merged: Record<string, string | undefined> = { ...VALID, ...overrides }
  return Object.entries(merged).flatMap(([flag, value]) => (value === undefined ? [] : [flag, value]))
}
const initWith = (overrides: Record<string, string | undefined> = {}, ...extra: string[]) => ['init', '--yes', '--out', 'out', ...setupArgs(overrides), ...extra]
const verifyWith = (overrides: Record<string, string | undefined> = {}, ...extra: string[]) => ['verify', '--yes', '--junit', 'report.xml', ...setupArgs(overrides), ...extra]

/** A policy file that is JSON but not a policy. */
const NOT_A_POLICY = JSON.stringify({ name: 'my-package', version: '1.0.0', dependencies: {} })
const configOf = (setups: object[]) => JSON.stringify({ setups })
const configSetup = (name: string) => ({ name, sourceAccountId: A, targetAccountId: B, region: 'us-east-1', models: [MODEL], externalId: 'corpus-external-id-7c1d' })

export interface Case {
  name: string
  args: string[]
  /** Files to create in the temp dir before the run (a function for generated content). */
  files?: Record<string, string | (() => string)>
  /** Extra environment variables. */
  env?: Record<string, string>
  /** Substrings stderr must contain: the field or flag, and the bad value (as quoted). */
  mentions: string[]
  /** Text fed to stdin (default: none, closed). */
  stdin?: string
}

export const CASES: Case[] = [
  // ── account ids ───────────────────────────────────────────────────────────────────────
  { name: 'source account of 11 digits', args: initWith({ '--source-account': '11111111111' }), mentions: ['--source-account', '"11111111111"'] },
  { name: 'source account of 13 digits', args: initWith({ '--source-account': '1111111111111' }), mentions: ['--source-account', '"1111111111111"'] },
  { name: 'non-numeric source account', args: initWith({ '--source-account': 'abcdefghijkl' }), mentions: ['--source-account', '"abcdefghijkl"'] },
  { name: 'target account with a letter', args: initWith({ '--target-account': '22222222222x' }), mentions: ['--target-account', '"22222222222x"'] },
  { name: 'empty source account', args: initWith({ '--source-account': '' }), mentions: ['--source-account'] },
  { name: 'account id with dashes (console format)', args: initWith({ '--source-account': '1111-1111-1111' }), mentions: ['--source-account', '"1111-1111-1111"'] },
  { name: 'negative account id', args: initWith({ '--target-account': '-22222222222' }), mentions: ['--target-account', '"-22222222222"'] },
  // ── role and caller ARNs ──────────────────────────────────────────────────────────────
  { name: 'role ARN of the wrong service', args: initWith({ '--target-account': undefined, '--role-arn': 'arn:aws:s3:::my-bucket' }), mentions: ['--role-arn', '"arn:aws:s3:::my-bucket"'] },
  { name: 'user ARN for the role', args: initWith({ '--target-account': undefined, '--role-arn': `arn:aws:iam::${B}:user/alice` }), mentions: ['--role-arn', `"arn:aws:iam::${B}:user/alice"`] },
  { name: 'policy ARN for the role', args: initWith({ '--target-account': undefined, '--role-arn': `arn:aws:iam::${B}:policy/BedrockAccess` }), mentions: ['--role-arn', 'policy/BedrockAccess'] },
  { name: 'assumed-role ARN for the role', args: initWith({ '--target-account': undefined, '--role-arn': `arn:aws:sts::${B}:assumed-role/BedrockAccessRole/s1` }), mentions: ['--role-arn', 'assumed-role/BedrockAccessRole/s1'] },
  { name: 'role ARN with an unknown partition', args: initWith({ '--target-account': undefined, '--role-arn': `arn:aws-xx:iam::${B}:role/R` }), mentions: ['--role-arn', `"arn:aws-xx:iam::${B}:role/R"`] },
  { name: 'role ARN with a short account', args: initWith({ '--target-account': undefined, '--role-arn': 'arn:aws:iam::22222222222:role/R' }), mentions: ['--role-arn', '"arn:aws:iam::22222222222:role/R"'] },
  { name: 'role name instead of an ARN', args: initWith({ '--target-account': undefined, '--role-arn': 'role/BedrockAccessRole' }), mentions: ['--role-arn', '"role/BedrockAccessRole"'] },
  { name: 'aws-cn role ARN with a us-east-1 region', args: initWith({ '--target-account': undefined, '--role-arn': `arn:aws-cn:iam::${B}:role/R` }), mentions: ['aws-cn', 'us-east-1'] },
  { name: 'caller ARN of the wrong service', args: initWith({}, '--caller', 'arn:aws:s3:::bucket'), mentions: ['--caller', '"arn:aws:s3:::bucket"'] },
  { name: 'caller ARN with a 3-digit account', args: initWith({}, '--caller', 'arn:aws:iam::999:user/x'), mentions: ['--caller', '"arn:aws:iam::999:user/x"'] },
  { name: 'caller kind that does not exist', args: initWith({}, '--caller', 'everyone'), mentions: ['--caller', '"everyone"'] },
  { name: 'oidc caller without a host', args: initWith({}, '--caller', 'oidc:'), mentions: ['--caller', '"oidc:"'] },
  // ── ExternalId ────────────────────────────────────────────────────────────────────────
  { name: 'ExternalId with spaces', args: initWith({ '--external-id': 'my external id' }), mentions: ['--external-id', 'the value is not shown', 'a space at position 3'] },
  { name: 'ExternalId with unicode', args: initWith({ '--external-id': 'clé-secrète-ü' }), mentions: ['--external-id', 'the value is not shown', 'the character "é" at position 3'] },
  { name: 'ExternalId of 1225 characters', args: initWith({ '--external-id': 'x'.repeat(1225) }), mentions: ['--external-id', 'the value is not shown', "more than STS's 1224"] },
  { name: 'ExternalId of 1 character', args: initWith({ '--external-id': 'x' }), mentions: ['--external-id', 'the value is not shown', 'has 1 character'] },
  { name: 'ExternalId with a newline', args: initWith({ '--external-id': 'abc\ndef' }), mentions: ['--external-id', 'the value is not shown', 'a line break at position 4'] },
  // ── source IP CIDRs ───────────────────────────────────────────────────────────────────
  { name: 'CIDR 0.0.0.0/0', args: initWith({}, '--source-ip', '0.0.0.0/0'), mentions: ['--source-ip', '"0.0.0.0/0"'] },
  { name: 'CIDR *', args: initWith({}, '--source-ip', '*'), mentions: ['--source-ip', '"*"'] },
  { name: 'private CIDR 10.0.0.0/8', args: initWith({}, '--source-ip', '10.0.0.0/8'), mentions: ['--source-ip', '"10.0.0.0/8"'] },
  { name: 'CIDR prefix /33', args: initWith({}, '--source-ip', '1.2.3.4/33'), mentions: ['--source-ip', '"1.2.3.4/33"'] },
  { name: 'malformed IPv6', args: initWith({}, '--source-ip', '2001:db8::zz/32'), mentions: ['--source-ip', '"2001:db8::zz/32"'] },
  { name: 'IPv6 loopback', args: initWith({}, '--source-ip', '::1'), mentions: ['--source-ip', '"::1"'] },
  { name: 'IPv6 /0', args: initWith({}, '--source-ip', '::/0'), mentions: ['--source-ip', '"::/0"'] },
  { name: 'legacy short IPv4', args: initWith({}, '--source-ip', '1.2.3'), mentions: ['--source-ip', '"1.2.3"'] },
  { name: 'second of two CIDRs is bad', args: initWith({}, '--source-ip', '203.0.113.0/24,192.168.1.0/24'), mentions: ['--source-ip', '"192.168.1.0/24"'] },
  // ── durations ─────────────────────────────────────────────────────────────────────────
  { name: 'OIDC subject "*" (admits every token)', args: initWith({ '--caller': 'oidc:token.actions.githubusercontent.com' }, '--oidc-subject', '*'), mentions: ['--oidc-subject', '"*"', 'wildcards alone'] },
  { name: 'max session duration 0', args: initWith({}, '--max-session-duration', '0'), mentions: ['--max-session-duration', '"0"'] },
  { name: 'max session duration 899', args: initWith({}, '--max-session-duration', '899'), mentions: ['--max-session-duration', '"899"'] },
  { name: 'max session duration 900 (IAM CreateRole refuses less than 3600)', args: initWith({}, '--max-session-duration', '900'), mentions: ['--max-session-duration', '"900"', '3600 to 43200'] },
  { name: 'max session duration 43201', args: initWith({}, '--max-session-duration', '43201'), mentions: ['--max-session-duration', '"43201"'] },
  { name: 'max session duration "1h"', args: initWith({}, '--max-session-duration', '1h'), mentions: ['--max-session-duration', '"1h"'] },
  { name: 'max session duration -5', args: initWith({}, '--max-session-duration', '-5'), mentions: ['--max-session-duration', '"-5"'] },
  { name: 'max session duration 1e9', args: initWith({}, '--max-session-duration', '1e9'), mentions: ['--max-session-duration', '"1e9"'] },
  { name: 'session duration over the max', args: initWith({}, '--max-session-duration', '3600', '--session-duration', '7200'), mentions: ['--session-duration', '"7200"'] },
  { name: 'sts:DurationSeconds trust condition', args: initWith({}, '--duration-condition', '3600'), mentions: ['--duration-condition', 'sts:DurationSeconds'] },
  // ── regions, models, names ────────────────────────────────────────────────────────────
  { name: 'unknown region', args: initWith({ '--region': 'mars-north-1' }), mentions: ['--region', '"mars-north-1"'] },
  { name: 'region with a typo', args: initWith({ '--region': 'us-east1' }), mentions: ['--region', '"us-east1"'] },
  { name: 'malformed model id', args: initWith({ '--models': 'not a model!!' }), mentions: ['--models', '"not a model!!"'] },
  { name: 'inference profile of an unknown geography', args: initWith({ '--models': 'xx.anthropic.claude-3-5-haiku-20241022-v1:0' }), mentions: ['--models', 'xx.anthropic.claude-3-5-haiku'] },
  { name: 'model ARN of the wrong service', args: initWith({ '--models': 'arn:aws:s3:::models/claude' }), mentions: ['--models', '"arn:aws:s3:::models/claude"'] },
  { name: 'role name with spaces', args: initWith({}, '--role-name', 'Bedrock Access Role'), mentions: ['--role-name', '"Bedrock Access Role"'] },
  { name: 'role path without slashes', args: initWith({}, '--role-path', 'bedrock'), mentions: ['--role-path', '"bedrock"'] },
  { name: 'setup name escaping the out dir', args: initWith({}, '--name', '../escape'), mentions: ['--name', '"../escape"'] },
  { name: 'org prefix with punctuation', args: initWith({}, '--org-prefix', 'acme!'), mentions: ['--org-prefix', '"acme!"'] },
  { name: 'policy kind not among the choices', args: ['init', '--check', 'p.json', '--kind', 'resource'], files: { 'p.json': '{}' }, mentions: ['--kind', "'resource'"] },
  // ── init files ────────────────────────────────────────────────────────────────────────
  { name: 'init --check a file that is not a policy', args: ['init', '--check', 'package.json'], files: { 'package.json': NOT_A_POLICY }, mentions: ['package.json'] },
  { name: 'init --check a missing file', args: ['init', '--check', 'missing.json'], mentions: ['missing.json'] },
  { name: 'init --restore a file that is not a backup', args: ['init', '--restore', 'package.json', '--yes'], files: { 'package.json': NOT_A_POLICY }, mentions: ['--restore', 'package.json'] },
  { name: 'init --restore malformed JSON', args: ['init', '--restore', 'backup.json', '--yes'], files: { 'backup.json': '{"role": ' }, mentions: ['--restore', 'backup.json'] },
  { name: 'init --out inside an existing file', args: initWith({}).map((arg) => (arg === 'out' ? 'taken.txt/out' : arg)), files: { 'taken.txt': 'keep me' }, mentions: ['taken.txt'] },
  { name: 'init --out is an existing file', args: initWith({}).map((arg) => (arg === 'out' ? 'taken.txt' : arg)), files: { 'taken.txt': 'keep me' }, mentions: ['taken.txt'] },
  { name: 'init --force where a later target is a folder (earlier files rolled back)', args: initWith({}, '--force'), files: { 'out/NEXT-STEPS.md/keep': 'not a file target' }, mentions: ['NEXT-STEPS.md', 'directory'] },
  { name: 'init unknown flag', args: initWith({}, '--bogus-flag'), mentions: ["'--bogus-flag'"] },
  { name: 'init --only with no such setup', args: ['init', '--yes', '--config', 'c.json', '--out', 'out', '--only', 'nope'], files: { 'c.json': configOf([configSetup('alpha'), configSetup('beta')]) }, mentions: ['--only', '"nope"'] },
  // ── config file ───────────────────────────────────────────────────────────────────────
  { name: 'config with malformed JSON', args: ['init', '--yes', '--config', 'c.json', '--out', 'out'], files: { 'c.json': '{"setups": [ {"name": "a",, } ]' }, mentions: ['c.json'] },
  { name: 'config with duplicate setup names', args: ['init', '--yes', '--config', 'c.json', '--out', 'out'], files: { 'c.json': configOf([configSetup('prod-chat'), configSetup('prod-chat')]) }, mentions: ['name', '"prod-chat"'] },
  { name: 'config of 10 MB', args: ['init', '--yes', '--config', 'big.json', '--out', 'out'], files: { 'big.json': () => JSON.stringify({ setups: [configSetup('a')], padding: 'x'.repeat(10 * 1024 * 1024) }) }, mentions: ['big.json', 'too large'] },
  {
    name: 'config with an account id as a number',
    args: ['init', '--yes', '--config', 'c.json', '--out', 'out'],
    files: { 'c.json': JSON.stringify({ ...configSetup('a'), sourceAccountId: 111111111111 }) },
    mentions: ['sourceAccountId', '111111111111']
  },
  { name: 'config with a misspelt key', args: ['init', '--yes', '--config', 'c.json', '--out', 'out'], files: { 'c.json': JSON.stringify({ ...configSetup('a'), regoin: 'us-east-1' }) }, mentions: ['regoin'] },
  { name: 'config that is a JSON array of strings', args: ['init', '--yes', '--config', 'c.json', '--out', 'out'], files: { 'c.json': '["us-east-1"]' }, mentions: ['c.json'] },
  { name: 'config that is empty', args: ['init', '--yes', '--config', 'c.json', '--out', 'out'], files: { 'c.json': '' }, mentions: ['c.json'] },
  {
    name: 'config with a bad region in setups[1]',
    args: ['init', '--yes', '--config', 'c.json', '--out', 'out'],
    files: { 'c.json': configOf([configSetup('a'), { ...configSetup('b'), region: 'moon-1' }]) },
    mentions: ['setups[1].region', '"moon-1"']
  },
  { name: 'config with CIDR 0.0.0.0/0', args: ['init', '--yes', '--config', 'c.json', '--out', 'out'], files: { 'c.json': JSON.stringify({ ...configSetup('a'), sourceIpCidrs: ['0.0.0.0/0'] }) }, mentions: ['sourceIpCidrs', '"0.0.0.0/0"'] },
  { name: 'config with a misspelt key (near a real one)', args: ['init', '--yes', '--config', 'c.json', '--out', 'out'], files: { 'c.json': JSON.stringify({ ...configSetup('a'), sourceIps: ['203.0.113.0/24'] }) }, mentions: ['sourceIps'] },
  { name: '--config names a missing file', args: ['init', '--yes', '--config', 'nope.json', '--out', 'out'], mentions: ['--config', '"nope.json"'] },
  { name: '--config names a directory', args: ['init', '--yes', '--config', '.', '--out', 'out'], mentions: ['--config', '"."'] },
  { name: 'config with an empty setups list', args: ['init', '--yes', '--config', 'c.json', '--out', 'out'], files: { 'c.json': '{"setups": []}' }, mentions: ['setups'] },
  { name: 'config with 1001 setups', args: ['init', '--yes', '--config', 'c.json', '--out', 'out'], files: { 'c.json': () => configOf(Array.from({ length: 1001 }, (_, i) => configSetup(`s${i}`))) }, mentions: ['setups', '1001'] },
  {
    name: 'config with a bad value in defaults',
    args: ['init', '--yes', '--config', 'c.json', '--out', 'out'],
    files: { 'c.json': JSON.stringify({ defaults: { region: 'atlantis-1' }, setups: [{ ...configSetup('a'), region: undefined }] }) },
    mentions: ['defaults', '"atlantis-1"']
  },
  {
    name: 'config whose default names collide',
    args: ['init', '--yes', '--config', 'c.json', '--out', 'out'],
    files: {
      'c.json': configOf([
        { ...configSetup('x'), name: undefined },
        { ...configSetup('y'), name: undefined }
      ])
    },
    mentions: ['name', 'duplicate']
  },
  { name: 'config caller object of an unknown kind', args: ['init', '--yes', '--config', 'c.json', '--out', 'out'], files: { 'c.json': JSON.stringify({ ...configSetup('a'), caller: { kind: 'everyone' } }) }, mentions: ['caller', 'everyone'] },
  { name: 'flags that cannot apply to many setups', args: ['init', '--yes', '--config', 'c.json', '--out', 'out', '--source-account', A], files: { 'c.json': configOf([configSetup('a'), configSetup('b')]) }, mentions: ['--source-account'] },
  { name: 'caller role in another account than --source-account', args: initWith({}, '--caller', 'arn:aws:iam::333333333333:role/app'), mentions: ['--caller', '333333333333'] },
  { name: 'role ARN and --target-account disagree', args: initWith({ '--role-arn': `arn:aws:iam::333333333333:role/R` }), mentions: ['--role-arn', '--target-account'] },
  { name: '--models of commas only', args: initWith({ '--models': ',,,' }), mentions: ['--models'] },
  { name: 'empty --source-ip (an unset shell variable)', args: initWith({}, '--source-ip', ''), mentions: ['--source-ip', '""'] },
  { name: 'empty --external-id (an unset shell variable)', args: initWith({ '--external-id': '' }), mentions: ['--external-id', '""'] },
  { name: 'blank --role-arn', args: initWith({ '--target-account': undefined, '--role-arn': '  ' }), mentions: ['--role-arn', '"  "'] },
  { name: 'init --kind without --check', args: ['init', '--check', 'missing-policy.json', '--kind', 'trust'], mentions: ['missing-policy.json'] },
  // ── .env files ────────────────────────────────────────────────────────────────────────
  {
    name: '.env with an unbalanced quote',
    args: ['--env-file', '.env', ...initWith({ '--target-account': undefined })],
    files: { '.env': `BEDROCK_CROSS_ACCOUNT_ROLE_ARN="${ROLE}\nBEDROCK_REGION=us-east-1\n` },
    mentions: ['BEDROCK_CROSS_ACCOUNT_ROLE_ARN']
  },
  { name: '.env with an export prefix and a bad region', args: ['--env-file', '.env', ...initWith({ '--region': undefined })], files: { '.env': 'export BEDROCK_REGION=mars-north-1\n' }, mentions: ['BEDROCK_REGION', '"mars-north-1"'] },
  {
    name: '.env with CRLF and a bad role ARN',
    args: ['--env-file', '.env', ...initWith({ '--target-account': undefined })],
    files: { '.env': `BEDROCK_REGION=us-east-1\r\nBEDROCK_CROSS_ACCOUNT_ROLE_ARN=arn:aws:iam::${B}:user/alice\r\n` },
    mentions: ['BEDROCK_CROSS_ACCOUNT_ROLE_ARN', `"arn:aws:iam::${B}:user/alice"`]
  },
  { name: '.env with a BOM before a bad region', args: ['--env-file', '.env', ...initWith({ '--region': undefined })], files: { '.env': '\uFEFFBEDROCK_REGION=mars-north-1\n' }, mentions: ['BEDROCK_REGION', '"mars-north-1"'] },
  {
    name: '.env with a single-quoted ExternalId holding spaces',
    args: ['--env-file', '.env', ...initWith({ '--external-id': undefined })],
    files: { '.env': "BEDROCK_XACCT_EXTERNAL_ID='has spaces in it'\n" },
    mentions: ['BEDROCK_XACCT_EXTERNAL_ID', 'the value is not shown', 'a space at position 4']
  },
  // Not `--env-file missing.env`: Node 20 itself checks an `--env-file` anywhere in argv, even after
  // the script, and exits 9 ("node: missing.env: not found", "node: sub: invalid format" for a
  // directory) before the CLI runs. The CLI's own message for these is covered by unit tests.
  { name: '.env of 300 KB', args: ['--env-file', '.env', ...initWith()], files: { '.env': () => `PADDING=${'x'.repeat(300_000)}\n` }, mentions: ['--env-file', '".env"'] },
  // ── lint ──────────────────────────────────────────────────────────────────────────────
  { name: 'lint a file that is not JSON', args: ['lint', 'notes.txt'], files: { 'notes.txt': 'Version: 2012-10-17\nAllow everything' }, mentions: ['notes.txt'] },
  { name: 'lint a JSON file that is not a policy', args: ['lint', 'package.json'], files: { 'package.json': NOT_A_POLICY }, mentions: ['package.json'] },
  { name: 'lint a policy whose Statement is a string', args: ['lint', 'p.json'], files: { 'p.json': '{"Version":"2012-10-17","Statement":"allow all"}' }, mentions: ['p.json', 'Statement'] },
  { name: 'lint a JSON array', args: ['lint', 'p.json'], files: { 'p.json': '[]' }, mentions: ['p.json'] },
  { name: 'lint a JSON string with a broken URL encoding', args: ['lint', 'p.json'], files: { 'p.json': '"%7B%22Version%ZZ"' }, mentions: ['p.json'] },
  { name: 'lint --json a missing file (no partial document)', args: ['--json', 'lint', 'missing.json'], mentions: ['missing.json'] },
  { name: 'init --json with a bad account (no partial document)', args: ['--json', ...initWith({ '--source-account': '123' })], mentions: ['--source-account', '"123"'] },
  { name: 'verify --json with --concurrency 0 (no partial document)', args: ['--json', ...verifyWith({}, '--concurrency', '0')], mentions: ['--concurrency', '"0"'] },
  { name: 'explain --json with a bad --source-ip', args: ['--json', 'explain', '--source-ip', '1.2.3', 'AccessDenied'], mentions: ['--source-ip', '"1.2.3"'] },
  { name: 'config whose JSON error quotes control characters', args: ['init', '--yes', '--config', 'c.json', '--out', 'out'], files: { 'c.json': '\u0000\r\u001b[31m' }, mentions: ['c.json', 'not valid JSON'] },
  { name: 'lint a missing file', args: ['lint', 'missing.json'], mentions: ['missing.json'] },
  { name: 'lint a directory', args: ['lint', '.'], mentions: ['"."'] },
  {
    name: 'lint --models with a bad model',
    args: ['lint', 'p.json', '--models', 'bad model!'],
    files: { 'p.json': '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"bedrock:InvokeModel","Resource":"*"}]}' },
    mentions: ['--models', '"bad model!"']
  },
  { name: 'lint a 10 MB file', args: ['lint', 'big.json'], files: { 'big.json': () => JSON.stringify({ Version: '2012-10-17', Statement: [], Padding: 'x'.repeat(10 * 1024 * 1024) }) }, mentions: ['big.json'] },
  { name: 'lint a policy with an empty Statement list', args: ['lint', 'p.json'], files: { 'p.json': '{"Version":"2012-10-17","Statement":[]}' }, mentions: ['p.json'] },
  { name: 'lint without a file', args: ['lint'], mentions: ["'policy.json'"] },
  // ── verify ────────────────────────────────────────────────────────────────────────────
  { name: 'verify --trail-timeout garbage', args: verifyWith({}, '--trail-timeout', 'soon'), mentions: ['--trail-timeout', '"soon"'] },
  { name: 'verify --trail-timeout negative', args: verifyWith({}, '--trail-timeout', '-5m'), mentions: ['--trail-timeout', '"-5m"'] },
  { name: 'verify --concurrency 0', args: verifyWith({}, '--concurrency', '0'), mentions: ['--concurrency', '"0"'] },
  { name: 'verify --concurrency -1', args: verifyWith({}, '--concurrency', '-1'), mentions: ['--concurrency', '"-1"'] },
  { name: 'verify --concurrency abc', args: verifyWith({}, '--concurrency', 'abc'), mentions: ['--concurrency', '"abc"'] },
  { name: 'verify --concurrency 2.5', args: verifyWith({}, '--concurrency', '2.5'), mentions: ['--concurrency', '"2.5"'] },
  { name: 'verify with a user ARN for the role', args: verifyWith({ '--target-account': undefined, '--role-arn': `arn:aws:iam::${B}:user/alice` }), mentions: ['--role-arn', 'user/alice'] },
  { name: 'verify --session-duration "1h"', args: verifyWith({}, '--session-duration', '1h'), mentions: ['--session-duration', '"1h"'] },
  { name: 'verify with an unknown region', args: verifyWith({ '--region': 'eu-middle-9' }), mentions: ['--region', '"eu-middle-9"'] },
  { name: 'verify --junit names a directory', args: verifyWith({}).map((arg) => (arg === 'report.xml' ? 'sub' : arg)), files: { 'sub/keep': '' }, mentions: ['--junit', '"sub"'] },
  { name: 'verify --junit in a missing directory', args: verifyWith({}).map((arg) => (arg === 'report.xml' ? 'no/such/dir/report.xml' : arg)), mentions: ['--junit', '"no/such/dir/report.xml"'] },
  { name: 'verify --trail-timeout over a day', args: verifyWith({}, '--trail-timeout', '25h'), mentions: ['--trail-timeout', '"25h"'] },
  { name: 'verify --concurrency without a value', args: ['verify', '--concurrency'], mentions: ['--concurrency'] },
  // ── explain ───────────────────────────────────────────────────────────────────────────
  { name: 'explain --source-ip not an address', args: ['explain', '--source-ip', '999.1.1.1', 'AccessDenied'], mentions: ['--source-ip', '"999.1.1.1"'] },
  { name: 'explain --role-arn of the wrong service', args: ['explain', '--role-arn', 'arn:aws:s3:::b', 'AccessDenied'], mentions: ['--role-arn', '"arn:aws:s3:::b"'] },
  { name: 'explain --source-account of 3 digits', args: ['explain', '--source-account', '123', 'AccessDenied'], mentions: ['--source-account', '"123"'] },
  { name: 'explain --trust a file that is not a policy', args: ['explain', '--trust', 'package.json', 'AccessDenied'], files: { 'package.json': NOT_A_POLICY }, mentions: ['--trust', 'package.json'] },
  { name: 'explain --identity malformed JSON', args: ['explain', '--identity', 'p.json', 'AccessDenied'], files: { 'p.json': '{"Version":' }, mentions: ['--identity', 'p.json'] },
  { name: 'explain --from-trail --since garbage', args: ['explain', '--from-trail', '--since', 'yesterday'], mentions: ['--since', '"yesterday"'] },
  { name: 'explain --external-id with spaces', args: ['explain', '--external-id', 'has spaces', 'AccessDenied'], mentions: ['--external-id', 'the value is not shown', 'a space at position 4'] },
  { name: 'explain --side not among the choices', args: ['explain', '--side', 'middle', 'AccessDenied'], mentions: ['--side', "'middle'"] },
  { name: 'explain --inference-profile malformed', args: ['explain', '--inference-profile', 'zz.not-a-profile', 'AccessDenied'], mentions: ['--inference-profile', '"zz.not-a-profile"'] },
  {
    name: 'explain --trust a 10 MB file',
    args: ['explain', '--trust', 'big.json', 'AccessDenied'],
    files: { 'big.json': () => JSON.stringify({ Version: '2012-10-17', Statement: [], Padding: 'x'.repeat(10 * 1024 * 1024) }) },
    mentions: ['--trust', 'big.json']
  },
  { name: 'explain --permissions a missing file', args: ['explain', '--permissions', 'nope.json', 'AccessDenied'], mentions: ['--permissions', 'nope.json'] },
  { name: 'explain --scp that is a JSON array', args: ['explain', '--scp', 'scp.json', 'AccessDenied'], files: { 'scp.json': '[1,2,3]' }, mentions: ['--scp', 'scp.json'] },
  { name: 'explain with an unknown region', args: ['--region', 'nowhere-1', 'explain', 'AccessDenied'], mentions: ['--region', '"nowhere-1"'] },
  // ── trail ─────────────────────────────────────────────────────────────────────────────
  { name: 'trail --since garbage', args: ['trail', '--role-arn', ROLE, '--region', 'us-east-1', '--since', 'last week'], mentions: ['--since', '"last week"'] },
  { name: 'trail --since beyond 90 days', args: ['trail', '--role-arn', ROLE, '--region', 'us-east-1', '--since', '100d'], mentions: ['--since', '"100d"'] },
  { name: 'trail with a user ARN for the role', args: ['trail', '--role-arn', `arn:aws:iam::${B}:user/x`, '--region', 'us-east-1'], mentions: ['--role-arn', `"arn:aws:iam::${B}:user/x"`] },
  { name: 'trail --max-pages 0', args: ['trail', '--role-arn', ROLE, '--region', 'us-east-1', '--max-pages', '0'], mentions: ['--max-pages', '"0"'] },
  { name: 'trail --max-pages abc', args: ['trail', '--role-arn', ROLE, '--region', 'us-east-1', '--max-pages', 'abc'], mentions: ['--max-pages', '"abc"'] },
  { name: 'trail --only with no such setup', args: ['trail', '--config', 'c.json', '--only', 'nope'], files: { 'c.json': configOf([configSetup('alpha'), configSetup('beta')]) }, mentions: ['--only', 'nope'] },
  { name: 'verify --only with no such setup', args: ['verify', '--yes', '--config', 'c.json', '--only', 'nope'], files: { 'c.json': configOf([configSetup('alpha'), configSetup('beta')]) }, mentions: ['--only', '"nope"'] },
  { name: 'trail --account not among the choices', args: ['trail', '--role-arn', ROLE, '--account', 'mine'], mentions: ['--account', "'mine'"] },
  { name: 'trail with an unknown region', args: ['trail', '--role-arn', ROLE, '--region', 'xx-1'], mentions: ['--region', '"xx-1"'] },
  // ── demo and sandbox ──────────────────────────────────────────────────────────────────
  { name: 'demo --trail-delay abc', args: ['demo', '--trail-delay', 'abc'], mentions: ['--trail-delay', '"abc"'] },
  { name: 'demo --trail-delay -1', args: ['demo', '--trail-delay', '-1'], mentions: ['--trail-delay', '"-1"'] },
  { name: 'demo unknown flag', args: ['demo', '--fast'], mentions: ["'--fast'"] },
  { name: 'sandbox --port 99999', args: ['sandbox', '--port', '99999'], mentions: ['--port', '"99999"'] },
  { name: 'sandbox --port abc', args: ['sandbox', '--port', 'abc'], mentions: ['--port', '"abc"'] },
  { name: 'sandbox --port -1', args: ['sandbox', '--port', '-1'], mentions: ['--port', '"-1"'] },
  { name: 'sandbox --port already in use', args: ['sandbox', '--port', '{BUSY_PORT}'], mentions: ['--port', '"{BUSY_PORT}"', 'in use'] },
  { name: 'sandbox --world missing', args: ['sandbox', '--world', 'missing.json'], mentions: ['--world', 'missing.json'] },
  { name: 'sandbox --world malformed JSON', args: ['sandbox', '--world', 'w.json'], files: { 'w.json': '{"accounts": [' }, mentions: ['--world', 'w.json', 'not valid JSON'] },
  { name: 'sandbox --world not a world', args: ['sandbox', '--world', 'w.json'], files: { 'w.json': NOT_A_POLICY }, mentions: ['--world', 'w.json'] },
  { name: 'sandbox --world a directory', args: ['sandbox', '--world', '.'], mentions: ['--world', '"."'] },
  // ── global ────────────────────────────────────────────────────────────────────────────
  { name: 'unknown command', args: ['setup'], mentions: ["'setup'"] },
  { name: 'unknown global flag', args: ['--verbose', 'lint', 'p.json'], mentions: ["'--verbose'"] }
]

/** Inputs that look unusual but are valid: they must be accepted (exit 0). */
export interface AcceptedCase {
  name: string
  args: string[]
  files?: Record<string, string>
  /** Substrings stdout must contain. */
  expect: string[]
}

export const ACCEPTED: AcceptedCase[] = [
  {
    name: 'aws-cn role ARN in cn-north-1',
    args: ['init', '--yes', '--json', ...setupArgs({ '--target-account': undefined, '--region': 'cn-north-1', '--role-arn': `arn:aws-cn:iam::${B}:role/BedrockAccessRole` })],
    expect: [`arn:aws-cn:iam::${A}:root`, `arn:aws-cn:iam::${B}:role/BedrockAccessRole`]
  },
  {
    name: 'aws-us-gov role ARN and role caller in us-gov-west-1',
    args: ['init', '--yes', '--json', ...setupArgs({ '--target-account': undefined, '--region': 'us-gov-west-1', '--role-arn': `arn:aws-us-gov:iam::${B}:role/BedrockAccessRole` }), '--caller', `arn:aws-us-gov:iam::${A}:role/app`],
    expect: [`arn:aws-us-gov:iam::${A}:role/app`, 'arn:aws-us-gov:bedrock:us-gov-west-1']
  },
  { name: 'public IPv6 CIDR and a bare IPv4 address', args: ['init', '--yes', '--json', ...setupArgs(), '--source-ip', '2001:db8::/32,203.0.113.7'], expect: ['2001:db8::/32', '203.0.113.7/32'] },
  { name: 'durations at both bounds', args: ['init', '--yes', '--json', ...setupArgs(), '--max-session-duration', '43200', '--session-duration', '900'], expect: ['43200'] },
  // --show-secrets: the ExternalId is printed only then (else `<redacted>`), so the whole value can be checked.
  { name: 'ExternalId of 2 and of 1224 characters', args: ['init', '--yes', '--json', '--show-secrets', ...setupArgs({ '--external-id': `a-${'b'.repeat(1222)}` })], expect: [`"a-${'b'.repeat(1222)}"`] },
  {
    name: 'config file with a BOM',
    args: ['init', '--yes', '--json', '--config', 'c.json'],
    files: { 'c.json': `\uFEFF${JSON.stringify(configSetup('bom-setup'))}` },
    expect: ['bom-setup']
  },
  {
    name: '.env with BOM, export prefix, CRLF and quotes',
    args: ['--env-file', '.env', 'init', '--yes', '--json', ...setupArgs({ '--target-account': undefined, '--region': undefined })],
    files: { '.env': `\uFEFFexport BEDROCK_CROSS_ACCOUNT_ROLE_ARN="${ROLE}"\r\nBEDROCK_REGION='eu-west-1'\r\n` },
    expect: [ROLE, 'eu-west-1']
  }
]

/**
 * Hostile input that is not a usage error: explain's message is free text, so garbage is "not
 * recognized" (exit 1). It must still end quickly, without a stack trace, and never echo raw control
 * characters (a pasted escape sequence must not drive the terminal).
 */
export interface HandledCase {
  name: string
  args: string[]
  stdin?: string
  exit: number
}

export const HANDLED: HandledCase[] = [
  { name: 'explain 1 MB of random bytes on stdin', args: ['explain'], stdin: randomBytes(1024 * 1024).toString('latin1'), exit: 1 },
  { name: 'explain "User: " repeated two million times on stdin', args: ['explain'], stdin: 'User: '.repeat(2_000_000), exit: 1 },
  {
    name: 'explain a message with terminal escape sequences',
    args: ['explain', '\u001b[2J\u001b[31mUser: arn:aws:iam::111111111111:user/\u001b]0;pwned\u0007alice is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::222222222222:role/R'],
    exit: 1
  },
  // NUL cannot travel in argv; stdin carries it.
  { name: 'explain --json with NUL and CR bytes on stdin', args: ['--json', 'explain'], stdin: 'User: arn:aws:iam::111111111111:user/a\u0000b\r is not authorized to perform: sts:AssumeRole\r\n', exit: 1 }
]
