// The contract of the built-in LLM tasks: what each receives and the JSON it must return.
// Both the remote providers (via response_schema) and the local analyser answer against these schemas.
import { z } from 'zod'

const messageInput = z.object({
  id: z.string(),
  author: z.string().nullable().optional(),
  isBot: z.boolean().optional(),
  sentAt: z.string().optional(),
  content: z.string(),
})

export const noiseClassificationValues = ['signal', 'noise', 'spam', 'low_quality', 'high_quality'] as const
export const taskPriorityValues = ['low', 'medium', 'high', 'critical'] as const
export const taskCategoryValues = ['bug', 'feature', 'improvement', 'question', 'chore'] as const
export const atomTypeValues = ['problem', 'solution', 'decision', 'question', 'insight', 'pattern', 'requirement'] as const
export const recommendationValues = ['new_task', 'update_existing', 'merge', 'reject'] as const
export const emailCategoryValues = ['actionable', 'informational', 'promotional', 'junk'] as const

export const builtinTasks = {
  noise_scoring: {
    input: z.object({ messages: z.array(messageInput) }),
    output: z.object({
      results: z.array(
        z.object({
          id: z.string(),
          importance_score: z.number().min(0).max(1),
          noise_classification: z.enum(noiseClassificationValues),
          factors: z.record(z.string(), z.number()),
        }),
      ),
    }),
  },
  topic_classification: {
    input: z.object({
      topics: z.array(
        z.object({
          id: z.string(),
          name: z.string(),
          description: z.string().nullable().optional(),
          keywords: z.array(z.string()).optional(),
        }),
      ),
      messages: z.array(messageInput),
    }),
    output: z.object({
      results: z.array(z.object({ id: z.string(), topic_id: z.string().nullable(), confidence: z.number().min(0).max(1) })),
    }),
  },
  task_extraction: {
    input: z.object({
      project: z
        .object({ name: z.string(), keywords: z.array(z.string()).optional(), glossary: z.record(z.string(), z.string()).optional() })
        .nullable()
        .optional(),
      existingTasks: z.array(z.object({ id: z.string(), title: z.string() })).optional(),
      messages: z.array(messageInput),
    }),
    output: z.object({
      tasks: z.array(
        z.object({
          title: z.string().min(1),
          description: z.string(),
          priority: z.enum(taskPriorityValues),
          category: z.enum(taskCategoryValues),
          tags: z.array(z.string()),
          sub_tasks: z.array(z.string()),
          source_message_ids: z.array(z.string()).min(1),
          due_date: z.string().nullable(),
          assignee: z.string().nullable(),
          confidence: z.number().min(0).max(1),
          reasoning: z.string(),
          recommendation: z.enum(recommendationValues),
        }),
      ),
    }),
  },
  atom_extraction: {
    input: z.object({ messages: z.array(messageInput) }),
    output: z.object({
      atoms: z.array(
        z.object({
          type: z.enum(atomTypeValues),
          title: z.string().min(1),
          content: z.string(),
          confidence: z.number().min(0).max(1),
          source_message_ids: z.array(z.string()).min(1),
          tags: z.array(z.string()),
        }),
      ),
    }),
  },
  summarisation: {
    input: z.object({ messages: z.array(messageInput) }),
    output: z.object({ summary: z.string(), key_points: z.array(z.string()) }),
  },
  answer_with_citations: {
    input: z.object({
      question: z.string(),
      passages: z.array(z.object({ id: z.string(), text: z.string(), source: z.string().optional() })),
    }),
    output: z.object({
      answer: z.string(),
      citations: z.array(z.object({ passage_id: z.string(), quote: z.string().optional() })),
      confidence: z.number().min(0).max(1),
    }),
  },
  triage_email: {
    input: z.object({
      email: z.object({
        id: z.string(),
        from: z.string().nullable(),
        fromName: z.string().nullable().optional(),
        to: z.array(z.string()).optional(),
        subject: z.string(),
        sentAt: z.string().optional(),
        /** The headers that tell bulk mail from personal mail (List-Id, List-Unsubscribe, Precedence, Auto-Submitted ...). */
        headers: z.record(z.string(), z.string()).optional(),
        text: z.string(),
      }),
      /** How earlier mail of the same sender was triaged. */
      senderHistory: z
        .object({ total: z.number(), actionable: z.number(), informational: z.number(), promotional: z.number(), junk: z.number() })
        .nullable()
        .optional(),
    }),
    output: z.object({
      category: z.enum(emailCategoryValues),
      confidence: z.number().min(0).max(1),
      reasoning: z.string(),
      deadlines: z.array(z.object({ text: z.string(), date: z.string().nullable(), type: z.string() })),
      contacts: z.array(z.object({ name: z.string(), context: z.string() })),
      action_items: z.array(z.string()),
      summary: z.string(),
    }),
  },
  meeting_summary: {
    input: z.object({
      title: z.string(),
      /** The meeting's date (ISO), so relative deadlines ("by Friday") can be read. */
      recordedAt: z.string().optional(),
      turns: z.array(z.object({ id: z.string(), speaker: z.string().nullable(), startSeconds: z.number().nullable(), text: z.string() })),
    }),
    output: z.object({
      summary: z.string(),
      attendees: z.array(z.object({ name: z.string(), role: z.string().nullable() })),
      decisions: z.array(z.string()),
      topics: z.array(z.string()),
      action_items: z.array(
        z.object({
          task: z.string().min(1),
          assignee: z.string().nullable(),
          /** The deadline as said ("by Friday", "next week") or an ISO date; null when none was named. */
          deadline: z.string().nullable(),
          source_turn_ids: z.array(z.string()),
        }),
      ),
    }),
  },
} as const

export type BuiltinTaskKey = keyof typeof builtinTasks
export type BuiltinTaskInput<K extends BuiltinTaskKey> = z.infer<(typeof builtinTasks)[K]['input']>
export type BuiltinTaskOutput<K extends BuiltinTaskKey> = z.infer<(typeof builtinTasks)[K]['output']>

/** JSON Schema of a task's output, for response_format and ajv. */
export function builtinResponseSchema(key: BuiltinTaskKey): Record<string, unknown> {
  return z.toJSONSchema(builtinTasks[key].output) as Record<string, unknown>
}
