// Every domain module, in mounting order. Adding a module is one line here.
import type { SignalboxModule } from './module.js'
import './providers.js'
import { messagesModule } from './messages/module.js'
import { importersModule } from './importers/module.js'
import { pipelineModule } from './pipeline/module.js'
import { searchModule } from './search/module.js'
import { llmModule } from './llm/module.js'
import { notificationsModule } from './notifications/module.js'
import { localAnalyserModule } from './local-analyser/module.js'
import { noiseModule } from './noise/module.js'
import { topicsModule } from './topics/module.js'
import { experimentsModule } from './experiments/module.js'
import { analysisModule } from './analysis/module.js'
import { tasksModule } from './tasks/module.js'
import { projectsModule } from './projects/module.js'
import { knowledgeModule } from './knowledge/module.js'
import { identityModule } from './identity/module.js'
import { settingsModule } from './settings/module.js'
import { webModule } from './web/module.js'
import { sourcesModule } from './sources/module.js'
import { webhooksModule } from './webhooks/module.js'
import { connectorsModule } from './connectors/module.js'
import { assistantModule } from './assistant/module.js'
import { proactiveModule } from './proactive/module.js'
import { emailModule } from './email/module.js'
import { notesModule } from './notes/module.js'
import { listsModule } from './lists/module.js'
import { tagsModule } from './tags/module.js'
import { peopleModule } from './people/module.js'
import { meetingsModule } from './meetings/module.js'
import { documentsModule } from './documents/module.js'

export const allModules: SignalboxModule[] = [
  messagesModule,
  importersModule,
  pipelineModule,
  searchModule,
  llmModule,
  notificationsModule,
  localAnalyserModule,
  noiseModule,
  topicsModule,
  experimentsModule,
  analysisModule,
  tasksModule,
  projectsModule,
  knowledgeModule,
  identityModule,
  settingsModule,
  sourcesModule,
  webhooksModule,
  connectorsModule,
  assistantModule,
  proactiveModule,
  emailModule,
  notesModule,
  listsModule,
  tagsModule,
  peopleModule,
  meetingsModule,
  documentsModule,
  webModule,
]
