// Splits a text into chunks for embedding and full-text ranking. Short texts (most chat messages) stay whole;
// long ones are cut on paragraph, then sentence, then word boundaries, packed up to maxTokens, and each chunk
// repeats the last sentences of the previous one (overlap) so a fact that straddles a cut is still found.
// Markdown headings give chunks their heading, heading_path and level (seed 2 file_chunks).
// Every step is linear in the text: tokens are counted on bounded pieces and a word longer than a chunk is cut
// into pieces of maxWordChars (a 1,000,000-character word once froze the server, issue 18 item 2).
import { countTokensBounded as countTokens } from '../../lib/token-count.js'
import type { TextRange } from './email-quotes.js'

export type ChunkDraft = {
  chunkIndex: number
  text: string
  tokenCount: number
  heading: string | null
  headingPath: string | null
  level: number
  charStart: number
  charEnd: number
}

export type ChunkOptions = { maxTokens: number; overlapTokens: number }
/** ~300 tokens keeps a chunk inside every embedding model's window and one idea per chunk. */
export const defaultChunkOptions: ChunkOptions = { maxTokens: 300, overlapTokens: 40 }

type Unit = { start: number; end: number; tokens: number }
type Section = { start: number; end: number; heading: string | null; headingPath: string | null; level: number }

/** Chunks `text`, reading only the `ranges` of it that should be indexed (default: all of it). */
export function chunkText(text: string, ranges?: TextRange[], options: ChunkOptions = defaultChunkOptions): ChunkDraft[] {
  const kept = ranges ?? [{ start: 0, end: text.length }]
  const chunks: ChunkDraft[] = []
  for (const section of findSections(text)) {
    const units: Unit[] = []
    for (const range of kept) {
      const start = Math.max(range.start, section.start)
      const end = Math.min(range.end, section.end)
      if (end > start) units.push(...splitIntoUnits(text, start, end, options.maxTokens))
    }
    for (const packed of packUnits(units, options)) {
      const first = packed[0]
      const last = packed[packed.length - 1]
      const body = joinUnits(text, packed)
      if (!body) continue
      chunks.push({
        chunkIndex: chunks.length,
        text: body,
        tokenCount: packed.reduce((sum, u) => sum + u.tokens, 0),
        heading: section.heading,
        headingPath: section.headingPath,
        level: section.level,
        charStart: first.start,
        charEnd: last.end,
      })
    }
  }
  return chunks
}

