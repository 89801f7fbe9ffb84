// Seed 002 tasks.source of a task made from a proposal: the type of the source its messages came from
// (a meeting transcript's task is 'meeting', a triaged e-mail's 'email'); 'analysis' when the proposal names none.
import type { SourceType } from '../sources/index.js'
import type { TaskSource } from './schema.js'

const sourceOfType: Partial<Record<SourceType, TaskSource>> = {
  email: 'email',
  meetings: 'meeting',
  telegram: 'telegram',
  slack: 'slack',
  chatwoot: 'chatwoot',
  github: 'github',
  files: 'document',
  notes: 'note',
}

export function taskSourceOfSourceType(type: SourceType | null | undefined): TaskSource {
  return (type && sourceOfType[type]) || 'analysis'
}
