// What other modules may use of topics.
export { classifyTopicsLocally, tokenize } from './local-classifier.js'
export { listTopics, getTopic, createTopic, updateTopic, deleteTopic, type TopicView, type CreateTopicInput } from './service.js'
export {
  classifyMessages,
  predictTopics,
  topicsForClassifier,
  topicsWithLabelledExamples,
  type ClassifyMessagesResult,
} from './classify.js'
export { getMessageTopic, setMessageTopicLabel, listLabelledMessages, type LabelledMessage, type MessageTopicView } from './labels.js'
export { normaliseColor, pickColor } from './colors.js'
export { topics, messageTopicLabels } from './schema.js'
export { classifyWithModel, type ModelClassification } from './model-classification.js'
