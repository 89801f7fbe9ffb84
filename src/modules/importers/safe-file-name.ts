// A file name from outside (an upload, a zip entry) made safe to write under a folder of ours.
import path from 'node:path'

/** Keeps the original name (parsers name sources and errors after it) but nothing that could escape the folder. */
export function safeFileName(name: string): string {
  const base = path
    .basename(name)
    .replace(/[^\w.\-@+ ]/g, '_')
    .slice(0, 200)
  return base && base !== '.' && base !== '..' ? base : 'upload'
}
