/**
 * Who answers for the baseline controls the kit does not map itself (`lib/nag/ism-controls.ts`
 * maps the ones it implements or supports). The catalog groups controls by guideline, section and
 * topic; each rule below names one of those groups, gives the responsibility for every control in
 * it, and says why in one line. The most specific rule wins (topic over section over guideline).
 *
 * These are the kit's reading of a Wickr deployment: the Wickr service and the AWS services under
 * it are AWS's (they hold IRAP assessments at PROTECTED, which the agency obtains from AWS Artifact);
 * the devices, people, facilities and processes around them are the agency's. Controls decided here
 * are never checked by the kit, so their verdict is always `not-assessed`.
 *
 * Titles are matched exactly (ignoring case). A group the ASD adds or renames in a later release
 * matches no rule and falls to `UNMATCHED_RULE`: agency, said so in the pack, until a rule is added.
 */
import { Responsibility } from './types';

export interface ResponsibilityRule {
  /** Stable id, recorded on every baseline entry the rule decides. */
  readonly id: string;
  /** The guideline (top-level group) title, e.g. `Guidelines for personnel security`. */
  readonly guideline: string;
  /** A section of the guideline. @default - the whole guideline */
  readonly section?: string;
  /** Topics of the section. @default - the whole section */
  readonly topics?: readonly string[];
  readonly responsibility: Exclude<Responsibility, 'kit' | 'shared'>;
  /** One line for the assessor: why this party answers for these controls. */
  readonly rationale: string;
}

const AWS_IRAP = "AWS's IRAP assessment (AWS Artifact) covers it";

