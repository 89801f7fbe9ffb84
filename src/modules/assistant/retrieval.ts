// The passages an answer may cite: hybrid search over the workspace's messages, numbered in rank order.
import type { ServiceContext } from '../../lib/context.js'
import { hybridSearch, type SearchFilters, type SearchHit } from '../search/index.js'
import type { Citation } from './schema.js'

export type Passage = { n: number; hit: SearchHit; text: string }

/** Message text beyond this is cut: one long email should not take the whole context budget. */
const maximumPassageCharacters = 2000

/** The `limit` best messages for the query (fewer when fewer match), numbered from 1. */
export async function retrievePassages(
  ctx: ServiceContext,
  input: { query: string; filters?: SearchFilters; limit: number },
): Promise<Passage[]> {
  if (!/[\p{L}\p{N}]/u.test(input.query)) return []
  const page = await hybridSearch(ctx, { ...input.filters, q: input.query, k: input.limit })
  return page.items.map((hit, index) => ({ n: index + 1, hit, text: passageText(hit) }))
}

/** A Markdown heading line (notes and documents start with one). Flattened as it was, "# Title ..." made the whole
 * passage one line that the local analyser's code filter reads as a shell comment and drops, so a note could never
 * be cited without a model; the heading's words, followed by a colon, keep it prose. */
const markdownHeading = /^ {0,3}#{1,6}[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*$/gm

function passageText(hit: SearchHit): string {
  const content = hit.content.replace(markdownHeading, '$1:').replace(/\s+/g, ' ').trim()
  return content.length > maximumPassageCharacters ? `${content.slice(0, maximumPassageCharacters)}…` : content
}

/** What a reader needs to open a cited message. */
export function citationFor(passage: Passage, quote?: string): Citation {
  const { hit } = passage
  return {
    n: passage.n,
    messageId: hit.messageId,
    conversationId: hit.conversationId,
    conversationTitle: hit.conversationTitle,
    sourceType: hit.sourceType,
    authorName: hit.author?.displayName ?? null,
    sentAt: hit.sentAt,
    quote: (quote ?? hit.snippet ?? passage.text).slice(0, 300),
    section: hit.chunk.headingPath ?? null,
  }
}

/** The [n] markers of an answer that name a passage, in order of first use. */
export function citedNumbers(answer: string, passageCount: number): number[] {
  const seen: number[] = []
  for (const match of answer.matchAll(/\[(\d{1,3}(?:\s*,\s*\d{1,3})*)\]/g)) {
    for (const part of match[1].split(',')) {
      const n = Number(part.trim())
      if (n >= 1 && n <= passageCount && !seen.includes(n)) seen.push(n)
    }
  }
  return seen
}
