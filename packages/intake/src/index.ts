export type { IntakeRecord, IntakeRejection, IntakeResult, RecordIntake } from './intake';
