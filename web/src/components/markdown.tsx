// Rendered Markdown (notes; anything people write): `marked` turns it into HTML and DOMPurify removes whatever could
// run (script, event handlers, javascript: links, raw <iframe>/<style>) before React puts it in the page.
import { useMemo } from 'react'
import { marked } from 'marked'
import DOMPurify from 'dompurify'
import './markdown.css'

export function renderMarkdown(source: string): string {
  const html = marked.parse(source, { async: false, gfm: true, breaks: false })
  return DOMPurify.sanitize(html, { USE_PROFILES: { html: true } })
}

export function Markdown({ source, label }: { source: string; label?: string }) {
  const html = useMemo(() => renderMarkdown(source), [source])
  return <div className="markdown" aria-label={label} dangerouslySetInnerHTML={{ __html: html }} />
}
