// Email: .mbox and .eml.
import { ImportFileError, type ImportParser } from './import-types.js'

export const parseEmail: ImportParser = async function* (input) {
  throw new ImportFileError(input, '-', 'Email import is not implemented yet')
}
