// Rendered Markdown (notes; anything people write). Raw HTML inside the Markdown is shown as text, never parsed (an
// <img onerror> reached the browser's HTML parser inside the sanitiser, where only the CSP stopped its handler), and
// DOMPurify then removes what Markdown itself can produce that could run (javascript: links) before React inserts it.
import { useMemo } from 'react'
import { Marked } from 'marked'
import DOMPurify from 'dompurify'
import './markdown.css'

const escapeHtml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;')

const markdown = new Marked({ gfm: true, renderer: { html: ({ text }) => escapeHtml(text) } })

export function renderMarkdown(source: string): string {
  return DOMPurify.sanitize(markdown.parse(source, { async: false }), { USE_PROFILES: { html: true } })
}

export function Markdown({ source, label }: { source: string; label?: string }) {
  const html = useMemo(() => renderMarkdown(source), [source])
  return <div className="markdown" aria-label={label} dangerouslySetInnerHTML={{ __html: html }} />
}
