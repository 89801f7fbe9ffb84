import { readFileSync } from 'node:fs'
import { runLocalTask } from '../src/modules/local-analyser/index.js'
for (const line of readFileSync(process.argv[2], 'utf8').split('\n')) {
  if (!line.trim()) continue
  const c = JSON.parse(line)
  const { tasks } = await runLocalTask('task_extraction', { messages: c.messages })
  for (const t of tasks) {
    const hit = c.action_items.some((a: any) => a.source_message_ids.some((id: string) => t.source_message_ids.includes(id)))
    console.log(hit ? 'HIT ' : 'MISS', t.confidence, t.priority, t.reasoning)
  }
}
