/**
 * The evidence-pack section on where each data-retention bot runs: its host, the state it keeps,
 * how that state is backed up, and how the host recovers. Each bot service registers one row; the
 * section is collected once per synth.
 */
import { Stack } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { EvidenceCell, addEvidenceSection } from '../nag/evidence/sections';

export const DATA_RETENTION_HOSTS_SECTION_ID = 'data-retention-hosts';

/** One bot's row, computed at collect time (when every token the construct holds is final). */
export type BotHostFacts = () => {
  readonly bot: string;
  readonly host: string;
  readonly access: string;
  readonly state: string;
  readonly backups: string;
  readonly recovery: string;
};

const rowsByApp = new WeakMap<IConstruct, { scope: IConstruct; facts: BotHostFacts }[]>();

/** Adds a bot to the "Data-retention hosts" section of the evidence pack of the app `scope` belongs to. */
export function addBotHostEvidence(scope: IConstruct, facts: BotHostFacts): void {
  const root = scope.node.root;
  let rows = rowsByApp.get(root);
  if (!rows) {
    rowsByApp.set(root, (rows = []));
    const all = rows;
    addEvidenceSection(scope, {
      id: DATA_RETENTION_HOSTS_SECTION_ID,
      collect: () => ({
        id: DATA_RETENTION_HOSTS_SECTION_ID,
        title: 'Data-retention hosts',
        description:
          "Where each network's data-retention bot runs (it holds every decrypted message of the network until it uploads it to the records bucket), who can reach the host, where the bot keeps its state and how that state is backed up.",
        columns: ['Stack', 'Region', 'Bot', 'Host', 'Access', 'State', 'Backups', 'Recovery'],
        rows: all.map(({ scope: s, facts: f }): EvidenceCell[] => {
          const x = f();
          return [Stack.of(s).stackName, Stack.of(s).region, x.bot, x.host, x.access, x.state, x.backups, x.recovery];
        }),
        notes: [
          "In both hosts the bot's output reaches CloudWatch Logs only through the password-capture sidecar (FireLens to 127.0.0.1), which withholds the generated password and stores it in the bot's secret; on EC2 the host's Docker also keeps no local copy of any container's output (dual-logging cache off).",
        ],
      }),
    });
  }
  rows.push({ scope, facts });
}
