// A document-level summary through the one LLM call path: the `summarisation` task answered by the workspace's
// model when one is assigned, else by the local analyser (no key, no network). The document's paragraphs are the
// task's "messages", headings left out (they are labels, not sentences). A folder pass asks once whether a model is
// assigned and then calls the local rules directly, as email triage does, instead of logging a local call per file.
import type { ServiceContext } from '../../lib/context.js'
import { runTask, taskHasRemoteAgent, type BuiltinTaskOutput } from '../llm/index.js'
import { runLocalTask } from '../local-analyser/index.js'

/** Whether summaries go to a model (asked once per batch of files). */
export const summariesUseModel = (ctx: ServiceContext) => taskHasRemoteAgent(ctx, 'summarisation')

/** Enough of a long document for a summary without sending a whole book to a paid model. */
const maxParagraphs = 200
const maxChars = 40_000

export async function summariseDocument(
  ctx: ServiceContext,
  input: { fileId: string; markdown: string; useModel?: boolean },
): Promise<string> {
  const paragraphs: Array<{ id: string; content: string }> = []
  let chars = 0
  for (const block of input.markdown.split(/\n{2,}/)) {
    const text = block.trim()
    if (!text || /^#{1,6}\s/.test(text) || /^\|/.test(text)) continue
    if (paragraphs.length >= maxParagraphs || chars + text.length > maxChars) break
    paragraphs.push({ id: String(paragraphs.length), content: text })
    chars += text.length
  }
  if (paragraphs.length === 0) return ''
  const output =
    input.useModel === false
      ? await runLocalTask('summarisation', { messages: paragraphs })
      : ((await runTask(ctx, { task: 'summarisation', input: { messages: paragraphs }, purpose: 'document-summary' }))
          .output as BuiltinTaskOutput<'summarisation'>)
  // Some documents have no sentence the summariser can weigh (lists of short items): their opening stands in.
  return output.summary.trim() || leadText(paragraphs.map((p) => p.content).join(' '))
}

function leadText(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim()
  return flat.length <= 300 ? flat : `${flat.slice(0, flat.lastIndexOf(' ', 300))} …`
}