export const RESPONSIBILITY_RULES: readonly ResponsibilityRule[] = [
  {
    id: 'principles',
    guideline: 'Cyber security principles',
    responsibility: 'agency',
    rationale: "The principles describe how the agency governs, identifies, protects, detects, responds and recovers; they are met through the agency's program, not a deployment.",
  },
  { id: 'roles', guideline: 'Guidelines for cyber security roles', responsibility: 'agency', rationale: "Board, CISO and system-owner duties are the agency's people and governance." },
  { id: 'incidents', guideline: 'Guidelines for cyber security incidents', responsibility: 'agency', rationale: "Incident management, registers, reporting and response are the agency's processes (the kit's audit trail and runbook give them evidence and tools)." },
  {
    id: 'procurement',
    guideline: 'Guidelines for procurement and outsourcing',
    responsibility: 'agency',
    rationale: "Choosing, assessing and contracting service providers (AWS included) is the agency's; the kit records the Regions data may be in, which the contract clauses cite.",
  },
  { id: 'documentation', guideline: 'Guidelines for cyber security documentation', responsibility: 'agency', rationale: "Strategy, system security plan, incident response plan and the other documents are the agency's (this evidence pack feeds them)." },
  {
    id: 'physical-data-centres',
    guideline: 'Guidelines for physical security',
    section: 'Facilities and systems',
    topics: ['Physical access to systems', 'Physical access to servers, network devices and cryptographic equipment'],
    responsibility: 'aws',
    rationale: `The system's servers, network devices and key material are in AWS data centres; ${AWS_IRAP}.`,
  },
  { id: 'physical', guideline: 'Guidelines for physical security', responsibility: 'agency', rationale: "The agency's facilities, the devices its people use Wickr on, and who can see their screens are the agency's." },
  { id: 'personnel', guideline: 'Guidelines for personnel security', responsibility: 'agency', rationale: "Awareness training, usage policies and who gets, keeps and loses access are the agency's (the kit scopes only its own service roles)." },
  {
    id: 'emanation',
    guideline: 'Guidelines for communications infrastructure',
    section: 'Emanation security',
    responsibility: 'agency',
    rationale: "Emanation security concerns the agency's facilities and equipment.",
  },
  {
    id: 'cabling',
    guideline: 'Guidelines for communications infrastructure',
    responsibility: 'aws',
    rationale: `The system's servers and networks are cabled in AWS data centres; ${AWS_IRAP}. Cabling of the agency's own sites belongs to the agency's systems.`,
  },
  {
    id: 'wickr-calling-service',
    guideline: 'Guidelines for communications systems',
    section: 'Video conferencing and Internet Protocol telephony',
    topics: [
      'Video conferencing and Internet Protocol telephony infrastructure hardening',
      'Video-aware and voice-aware firewalls and proxies',
      'Protecting video conferencing and Internet Protocol telephony traffic',
      'Traffic separation',
    ],
    responsibility: 'aws',
    rationale: `Wickr calling runs on the AWS Wickr service, which hardens its infrastructure and encrypts calls end to end; ${AWS_IRAP}.`,
  },
  { id: 'communications', guideline: 'Guidelines for communications systems', responsibility: 'agency', rationale: "Telephones, end-user calling devices, microphones, multifunction devices and fax are the agency's." },
  { id: 'mobility', guideline: 'Guidelines for enterprise mobility', responsibility: 'agency', rationale: "The mobile devices Wickr runs on, their management (MDM) and their use are the agency's." },
  { id: 'evaluated-products', guideline: 'Guidelines for evaluated products', responsibility: 'agency', rationale: 'Selecting and using evaluated products is an agency procurement decision.' },
  {
    id: 'it-equipment',
    guideline: 'Guidelines for information technology equipment',
    responsibility: 'agency',
    rationale: `The agency's IT equipment (devices, workstations) is the agency's; AWS's own equipment is within AWS's IRAP assessment.`,
  },
  { id: 'media', guideline: 'Guidelines for media', responsibility: 'agency', rationale: `The agency's media is the agency's; AWS's storage media is within AWS's IRAP assessment.` },
  {
    id: 'server-hardening',
    guideline: 'Guidelines for system hardening',
    section: 'Server application hardening',
    topics: ['Server application selection', 'Server application releases', 'Hardening server application configurations', 'Restricting privileges for server applications', 'Server application event logging'],
    responsibility: 'aws',
    rationale: `The system's server applications are the AWS Wickr service and AWS-managed runtimes (Lambda, Fargate); ${AWS_IRAP}. The agency pins the data-retention bot release AWS publishes.`,
  },
  {
    id: 'virtualisation',
    guideline: 'Guidelines for system hardening',
    section: 'Virtualisation hardening',
    responsibility: 'aws',
    rationale: `Separation between computing environments is the AWS hypervisors' and managed services'; ${AWS_IRAP}.`,
  },
  {
    id: 'hardening',
    guideline: 'Guidelines for system hardening',
    responsibility: 'agency',
    rationale: "Operating systems, user applications, directories and authentication of the agency's devices and identity provider are the agency's (the kit creates no IAM users).",
  },
  {
    id: 'system-management',
    guideline: 'Guidelines for system management',
    responsibility: 'agency',
    rationale: "Administration processes, privileged environments, patching of the agency's devices and Wickr clients, and backup processes are the agency's; AWS patches the service.",
  },
  { id: 'monitoring', guideline: 'Guidelines for system monitoring', responsibility: 'agency', rationale: "Monitoring and analysing event logs (a SIEM, its use cases) is the agency's; the kit delivers the logs it cites." },
  {
    id: 'ai-development',
    guideline: 'Guidelines for software development',
    section: 'Artificial intelligence application development',
    responsibility: 'agency',
    rationale: 'Applies only to artificial intelligence applications the agency develops; the kit deploys none.',
  },
  {
    id: 'software-development',
    guideline: 'Guidelines for software development',
    responsibility: 'aws',
    rationale: `The system's software (the Wickr service, its clients and the data-retention bot) is developed by AWS; ${AWS_IRAP}. Software the agency builds around it is the agency's.`,
  },
  { id: 'databases', guideline: 'Guidelines for database systems', responsibility: 'aws', rationale: `The system's databases are the AWS Wickr service's; ${AWS_IRAP}. The kit deploys no database.` },
  { id: 'email', guideline: 'Guidelines for email', responsibility: 'agency', rationale: "The system sends no email of its own (alarm notifications go through Amazon SNS to the agency's mailboxes); email systems are the agency's." },
  {
    id: 'online-service-continuity',
    guideline: 'Guidelines for networking',
    section: 'Service continuity for online services',
    responsibility: 'aws',
    rationale: `AWS Wickr is AWS's online service: capacity, availability across zones and denial-of-service protection are AWS's; ${AWS_IRAP}.`,
  },
  {
    id: 'networking',
    guideline: 'Guidelines for networking',
    responsibility: 'agency',
    rationale: "The agency's networks (wired, wireless, VLANs, DNS) are the agency's; the networks of the Wickr service are AWS's, and the retention bot's VPC is the kit's (isolated, endpoints only), not checked by a rule.",
  },
  {
    id: 'crypto-algorithms',
    guideline: 'Guidelines for cryptography',
    section: 'ASD-Approved Cryptographic Algorithms',
    responsibility: 'aws',
    rationale: `The algorithms are those of AWS KMS, the AWS endpoints and Wickr's end-to-end encryption; ${AWS_IRAP}.`,
  },
  { id: 'crypto-protocols', guideline: 'Guidelines for cryptography', section: 'ASD-Approved Cryptographic Protocols', responsibility: 'aws', rationale: `The protocols are those the AWS endpoints and the Wickr service negotiate; ${AWS_IRAP}.` },
  { id: 'tls', guideline: 'Guidelines for cryptography', section: 'Transport Layer Security', responsibility: 'aws', rationale: `TLS is configured by AWS on the AWS and Wickr endpoints; ${AWS_IRAP}.` },
  { id: 'cryptography', guideline: 'Guidelines for cryptography', responsibility: 'agency', rationale: "SSH, S/MIME, IPsec, cryptographic equipment and crypto-related incident reporting are the agency's; the kit uses none of them." },
  { id: 'gateways', guideline: 'Guidelines for gateways', responsibility: 'agency', rationale: "The gateways, firewalls, proxies and content filters Wickr traffic passes on the agency's side are the agency's." },
  { id: 'data-transfers', guideline: 'Guidelines for data transfers', responsibility: 'agency', rationale: "Data transfer processes and their authorisation are the agency's." },
];

