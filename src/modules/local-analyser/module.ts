// The local-analyser module's contributions to the shells (see src/modules/module.ts): one offline CLI command.
// Its main use is as a library: the LLM layer calls runLocalTask for the `local` provider.
import type { SignalboxModule } from '../module.js'
import { registerLocalTaskCommand } from './local-task-command.js'

export const localAnalyserModule: SignalboxModule = { name: 'local-analyser', commands: registerLocalTaskCommand }
