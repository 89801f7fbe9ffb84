// The tags module's public face: other modules show, filter and move tags through these. (entity-tags.ts is not
// exported: it imports the modules whose entities it checks, and they import this file.)
export * from './schema.js'
export { entityTagSchema, type EntityTag } from './tag-schema.js'
export { tagsOfEntities, entityIdsWithTag, removeEntityTags, moveEntityTags } from './service.js'