/** What decides a control no rule names. */
export const UNMATCHED_RULE: ResponsibilityRule = {
  id: 'unmatched',
  guideline: '',
  responsibility: 'agency',
  rationale: "No responsibility rule of the kit names this part of the catalog (new or renamed in this release?): the agency answers for it until a rule says otherwise.",
};

// Plain lower-casing, not localeCompare: a locale-aware comparison builds a collator per call, and
// a baseline is a thousand controls times every rule.
const key = (s: string) => s.toLowerCase();

/** The most specific rule for a control's place in the catalog, or `UNMATCHED_RULE`. */
export function responsibilityRuleFor(place: { readonly guideline: string; readonly section: string; readonly topic: string }, rules: readonly ResponsibilityRule[] = RESPONSIBILITY_RULES): ResponsibilityRule {
  const guideline = key(place.guideline);
  const section = key(place.section);
  const topic = key(place.topic);
  let best: ResponsibilityRule | undefined;
  let bestRank = 0;
  for (const r of rules) {
    if (key(r.guideline) !== guideline) continue;
    if (r.section !== undefined && key(r.section) !== section) continue;
    if (r.topics !== undefined && !r.topics.some((t) => key(t) === topic)) continue;
    const rank = r.topics ? 3 : r.section ? 2 : 1;
    if (rank > bestRank) (best = r), (bestRank = rank);
  }
  return best ?? UNMATCHED_RULE;
}
