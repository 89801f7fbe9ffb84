// Slack export (folder or .zip).
import { ImportFileError, type ImportParser } from './import-types.js'

export const parseSlackExport: ImportParser = async function* (input) {
  throw new ImportFileError(input, '-', 'Slack import is not implemented yet')
}
