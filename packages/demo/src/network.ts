/**
 * Real, public address ranges of large ISPs and cloud providers, so offline IP data resolves them to a
 * plausible ASN, country and city (documentation ranges like 203.0.113.0/24 would resolve to nothing).
 */
export const NETWORKS = {
  frankfurtOffice: '93.192.14', // Deutsche Telekom AS3320, Frankfurt, DE
  londonOffice: '86.133.22', // BT AS2856, GB
  sanJoseOffice: '73.162.10', // Comcast AS7922, California, US
  homeDe: ['79.214.3', '217.86.140', '79.214.71'], // Deutsche Telekom consumer, DE
  homeGb: ['81.2.69', '86.133.90'], // GB consumer
  homeUs: ['24.5.6', '73.162.88'], // Comcast consumer, US
  awsFrankfurt: ['3.120.10', '18.196.3', '35.158.4'], // AWS AS16509 eu-central-1 (CI runners)
  awsIntegration: ['52.58.2'], // AWS eu-central-1 (integration servers)
  // Incident sources
  moscowIsp: '95.31.4', // RU
  podolskIsp: '5.8.16', // RU
  curitibaIsp: '177.42.8', // BR
  singaporeIsp: '118.200.3', // SG
} as const;

export function host(prefix24: string, last: number): string {
  return `${prefix24}.${last}`;
}
