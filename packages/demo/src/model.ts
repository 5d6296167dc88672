import type { DetectorId } from '@tokenwatch/schema';

export interface DemoOptions {
  /** End of the demo period (epoch ms); the newest events happen shortly before it. */
  end: number;
  /** Days of history before `end` (the detectors need a learning period and a 30-day dormancy). */
  days?: number;
  seed?: number;
}

/** A person or a service that holds tokens. */
export interface DemoUser {
  luid: string;
  /** Tableau's integer user id on the site. */
  id: number;
  email: string;
  displayName: string;
  role: 'Creator' | 'Explorer' | 'SiteAdministratorCreator';
}

export type TokenProfile = 'analyst' | 'ci' | 'integration' | 'reporting';

export interface DemoToken {
  guid: string;
  name: string;
  owner: DemoUser;
  profile: TokenProfile;
  createdAt: number;
  expiresAt: number;
  userAgent: string;
  /** Usual networks: the first is the main one. */
  ips: string[];
  /** UTC hours at which a CI token's jobs run. */
  runHours?: number[];
}

/** An anomaly injected on purpose, which the named detector should report. */
export interface DemoIncident {
  detector: DetectorId;
  token_guid: string;
  token_name: string;
  /** Epoch ms of the event that should raise the alert. */
  at: number;
  description: string;
}

/** One Tableau Cloud Activity Log record (flat JSON, as the S3 export writes it). */
export type ActivityRecord = Record<string, string | number | null>;

export interface DemoFile {
  /** Relative path, Tableau-like: tableau-cloud/activity-log/date=YYYY-MM-DD/events.json */
  path: string;
  /** NDJSON: one record per line. */
  content: string;
  records: number;
}

export interface Demo {
  files: DemoFile[];
  tokens: DemoToken[];
  incidents: DemoIncident[];
  records: number;
}
