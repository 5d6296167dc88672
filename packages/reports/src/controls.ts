/** The audit controls a section of the compliance report is evidence for (DOMAIN.md, "What auditors ask"). */
export interface Control {
  id: string;
  framework: 'SOC 2' | 'ISO 27001' | 'PCI DSS 4.0' | 'NIST 800-53';
  title: string;
}

export const CONTROLS = {
  'CC6.1': { id: 'CC6.1', framework: 'SOC 2', title: 'Logical access security over protected information assets' },
  'CC6.2': { id: 'CC6.2', framework: 'SOC 2', title: 'Credentials registered, authorised and reviewed' },
  'CC6.3': { id: 'CC6.3', framework: 'SOC 2', title: 'Access modified or removed promptly' },
  'A.5.17': { id: 'A.5.17', framework: 'ISO 27001', title: 'Authentication information managed over its lifecycle' },
  'A.5.18': { id: 'A.5.18', framework: 'ISO 27001', title: 'Access rights provisioned, reviewed and removed' },
  '8.2.5': { id: '8.2.5', framework: 'PCI DSS 4.0', title: 'Access of terminated users revoked immediately' },
  '8.2.6': { id: '8.2.6', framework: 'PCI DSS 4.0', title: 'Inactive accounts removed or disabled within 90 days' },
  '8.3.9': { id: '8.3.9', framework: 'PCI DSS 4.0', title: 'Authentication factors changed periodically' },
  '8.6.3': { id: '8.6.3', framework: 'PCI DSS 4.0', title: 'System/application credentials protected and rotated' },
  'AC-2': {
    id: 'AC-2',
    framework: 'NIST 800-53',
    title: 'Account management (incl. AC-2(3) inactive, AC-2(12) atypical use)',
  },
  'IA-5': { id: 'IA-5', framework: 'NIST 800-53', title: 'Authenticator management' },
  'AU-6': { id: 'AU-6', framework: 'NIST 800-53', title: 'Audit record review, analysis and reporting' },
} as const satisfies Record<string, Control>;

export type ControlId = keyof typeof CONTROLS;

export const SECTION_IDS = ['inventory', 'violations', 'alerts', 'revocations'] as const;
export type SectionId = (typeof SECTION_IDS)[number];

/** Which controls each section evidences. Printed in every rendering so an auditor sees why a table is there. */
export const SECTION_CONTROLS: Record<SectionId, readonly ControlId[]> = {
  inventory: ['CC6.1', 'CC6.2', 'A.5.17', 'A.5.18', '8.6.3', 'AC-2', 'IA-5'],
  violations: ['CC6.2', 'CC6.3', 'A.5.17', 'A.5.18', '8.2.6', '8.3.9', '8.6.3', 'AC-2', 'IA-5'],
  alerts: ['CC6.1', 'AU-6', 'AC-2'],
  revocations: ['CC6.3', 'A.5.18', '8.2.5', 'AC-2', 'IA-5'],
};

export const SECTION_TITLES: Record<SectionId, string> = {
  inventory: 'Token inventory',
  violations: 'Policy violations',
  alerts: 'Alerts and how each was handled',
  revocations: 'Revocations',
};
