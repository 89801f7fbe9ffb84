// HTML to Markdown with turndown: h1-h6 become # headings; page chrome (scripts, styles, navigation, footers) is
// left out so a saved web page indexes its article, not its menus.
import TurndownService from 'turndown'

const turndown = new TurndownService({ headingStyle: 'atx', codeBlockStyle: 'fenced', bulletListMarker: '-' })
turndown.remove(['script', 'style', 'noscript', 'nav', 'footer', 'iframe', 'form', 'button'])
// Links keep their text only: URLs add tokens but no meaning for search, and images have none to give.
turndown.addRule('plainLinks', { filter: 'a', replacement: (content) => content })
turndown.addRule('noImages', { filter: 'img', replacement: () => '' })

export function htmlToMarkdown(html: string): string {
  return turndown
    .turndown(html)
    .replace(/\n{3,}/g, '\n\n')
    .trim()
}
