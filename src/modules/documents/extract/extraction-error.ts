// Why a document gave no text: a scan without a text layer, a password, a broken file, a format we do not read.
// The reason is stored on the file (files.error) and shown as is, so it names the cause and what to do.
export type ExtractionFailure = 'no_text' | 'encrypted' | 'broken' | 'unsupported' | 'too_large'

export class ExtractionError extends Error {
  constructor(
    readonly reason: ExtractionFailure,
    message: string,
  ) {
    super(message)
    this.name = 'ExtractionError'
  }
}
