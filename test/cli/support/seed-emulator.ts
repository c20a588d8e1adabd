/**
 * Seeds a running standalone emulator (`npm run emulator`) for practising the admin CLI: creates the
 * network (unless one of that name exists) and users user001@... to userNNN@..., and writes their
 * usernames to a file for `--file`. It uses only the admin API, through the kit's client; devices
 * cannot be added that way (on the real service they appear when users sign in), so against a
 * standalone emulator reset-devices finds none.
 *
 *   node scripts/run-ts.mjs test/cli/support/seed-emulator.ts --endpoint http://127.0.0.1:8787 \
 *     [--users 120] [--out lost.txt] [--region ap-southeast-2] [--name dea-canberra]
 *
 * Credentials: AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY if set, else the emulator's defaults.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { BatchCreateUserCommand, CreateNetworkCommand, ListNetworksCommand, ListSecurityGroupsCommand, WickrClient } from '../../../lambda/wickr';
import { chunk } from '../../../lambda/handlers/lost-device/user-admin';

async function seed(): Promise<void> {
  const { values } = parseArgs({
    options: {
      endpoint: { type: 'string' },
      users: { type: 'string', default: '120' },
      out: { type: 'string', default: 'lost.txt' },
      region: { type: 'string', default: 'ap-southeast-2' },
      name: { type: 'string', default: 'dea-canberra' },
    },
  });
  if (!values.endpoint) throw new Error('--endpoint <url of the emulator> is required');
  const count = Number(values.users);
  const client = new WickrClient({
    region: values.region,
    endpoint: values.endpoint,
    credentials: {
      accessKeyId: process.env.AWS_ACCESS_KEY_ID ?? 'AKIDEXAMPLETESTONLY',
      secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY ?? 'test-secret-access-key-not-real',
    },
  });
  try {
    const existing = (await client.send(new ListNetworksCommand({ maxResults: 100 }))).networks?.find((n) => n.networkName === values.name);
    const networkId = existing?.networkId ?? (await client.send(new CreateNetworkCommand({ networkName: values.name!, accessLevel: 'PREMIUM' }))).networkId!;
    const groupId = (await client.send(new ListSecurityGroupsCommand({ networkId }))).securityGroups!.find((g) => g.isDefault)!.id!;
    const usernames = Array.from({ length: count }, (_, i) => `user${String(i + 1).padStart(3, '0')}@dea.example.gov.au`);
    let created = 0;
    for (const batch of chunk(usernames)) {
      const out = await client.send(new BatchCreateUserCommand({ networkId, users: batch.map((username) => ({ username, securityGroupIds: [groupId] })) }));
      created += out.successful?.length ?? 0;
    }
    writeFileSync(values.out!, `# ${count} users of network ${networkId} (${values.name}, ${values.region})\n${usernames.join('\n')}\n`);
    process.stdout.write(`network ${networkId} "${values.name}" in ${values.region}: ${created} users created; usernames in ${values.out}\n`);
  } finally {
    client.destroy();
  }
}

seed().catch((err: unknown) => {
  process.stderr.write(`seed-emulator: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
