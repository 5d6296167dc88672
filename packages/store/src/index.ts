export type { EventStore, EventQuery, EventCursor } from './events';