/** Sections start at markdown headings; text before the first heading is level 0 (the document). */
function findSections(text: string): Section[] {
  const headingLine = /^(#{1,6})[ \t]+(.+?)[ \t#]*$/gm
  const sections: Section[] = []
  const stack: Array<{ level: number; title: string }> = []
  let current: Section = { start: 0, end: text.length, heading: null, headingPath: null, level: 0 }
  const fences = fencedCodeRanges(text)
  for (const match of text.matchAll(headingLine)) {
    // "# install it" inside a fenced code block is a shell comment, not a heading.
    if (fences.some((fence) => match.index >= fence.start && match.index < fence.end)) continue
    current.end = match.index
    if (current.end > current.start) sections.push(current)
    const level = match[1].length
    while (stack.length && stack[stack.length - 1].level >= level) stack.pop()
    stack.push({ level, title: match[2] })
    current = {
      start: match.index,
      end: text.length,
      heading: match[2],
      headingPath: stack.map((s) => s.title).join(' > '),
      level: Math.min(level, 3),
    }
  }
  sections.push(current)
  return sections
}

/** Where the Markdown's fenced code blocks (``` or ~~~ up to the same fence, or the end) lie. */
function fencedCodeRanges(text: string): Array<{ start: number; end: number }> {
  const ranges: Array<{ start: number; end: number }> = []
  let open: { start: number; fence: string } | null = null
  for (const line of text.matchAll(/^[ \t]{0,3}(`{3,}|~{3,}).*$/gm)) {
    if (!open) open = { start: line.index, fence: line[1] }
    else if (line[1][0] === open.fence[0] && line[1].length >= open.fence.length && line[0].trim() === line[1]) {
      ranges.push({ start: open.start, end: line.index + line[0].length })
      open = null
    }
  }
  if (open) ranges.push({ start: open.start, end: text.length })
  return ranges
}

/** Paragraphs; a paragraph over the limit becomes sentences; a sentence over the limit becomes word windows. */
function splitIntoUnits(text: string, start: number, end: number, maxTokens: number): Unit[] {
  const units: Unit[] = []
  for (const paragraph of matchesIn(text, start, end, /\S[\s\S]*?(?=\n[ \t]*\n|$)/g)) {
    const tokens = countTokens(text.slice(paragraph.start, paragraph.end))
    if (tokens <= maxTokens) {
      units.push({ ...paragraph, tokens })
      continue
    }
    for (const sentence of matchesIn(text, paragraph.start, paragraph.end, /\S[^\n.!?]*(?:[.!?]+(?=\s|$)|\n|$)/g)) {
      const sentenceTokens = countTokens(text.slice(sentence.start, sentence.end))
      if (sentenceTokens <= maxTokens) units.push({ ...sentence, tokens: sentenceTokens })
      else units.push(...wordWindows(text, sentence.start, sentence.end, maxTokens))
    }
  }
  return units
}

/** A "word" longer than this (a base64 blob, a hash, a hostile unbroken string) is windowed in pieces. */
const maxWordChars = 64

function wordWindows(text: string, start: number, end: number, maxTokens: number): Unit[] {
  const words = matchesIn(text, start, end, /\S+/g).flatMap((word) => splitLongWord(text, word))
  const units: Unit[] = []
  let from = 0
  while (from < words.length) {
    let to = from
    let tokens = 0
    while (to < words.length) {
      const wordTokens = countTokens(text.slice(words[to].start, words[to].end)) + 1
      if (to > from && tokens + wordTokens > maxTokens) break
      tokens += wordTokens
      to++
    }
    units.push({ start: words[from].start, end: words[to - 1].end, tokens })
    from = to
  }
  return units
}

/** Pieces of at most maxWordChars, never cutting a surrogate pair (half of one cannot be stored). */
function splitLongWord(text: string, word: { start: number; end: number }): Array<{ start: number; end: number }> {
  if (word.end - word.start <= maxWordChars) return [word]
  const pieces: Array<{ start: number; end: number }> = []
  for (let at = word.start; at < word.end;) {
    let end = Math.min(at + maxWordChars, word.end)
    const last = text.charCodeAt(end - 1)
    if (end < word.end && last >= 0xd800 && last <= 0xdbff) end--
    pieces.push({ start: at, end })
    at = end
  }
  return pieces
}

/** Greedy packing; each new chunk starts with the previous chunk's trailing units up to overlapTokens. */
function packUnits(units: Unit[], options: ChunkOptions): Unit[][] {
  const packs: Unit[][] = []
  let current: Unit[] = []
  let tokens = 0
  let fresh = 0 // units in `current` that no earlier chunk holds
  for (const unit of units) {
    if (current.length && tokens + unit.tokens > options.maxTokens) {
      packs.push(current)
      const overlap: Unit[] = []
      let overlapTokens = 0
      for (let i = current.length - 1; i > 0; i--) {
        if (overlapTokens + current[i].tokens > options.overlapTokens) break
        overlap.unshift(current[i])
        overlapTokens += current[i].tokens
      }
      if (overlapTokens + unit.tokens > options.maxTokens) {
        overlap.length = 0
        overlapTokens = 0
      }
      current = overlap
      tokens = overlapTokens
      fresh = 0
    }
    current.push(unit)
    tokens += unit.tokens
    fresh++
  }
  if (current.length && fresh > 0) packs.push(current)
  return packs
}

function joinUnits(text: string, units: Unit[]): string {
  let out = ''
  for (let i = 0; i < units.length; i++) {
    const piece = text.slice(units[i].start, units[i].end).trim()
    if (!piece) continue
    if (out) out += /\n/.test(text.slice(units[i - 1].end, units[i].start)) ? '\n\n' : ' '
    out += piece
  }
  return out
}

function matchesIn(text: string, start: number, end: number, pattern: RegExp): Array<{ start: number; end: number }> {
  const slice = text.slice(start, end)
  const out: Array<{ start: number; end: number }> = []
  for (const match of slice.matchAll(pattern)) {
    const trimmed = match[0].trimEnd()
    if (trimmed) out.push({ start: start + match.index, end: start + match.index + trimmed.length })
  }
  return out
}
