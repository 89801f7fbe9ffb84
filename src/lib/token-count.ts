// Token counting (gpt-tokenizer, o200k) that stays linear in the text's length. The tokenizer's byte-pair merge
// is superlinear in the length of one pre-tokenized piece, and a piece is a run of letters (or of spaces) with no
// break: one 1,000,000-character word froze the server for minutes (issue 18 item 2: 0.9 s at 16k characters,
// 6.9 s at 64k). Long runs are counted in slices (over-counting by at most a token or two per slice), very long ones estimated.
import { countTokens } from 'gpt-tokenizer'

/** Longest run of one character class handed to the tokenizer whole; real words and URLs are shorter. */
export const maxTokenizerRunChars = 64

const longRun = new RegExp(`\\S{${maxTokenizerRunChars + 1},}|\\s{${maxTokenizerRunChars + 1},}`, 'g')

export function countTokensBounded(text: string): number {
  if (!text) return 0
  longRun.lastIndex = 0
  if (!longRun.test(text)) return countTokens(text)
  let total = 0
  let from = 0
  longRun.lastIndex = 0
  for (const match of text.matchAll(longRun)) {
    if (match.index > from) total += countTokens(text.slice(from, match.index))
    total += countRunInSlices(match[0])
    from = match.index + match[0].length
  }
  if (from < text.length) total += countTokens(text.slice(from))
  return total
}

/** Runs longer than this are estimated from their first part (a base64 blob or a 1 MB word has no more meaning
 * per character further on), which keeps the cost of any text linear with a small constant. */
const sampledRunChars = 2048

function countRunInSlices(run: string): number {
  const counted = Math.min(run.length, sampledRunChars)
  let total = 0
  for (let i = 0; i < counted; i += maxTokenizerRunChars) total += countTokens(run.slice(i, Math.min(i + maxTokenizerRunChars, counted)))
  return counted === run.length ? total : Math.ceil((total * run.length) / counted)
}
