import { describe, expect, it } from 'vitest'
import { nonInteractivePrompter, scriptedPrompter } from './prompts.js'

describe('prompts', () => {
  it('without a TTY a question is a usage error naming its flag', async () => {
    const prompter = nonInteractivePrompter()
    await expect(prompter.input({ message: 'Role name?', flag: '--role-name' })).rejects.toMatchObject({
      code: 'usage',
      exitCode: 2,
      field: '--role-name'
    })
  })

  it('scripted answers run the question validation and record what was asked', async () => {
    const prompter = scriptedPrompter({ '--region': 'us-east-1', '--role-name': 'bad name' })
    expect(await prompter.input({ message: 'Region?', flag: '--region' })).toBe('us-east-1')
    await expect(prompter.input({ message: 'Role?', flag: '--role-name', validate: (v) => (v.includes(' ') ? 'no spaces' : true) })).rejects.toThrow(/no spaces/)
    expect(prompter.asked).toEqual(['--region', '--role-name'])
  })
})
