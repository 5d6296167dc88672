/** Topic names used across services. Messages on auth-events are keyed by token id. */
export const TOPICS = {
  authEvents: 'auth-events',
  deadLetter: 'auth-events-dlq',
  alerts: 'token-alerts',
} as const;
