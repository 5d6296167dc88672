export { createKafka, ensureTopics, type KafkaOptions, type TopicSpec } from './kafka';
export { TOPICS } from './topics';
