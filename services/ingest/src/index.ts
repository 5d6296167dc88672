export { startIngestConsumer, type IngestConsumer, type IngestConsumerOptions } from './consumer';
export { createKafkaIntake } from './kafka-intake';
export { CollectorEnv, loadCollectorEnv, startKafkaCollector } from './collector';
export { processMessage, deadLetterId, encodeRaw, type StepResult, type NormaliseFns } from './step';
export { createIngestMetrics, type IngestMetrics } from './metrics';
export { IngestEnv, loadIngestEnv } from './env';
export { runIngest } from './run';
