// DOCX to Markdown with mammoth (Word's heading styles become # headings) and turndown for mammoth's HTML.
import { htmlToMarkdown } from './html.js'
import { ExtractionError } from './extraction-error.js'

export async function docxToMarkdown(bytes: Uint8Array): Promise<string> {
  let html: string
  // Loaded on the first DOCX, not by every process that loads the documents module.
  const { default: mammoth } = await import('mammoth')
  try {
    // Images would come back as base64 data URIs, megabytes of noise in the index: they are dropped.
    const result = await mammoth.convertToHtml(
      { buffer: Buffer.from(bytes) },
      { convertImage: mammoth.images.imgElement(async () => ({ src: '' })) },
    )
    html = result.value
  } catch (error) {
    throw new ExtractionError('broken', `The DOCX cannot be read (${(error as Error).message}); is it a Word document?`)
  }
  return htmlToMarkdown(html)
}
