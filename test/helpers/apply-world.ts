/**
 * The in-memory AWS init --apply tests start from. Accounts: A = 111111111111 (user app-caller is
 * the caller and the default credentials; user admin, an administrator, is profile `a-admin`),
 * B = 222222222222 (user admin, an administrator, is profile `b-admin`). No role yet.
 */
import { ACCOUNT_A, ACCOUNT_B, MemoryAws } from './memory-aws.js'

const ADMINISTRATOR = 'arn:aws:iam::aws:policy/AdministratorAccess'

export function applyWorld(now = new Date('2026-11-23T08:00:00.000Z')): MemoryAws {
  const aws = new MemoryAws({ now: () => now })
  aws.addUser(ACCOUNT_A, 'app-caller', { profile: 'default' })
  aws.addUser(ACCOUNT_A, 'admin', { profile: 'a-admin', attachedPolicyArns: [ADMINISTRATOR] })
  aws.addUser(ACCOUNT_B, 'admin', { profile: 'b-admin', attachedPolicyArns: [ADMINISTRATOR] })
  return aws
}
