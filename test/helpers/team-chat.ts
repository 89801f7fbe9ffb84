// A small team chat (two Slack-like channels) ingested and indexed for assistant tests, and a remote assistant
// agent pointed at the fake OpenAI server. The messages are written for these tests; each states one fact.
import type { ServiceContext } from '../../src/lib/context.js'
import { ingestMessages } from '../../src/modules/messages/index.js'
import { embedAllPending, indexMessages } from '../../src/modules/pipeline/index.js'
import { createProvider } from '../../src/modules/llm/providers.js'
import { createAgent } from '../../src/modules/llm/agents.js'

export const teamChat = {
  ops: [
    ['ops-1', 'ada', '2026-01-05T09:00:00Z', 'Morning! Coffee machine on floor 3 is fixed.'],
    ['ops-2', 'bob', '2026-01-05T09:05:00Z', 'The production deploy failed: the database migration timed out after 30 seconds.'],
    ['ops-3', 'ada', '2026-01-05T09:07:00Z', 'I will roll back the release and raise the migration timeout to five minutes.'],
    ['ops-4', 'cy', '2026-01-05T09:30:00Z', 'Kubernetes node pool is running out of memory, pods are being evicted.'],
    ['ops-5', 'bob', '2026-01-06T10:00:00Z', 'Renewed the TLS certificate for api.example.com, it expires in March next year.'],
    ['ops-6', 'cy', '2026-01-06T11:00:00Z', 'Grafana dashboard for latency is here, p95 went up after Tuesday.'],
  ],
  sales: [
    ['sales-1', 'dee', '2026-02-01T09:00:00Z', 'Acme Corp signed the annual contract, invoice goes out on Friday.'],
    ['sales-2', 'eve', '2026-02-01T09:10:00Z', 'Customer Globex asked for a refund because the onboarding was confusing.'],
    ['sales-3', 'dee', '2026-02-02T15:00:00Z', 'Pricing page needs a new enterprise tier with single sign-on.'],
    ['sales-4', 'eve', '2026-02-03T12:00:00Z', 'Lunch is at noon, pizza again.'],
  ],
} as const

export async function ingestTeamChat(ctx: ServiceContext): Promise<void> {
  for (const [conversation, rows] of Object.entries(teamChat)) {
    const result = await ingestMessages(ctx, {
      source: { type: 'slack', name: 'team' },
      messages: rows.map(([externalId, author, sentAt, content]) => ({
        externalId,
        conversation: { externalId: conversation, title: `#${conversation}` },
        author: { externalId: author, displayName: author.toUpperCase() },
        sentAt,
        content,
      })),
    })
    await indexMessages(ctx, result.changedMessageIds)
  }
  await embedAllPending(ctx)
}

export async function messageIdOf(ctx: ServiceContext, externalId: string): Promise<string> {
  const [row] = await ctx.database.query<{ id: string }>('SELECT id FROM messages WHERE workspace_id = $1 AND external_id = $2', [
    ctx.workspaceId,
    externalId,
  ])
  return row.id
}

/** An assistant agent on the fake server; returns its id. */
export async function configureRemoteAssistant(ctx: ServiceContext, baseUrl: string, modelName = 'gpt-4o-mini'): Promise<string> {
  const provider = await createProvider(ctx, {
    name: `fake-${Math.random().toString(36).slice(2, 8)}`,
    type: 'openai_compatible',
    baseUrl,
    apiKey: 'sk-test',
  })
  const agent = await createAgent(ctx, { name: 'assistant', role: 'assistant', providerId: provider.id, modelName, temperature: 0.2 })
  return agent.id
}

/** A speech-to-text agent (role 'transcriber') on the fake server; returns its id. */
export async function configureTranscriber(
  ctx: ServiceContext,
  baseUrl: string,
  apiKey = 'sk-speech',
  modelName = 'whisper-1',
): Promise<string> {
  const provider = await createProvider(ctx, {
    name: `speech-${Math.random().toString(36).slice(2, 8)}`,
    type: 'openai_compatible',
    baseUrl,
    apiKey,
  })
  const agent = await createAgent(ctx, { name: 'transcriber', role: 'transcriber', providerId: provider.id, modelName })
  return agent.id
}

/** The [n] the assistant's prompt gave the passage containing `needle` (reads the system message the fake got). */
export function passageNumberIn(body: { messages: Array<{ role: string; content: string }> }, needle: string): number | null {
  const system = body.messages
    .filter((m) => m.role === 'system')
    .map((m) => m.content)
    .join('\n')
  const line = system.split('\n').find((l) => l.includes(needle))
  const match = line?.match(/^\[(\d+)\]/)
  return match ? Number(match[1]) : null
}
