// Turns a model's reply into validated JSON: extraction from prose or code fences, then ajv against the task schema.
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js'

// zod's toJSONSchema writes draft 2020-12; `$schema` is dropped so hand-written draft-07 schemas compile too.
const ajv = new Ajv2020({ allErrors: true, strict: false })
const compiled = new Map<string, ValidateFunction>()

/** Parses the first JSON object or array in a reply (models wrap JSON in fences or sentences despite instructions). */
export function extractJson(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  const trimmed = text.trim()
  try {
    return { ok: true, value: JSON.parse(trimmed) }
  } catch {
    // fall through to extraction
  }
  const fenced = /```(?:json)?\s*([\s\S]*?)```/i.exec(trimmed)
  if (fenced) {
    try {
      return { ok: true, value: JSON.parse(fenced[1]) }
    } catch {
      // try the bracket scan below
    }
  }
  const start = trimmed.search(/[{[]/)
  if (start >= 0) {
    const end = scanBalanced(trimmed, start)
    if (end > start) {
      try {
        return { ok: true, value: JSON.parse(trimmed.slice(start, end + 1)) }
      } catch (error) {
        return { ok: false, error: `Malformed JSON: ${(error as Error).message}` }
      }
    }
  }
  return { ok: false, error: 'The reply contains no JSON object' }
}

/** Index of the bracket closing the one at `start`, skipping strings; -1 when unbalanced. */
function scanBalanced(text: string, start: number): number {
  let depth = 0
  let inString = false
  for (let i = start; i < text.length; i++) {
    const c = text[i]
    if (inString) {
      if (c === '\\') i++
      else if (c === '"') inString = false
    } else if (c === '"') inString = true
    else if (c === '{' || c === '[') depth++
    else if (c === '}' || c === ']') {
      depth--
      if (depth === 0) return i
    }
  }
  return -1
}

export function validateAgainstSchema(schema: Record<string, unknown>, value: unknown): string[] {
  const key = JSON.stringify(schema)
  let validate = compiled.get(key)
  if (!validate) {
    validate = ajv.compile(withoutMetaSchema(schema))
    if (compiled.size > 200) compiled.clear()
    compiled.set(key, validate)
  }
  if (validate(value)) return []
  return (validate.errors ?? []).slice(0, 10).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`)
}

/** Extract + validate in one step; `errors` empty means `value` is valid. */
export function parseModelReply(schema: Record<string, unknown>, text: string): { value?: unknown; errors: string[] } {
  const extracted = extractJson(text)
  if (!extracted.ok) return { errors: [extracted.error] }
  const errors = validateAgainstSchema(schema, extracted.value)
  return { value: extracted.value, errors }
}

export function withoutMetaSchema(schema: Record<string, unknown>): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = schema
  return rest
}
