// What other modules may use of the knowledge graph.
export { atoms, atomLinks, atomVersions, atomMessages, topicAtoms, topicVersions, atomTypes, atomLinkTypes } from './schema.js'
export { createAtom, createAtomWith, getAtom, listAtoms, updateAtom, deleteAtom } from './atoms.js'
export type { AtomView, AtomFilters } from './atoms.js'
export { listAtomVersions, getAtomVersion, reviewAtomVersion, diffAtomVersions } from './atom-versions.js'
export { linkAtoms, unlinkAtoms, listAtomLinks } from './links.js'
export type { AtomLinkView } from './links.js'
export {
  listTopicAtoms,
  putAtomInTopic,
  removeAtomFromTopic,
  recordTopicVersion,
  listTopicVersions,
  reviewTopicVersion,
  diffTopicVersions,
} from './topic-atoms.js'
export { diffSnapshots } from './versions.js'
export type { VersionView, FieldChange } from './versions.js'
export { atomInputSchema, atomPatchSchema, atomLinkInputSchema } from './atom-schema.js'
export type { AtomInput, AtomPatch } from './atom-schema.js'
export { embedAtoms } from './atom-embedding.js'
