import type { DemoToken, DemoUser, TokenProfile } from './model';
import { NETWORKS, host } from './network';
import type { Random } from './random';
import type { DemoSite } from './records';

const DAY = 86_400_000;

const FIRST = [
  'Anna',
  'Ben',
  'Chloé',
  'David',
  'Emre',
  'Fatima',
  'Greta',
  'Hiro',
  'Ines',
  'Jonas',
  'Kai',
  'Lena',
  'Marek',
  'Nora',
  'Olu',
  'Priya',
  'Quentin',
  'Rosa',
  'Sven',
  'Tomás',
  'Uma',
  'Vik',
  'Wen',
  'Yara',
  'Zoe',
];
const LAST = [
  'Schmidt',
  'Okafor',
  'Dubois',
  'Novak',
  'Yilmaz',
  'Haddad',
  'Lindqvist',
  'Tanaka',
  'García',
  'Weber',
  'Brown',
  'Kowalski',
  'Rossi',
  'Singh',
  'Moreau',
  'Jensen',
  'Silva',
  'Becker',
  'Nakamura',
  'Walsh',
];

export interface Office {
  name: 'frankfurt' | 'london' | 'sanjose';
  office: string;
  homes: readonly string[];
  /** Hours from UTC to local time (standard time; the demo ignores DST). */
  utcOffset: number;
}

export const OFFICES: readonly Office[] = [
  { name: 'frankfurt', office: NETWORKS.frankfurtOffice, homes: NETWORKS.homeDe, utcOffset: 1 },
  { name: 'london', office: NETWORKS.londonOffice, homes: NETWORKS.homeGb, utcOffset: 0 },
  { name: 'sanjose', office: NETWORKS.sanJoseOffice, homes: NETWORKS.homeUs, utcOffset: -8 },
];

export interface Population {
  site: DemoSite;
  admin: DemoUser;
  users: DemoUser[];
  tokens: DemoToken[];
  /** Where each analyst works (for rhythms and home networks). */
  officeOf: Map<string, Office>;
}

const ANALYST_AGENTS = [
  'tableau-server-client/0.30 python-requests/2.31.0',
  'Tableau Prep Builder/2024.2',
  'tabcmd/2.0.14',
  'PowerShell/7.4 TableauServerRestApi/1.2',
];

export function buildPopulation(random: Random, start: number): Population {
  const site: DemoSite = {
    tenantId: random.uuid(),
    tenantName: 'northwind',
    siteLuid: random.uuid(),
    siteName: 'Northwind Analytics',
    siteUri: 'northwindanalytics',
    podUri: 'https://eu-west-1a.online.tableau.com',
  };
  let nextId = 1000;
  const makeUser = (first: string, last: string, role: DemoUser['role'], domain = 'northwind.example'): DemoUser => ({
    luid: random.uuid(),
    id: nextId++,
    email: `${first
      .toLowerCase()
      .normalize('NFD')
      .replace(/[^a-z]/g, '')}.${last
      .toLowerCase()
      .normalize('NFD')
      .replace(/[^a-z]/g, '')}@${domain}`,
    displayName: `${first} ${last}`,
    role,
  });
  const admin = makeUser('Sam', 'Adeyemi', 'SiteAdministratorCreator');
  const users: DemoUser[] = [admin];
  const tokens: DemoToken[] = [];
  const officeOf = new Map<string, Office>();
  const token = (owner: DemoUser, name: string, profile: TokenProfile, ips: string[], ua: string, extra = {}) => {
    // Most tokens predate the demo window; a few are created inside it so their creation is visible too.
    const createdAt =
      (random.chance(0.15) ? start + random.int(1, 5) * DAY : start - random.int(20, 200) * DAY) +
      random.int(7 * 60, 17 * 60) * 60_000 +
      random.int(0, 59_999);
    const t: DemoToken = {
      guid: random.uuid(),
      name,
      owner,
      profile,
      createdAt,
      expiresAt: createdAt + 365 * DAY,
      userAgent: ua,
      ips,
      ...extra,
    };
    tokens.push(t);
    return t;
  };

  // Analysts: one or two tokens each for scripts and Prep flows, office + home network.
  for (let i = 0; i < 24; i++) {
    const office = OFFICES[i % OFFICES.length]!;
    const user = makeUser(FIRST[i % FIRST.length]!, LAST[(i * 7) % LAST.length]!, random.pick(['Creator', 'Explorer']));
    users.push(user);
    officeOf.set(user.luid, office);
    const ips = [host(office.office, random.int(20, 240)), host(random.pick(office.homes), random.int(2, 250))];
    const first = token(
      user,
      `${user.email.split('@')[0]!.replace('.', '-')}-scripts`,
      'analyst',
      ips,
      random.pick(ANALYST_AGENTS),
    );
    if (i % 4 === 0)
      token(user, `${first.name.replace('-scripts', '')}-prep`, 'analyst', ips, 'Tableau Prep Builder/2024.2');
  }

  // CI / automation: service accounts whose jobs run at fixed UTC hours from AWS runners.
  const ci = makeUser('ci', 'automation', 'Creator', 'svc.northwind.example');
  users.push(ci);
  const jobs = [
    'extract-refresh-sales',
    'extract-refresh-finance',
    'publish-workbooks',
    'permissions-sync',
    'usage-export',
    'datasource-certify',
    'backup-content',
    'dbt-docs-publish',
    'schema-drift-check',
    'kpi-snapshot',
  ];
  jobs.forEach((job, j) => {
    const runner = NETWORKS.awsFrankfurt[j % NETWORKS.awsFrankfurt.length]!;
    token(ci, `ci-${job}`, 'ci', [host(runner, 10 + j)], `tableau-server-client/0.${28 + (j % 3)} GitHub-Actions`, {
      runHours: j % 3 === 0 ? [2, 14] : j % 3 === 1 ? [3] : [5, 11, 17, 23],
    });
  });

  // Integrations: always-on servers polling the REST API around the clock.
  const integ = makeUser('integration', 'service', 'Creator', 'svc.northwind.example');
  users.push(integ);
  for (const name of [
    'salesforce-sync',
    'snowflake-lineage',
    'slack-digest',
    'metadata-catalog',
    'okta-scim-audit',
    'servicenow-cmdb',
  ]) {
    token(
      integ,
      name,
      'integration',
      [host(NETWORKS.awsIntegration[0], 30 + tokens.length)],
      'Java/17.0.9 tableau-rest-java/3.1',
    );
  }

  // Reporting: a finance exporter with a busy but regular business-day load.
  const finance = makeUser('Helga', 'Brandt', 'Creator');
  users.push(finance);
  officeOf.set(finance.luid, OFFICES[0]!);
  token(
    finance,
    'finance-report-exporter',
    'reporting',
    [host(NETWORKS.frankfurtOffice, 201)],
    'python-requests/2.31.0 tsc/0.30',
  );

  return { site, admin, users, tokens, officeOf };
}
