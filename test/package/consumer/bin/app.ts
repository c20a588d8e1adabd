import { App, Duration, Stack } from 'aws-cdk-lib';
import {
  AccessLevel,
  DataRetention,
  NagRecorder,
  RecordsRetention,
  RegionalKeys,
  RetentionStorage,
  SecurityGroup,
  WickrAuditTrail,
  WickrNetwork,
  addKitNagPacks,
  setIsmPolicy,
  writeEvidencePack,
} from 'wickr-cdk-kit';

const app = new App();
// The kit's nag packs (AWS Solutions, NIST 800-53 rev 5, ISM), every result recorded for the evidence
// pack: strict (warnings fail too) under CI or with -c strict=true, else advisory.
addKitNagPacks(app, { recorder: new NagRecorder() });

const stack = new Stack(app, 'AgencyWickr', { env: { region: 'ap-southeast-2' }, terminationProtection: true });
// What the ISM pack checks against: data residency and the records period.
setIsmPolicy(stack, { allowedRegions: ['ap-southeast-2'], recordsRetentionDays: 2557 });

// The keys first: the Wickr constructs after them encrypt their handlers' logs with the logs key.
const keys = new RegionalKeys(stack, 'Keys', { agencyId: 'dea' });
const records = new RetentionStorage(stack, 'Records', {
  encryptionKey: keys.retentionKey,
  retention: RecordsRetention.compliance(Duration.days(2557)),
});
// Every read and write of a record is logged: the trail's S3 data events for the records bucket.
new WickrAuditTrail(stack, 'AuditTrail', { encryptionKey: keys.logsKey, recordsBuckets: [records.bucket], accessLogsBucket: records.accessLogsBucket });
// No customer-managed key is requested for the network: Wickr never confirms it uses one.
const network = new WickrNetwork(stack, 'Network', { networkName: 'dea-canberra', accessLevel: AccessLevel.PREMIUM });
new SecurityGroup(stack, 'Staff', { network, groupName: 'Staff', lockoutThreshold: 10, maxTtl: Duration.days(30) });
new DataRetention(stack, 'DataRetention', { network, keys, storage: records, imageTag: '6.60.05.78' });

// Instead of app.synth(): the templates, then the evidence pack (cdk.out/compliance/) and the
// federation map, written even when a finding fails synth.
writeEvidencePack(app);
