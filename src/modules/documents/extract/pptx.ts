// PPTX to Markdown: a presentation is a zip of slide XML parts (ECMA-376 PresentationML). Each slide becomes a
// section headed by its title placeholder (or "Slide N"), its paragraphs in shape order, then its speaker notes.
// jszip opens the package and xmldom parses the XML; we only map the drawing model's paragraphs (a:p / a:t).
import JSZip from 'jszip'
import { DOMParser } from '@xmldom/xmldom'

// xmldom implements the DOM's Element (its types are the DOM library's).
type XmlElement = Element
import { ExtractionError } from './extraction-error.js'

const drawingNs = 'http://schemas.openxmlformats.org/drawingml/2006/main'
const presentationNs = 'http://schemas.openxmlformats.org/presentationml/2006/main'

export async function pptxToMarkdown(bytes: Uint8Array): Promise<string> {
  let zip: JSZip
  try {
    zip = await JSZip.loadAsync(bytes)
  } catch (error) {
    throw new ExtractionError('broken', `The PPTX cannot be read (${(error as Error).message}); is it a PowerPoint file?`)
  }
  const slideNumber = (name: string) => Number(/slide(\d+)\.xml$/.exec(name)?.[1] ?? 0)
  const slides = Object.keys(zip.files)
    .filter((name) => /^ppt\/slides\/slide\d+\.xml$/.test(name))
    .sort((a, b) => slideNumber(a) - slideNumber(b))
  if (slides.length === 0) throw new ExtractionError('broken', 'The PPTX has no slides (ppt/slides/ is missing); is it a PowerPoint file?')
  const sections: string[] = []
  for (const slidePath of slides) {
    const xml = parseXml(await zip.file(slidePath)!.async('string'))
    const { title, paragraphs } = slideText(xml)
    const notes = await slideNotes(zip, slidePath)
    const lines = [`# ${title ?? `Slide ${slideNumber(slidePath)}`}`, ...paragraphs]
    if (notes.length) lines.push('', 'Notes:', ...notes)
    sections.push(lines.join('\n\n'))
  }
  return sections.join('\n\n')
}

function parseXml(text: string) {
  return new DOMParser().parseFromString(text, 'text/xml')
}

function paragraphText(paragraph: XmlElement): string {
  const runs = paragraph.getElementsByTagNameNS(drawingNs, 't')
  let text = ''
  for (let i = 0; i < runs.length; i++) text += runs[i].textContent ?? ''
  return text.trim()
}

function isTitleShape(shape: XmlElement): boolean {
  const placeholders = shape.getElementsByTagNameNS(presentationNs, 'ph')
  const type = placeholders.length ? placeholders[0].getAttribute('type') : null
  return type === 'title' || type === 'ctrTitle'
}

function slideText(xml: ReturnType<typeof parseXml>): { title: string | null; paragraphs: string[] } {
  let title: string | null = null
  const paragraphs: string[] = []
  const shapes = xml.getElementsByTagNameNS(presentationNs, 'sp')
  const titleShapes = new Set<XmlElement>()
  for (let i = 0; i < shapes.length; i++) {
    if (title === null && isTitleShape(shapes[i])) {
      titleShapes.add(shapes[i])
      const ps = shapes[i].getElementsByTagNameNS(drawingNs, 'p')
      title =
        Array.from({ length: ps.length }, (_, j) => paragraphText(ps[j]))
          .filter(Boolean)
          .join(' ') || null
    }
  }
  const all = xml.getElementsByTagNameNS(drawingNs, 'p')
  const rowsDone = new Set<XmlElement>()
  for (let i = 0; i < all.length; i++) {
    const paragraph = all[i]
    if ([...titleShapes].some((shape) => isInside(paragraph, shape))) continue
    // A table cell's paragraphs are written once per row, cells side by side, as a Markdown table row.
    const row = ancestorNamed(paragraph, 'tr')
    if (row) {
      if (rowsDone.has(row)) continue
      rowsDone.add(row)
      const cells = row.getElementsByTagNameNS(drawingNs, 'tc')
      const texts = Array.from({ length: cells.length }, (_, j) => {
        const ps = cells[j].getElementsByTagNameNS(drawingNs, 'p')
        return Array.from({ length: ps.length }, (_, k) => paragraphText(ps[k]))
          .filter(Boolean)
          .join(' ')
      })
      paragraphs.push(`| ${texts.join(' | ')} |`)
      continue
    }
    const text = paragraphText(paragraph)
    if (text) paragraphs.push(text)
  }
  return { title, paragraphs }
}

function ancestorNamed(node: XmlElement, localName: string): XmlElement | null {
  for (let current = node.parentNode; current; current = current.parentNode) {
    const element = current as XmlElement
    if (element.localName === localName && element.namespaceURI === drawingNs) return element
  }
  return null
}

function isInside(node: XmlElement, ancestor: XmlElement): boolean {
  for (let current = node.parentNode; current; current = current.parentNode) if (current === ancestor) return true
  return false
}

/** The notes part is found through the slide's relationships (slideN.xml.rels), as PowerPoint links it. */
async function slideNotes(zip: JSZip, slidePath: string): Promise<string[]> {
  const relsPath = slidePath.replace(/slides\/(slide\d+\.xml)$/, 'slides/_rels/$1.rels')
  const rels = zip.file(relsPath)
  if (!rels) return []
  const target = /Target="\.\.\/notesSlides\/(notesSlide\d+\.xml)"/.exec(await rels.async('string'))?.[1]
  const notes = target ? zip.file(`ppt/notesSlides/${target}`) : null
  if (!notes) return []
  const xml = parseXml(await notes.async('string'))
  const result: string[] = []
  const shapes = xml.getElementsByTagNameNS(presentationNs, 'sp')
  for (let i = 0; i < shapes.length; i++) {
    // The notes page repeats the slide image and its number; only the body placeholder holds the speaker's notes.
    const ph = shapes[i].getElementsByTagNameNS(presentationNs, 'ph')
    if (!ph.length || ph[0].getAttribute('type') !== 'body') continue
    const ps = shapes[i].getElementsByTagNameNS(drawingNs, 'p')
    for (let j = 0; j < ps.length; j++) {
      const text = paragraphText(ps[j])
      if (text) result.push(text)
    }
  }
  return result
}
