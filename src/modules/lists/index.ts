// What other modules may use of lists.
export { lists, listItems, listKinds } from './schema.js'
export { createList, getList, findList, listLists, addListItem, listListItems, updateListItem, deleteListItem } from './lists-service.js'
export type { ListView, ListItemView } from './list-schema.js'
