/**
 * Custom::WickrOidc against the emulator and the Secrets Manager stand-in: registration with a test
 * first, no write when nothing changed, re-registration on a new secret version or a drifted copy,
 * members the config leaves out kept, and the secret kept out of Data, ids and logs.
 */
import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { GetOidcInfoCommand, RegisterOidcConfigCommand, WickrClient } from '../../lambda/wickr';
import { WickrNetwork } from '../../lib/constructs/wickr-network';
import { WickrSso, WickrSsoProps } from '../../lib/constructs/wickr-sso';
import type { StackInput } from '../lifecycle/harness';
import { startKitLifecycle, writes, type KitLifecycle } from '../helpers/lifecycle';
import { testApp } from '../helpers/kit';

const REGION = 'ap-southeast-2';
const SECRET_NAME = 'agency/wickr/idp';
const FIRST = 'first-client-secret-7c1f0e2a9b';
const SECOND = 'second-client-secret-3d8e6b4f21';

let kit: KitLifecycle;
let client: WickrClient;
beforeAll(async () => {
  kit = await startKitLifecycle();
  client = new WickrClient({ region: REGION, endpoint: kit.emulator.url, retryBaseDelayMs: 1 });
});
afterAll(async () => {
  client.destroy();
  await kit.close();
});
beforeEach(async () => {
  await kit.reset();
  (await kit.harness.start()).secretsManager.createSecret(REGION, { name: SECRET_NAME, secretString: FIRST });
});

type SsoSpec = Partial<Omit<WickrSsoProps, 'network' | 'clientSecret'>> & { secretName?: string };

function stackWith(sso: SsoSpec | undefined): StackInput[] {
  const stack = new Stack(testApp(), 'Sso', { env: { account: '123456789012', region: REGION } });
  const network = new WickrNetwork(stack, 'Network', { networkName: 'sso-test' });
  if (sso) {
    const { secretName, ...rest } = sso;
    new WickrSso(stack, 'Sso', {
      network,
      companyId: 'agency-sso',
      issuer: 'https://idp.agency.example/oauth2',
      clientId: 'wickr-client',
      clientSecret: WickrSso.secretFromNameOrArn(stack, 'ClientSecret', secretName ?? SECRET_NAME),
      ...rest,
    });
  }
  return [{ stackName: 'Sso', region: REGION, template: Template.fromStack(stack).toJSON() }];
}

const networkId = () => Object.keys(kit.emulator.state.snapshot()[REGION])[0];
async function held() {
  return (await client.send(new GetOidcInfoCommand({ networkId: networkId() }))).openidConnectInfo!;
}
const ssoRecord = () => Object.values(kit.harness.resources.Sso).find((r) => r.type === 'Custom::WickrOidc')!;
const oidcWrites = () => writes(kit.emulator).filter((o) => /Oidc/.test(o));

describe('SSO registration against the emulator', () => {
  test('Create tests the issuer, then registers; Data and the physical id carry the redirect URL and secret version, never the secret', async () => {
    await kit.harness.deploy(stackWith({ customUsername: 'email' }));
    expect(oidcWrites()).toEqual(['RegisterOidcConfigTest', 'RegisterOidcConfig']);
    const info = await held();
    expect(info).toMatchObject({ companyId: 'agency-sso', issuer: 'https://idp.agency.example/oauth2', scopes: 'openid profile email', clientId: 'wickr-client', customUsername: 'email', secret: FIRST });
    const record = ssoRecord();
    const version = kit.harness.standIns.secretsManager.liveSecret(REGION, SECRET_NAME);
    const current = kit.harness.standIns.secretsManager.versionByStage(version, 'AWSCURRENT')!.versionId;
    expect(record.physicalId).toBe(`${networkId()}/oidc/${current}`);
    expect(record.data).toEqual({ CompanyId: 'agency-sso', RedirectUrl: info.redirectUrl, SecretVersionId: current });
    const everything = JSON.stringify([kit.harness.invocations, kit.harness.resources]) + kit.harness.logText() + JSON.stringify(kit.emulator.requests);
    expect(everything).not.toContain(FIRST);
  });

  test('a no-op Update writes nothing; Delete writes nothing and leaves SSO configured', async () => {
    await kit.harness.deploy(stackWith({}));
    kit.emulator.clearRequests();
    await kit.harness.deploy(stackWith({}), { forceUpdate: true });
    expect(kit.harness.invocations.some((i) => i.requestType === 'Update' && i.request.ResourceType === 'Custom::WickrOidc')).toBe(true);
    expect(writes(kit.emulator)).toEqual([]);
    await kit.harness.deploy(stackWith(undefined));
    expect(writes(kit.emulator)).toEqual([]);
    expect((await held()).issuer).toBe('https://idp.agency.example/oauth2');
    expect(kit.harness.logText()).toMatch(/SSO left configured: the Wickr API has no operation to remove it/);
  });

  test('after a rotation, the changed marker triggers an update that registers the new secret once; the old id\'s Delete writes nothing', async () => {
    await kit.harness.deploy(stackWith({ secretRotation: 'r1' }));
    const before = ssoRecord().physicalId;
    kit.harness.standIns.secretsManager.putSecretValue(REGION, SECRET_NAME, { secretString: SECOND });
    kit.emulator.clearRequests();
    await kit.harness.deploy(stackWith({ secretRotation: 'r2' }));
    expect(oidcWrites()).toEqual(['RegisterOidcConfigTest', 'RegisterOidcConfig']);
    expect((await held()).secret).toBe(SECOND);
    expect(ssoRecord().physicalId).not.toBe(before);
    kit.emulator.clearRequests();
    await kit.harness.deploy(stackWith({ secretRotation: 'r3' }));
    expect(oidcWrites()).toEqual([]);
    expect(kit.harness.logText()).not.toContain(SECOND);
  });

  test('a secret changed in Wickr outside the kit is put back on the next update; members the config leaves out are kept', async () => {
    await kit.harness.deploy(stackWith({}));
    await client.send(
      new RegisterOidcConfigCommand({
        networkId: networkId(),
        companyId: 'agency-sso',
        issuer: 'https://idp.agency.example/oauth2',
        scopes: 'openid email profile',
        userId: 'wickr-client',
        secret: 'someone-else-typed-this',
        customUsername: 'upn',
        extraAuthParams: 'prompt=login',
        ssoTokenBufferMinutes: 7,
      }),
    );
    kit.emulator.clearRequests();
    await kit.harness.deploy(stackWith({}), { forceUpdate: true });
    expect(oidcWrites()).toEqual(['RegisterOidcConfigTest', 'RegisterOidcConfig']);
    expect(await held()).toMatchObject({ secret: FIRST, customUsername: 'upn', extraAuthParams: 'prompt=login', ssoTokenBufferMinutes: 7, scopes: 'openid profile email' });
  });

  test('with testBeforeSave off, a changed issuer is saved without the test', async () => {
    await kit.harness.deploy(stackWith({ testBeforeSave: false }));
    kit.emulator.clearRequests();
    await kit.harness.deploy(stackWith({ testBeforeSave: false, issuer: 'https://idp2.agency.example' }));
    expect(oidcWrites()).toEqual(['RegisterOidcConfig']);
    expect((await held()).issuer).toBe('https://idp2.agency.example');
  });

  test('fails when the test before saving keeps failing, and leaves the working configuration in place', async () => {
    await kit.harness.deploy(stackWith({}));
    kit.emulator.faults.next('RegisterOidcConfigTest', 3, 'server-error');
    await expect(kit.harness.deploy(stackWith({ issuer: 'https://broken.agency.example' }))).rejects.toThrow(/RegisterOidcConfigTest for network \d{8} got no answer 3 times .*SSO was left as it was; deploy again when the service answers/);
    expect(kit.emulator.requests.filter((r) => r.operation === 'RegisterOidcConfigTest')).toHaveLength(4);
    expect(kit.emulator.requests.filter((r) => r.operation === 'RegisterOidcConfig')).toHaveLength(1);
    expect((await held()).issuer).toBe('https://idp.agency.example/oauth2');
  });

  test('a lost answer to the test is settled by testing again: it saves nothing', async () => {
    await kit.harness.deploy(stackWith({}));
    kit.emulator.clearRequests();
    kit.emulator.faults.next('RegisterOidcConfigTest', 1, 'server-error', { phase: 'after' });
    kit.emulator.faults.next('RegisterOidcConfigTest', 1, 'drop');
    await kit.harness.deploy(stackWith({ issuer: 'https://idp2.agency.example' }));
    expect(oidcWrites()).toEqual(['RegisterOidcConfigTest', 'RegisterOidcConfigTest', 'RegisterOidcConfigTest', 'RegisterOidcConfig']);
    expect((await held()).issuer).toBe('https://idp2.agency.example');
  });

  test('a lost answer to the registration is read back: registered once when Wickr holds it, again when it does not', async () => {
    await kit.harness.deploy(stackWith({}));
    kit.emulator.clearRequests();
    // Processed, answer lost: GetOidcInfo shows the new issuer, so nothing is sent again.
    kit.emulator.faults.next('RegisterOidcConfig', 1, 'server-error', { phase: 'after' });
    await kit.harness.deploy(stackWith({ issuer: 'https://idp2.agency.example' }));
    expect(oidcWrites()).toEqual(['RegisterOidcConfigTest', 'RegisterOidcConfig']);
    expect((await held()).issuer).toBe('https://idp2.agency.example');
    // Not processed (the connection dropped before): the read-back shows the old issuer, so it registers again.
    kit.emulator.clearRequests();
    kit.emulator.faults.next('RegisterOidcConfig', 1, 'drop');
    await kit.harness.deploy(stackWith({ issuer: 'https://idp3.agency.example' }));
    expect(oidcWrites()).toEqual(['RegisterOidcConfigTest', 'RegisterOidcConfig', 'RegisterOidcConfig']);
    expect((await held()).issuer).toBe('https://idp3.agency.example');
  });

  test('fails when the named secret does not exist, naming the secret and the fix', async () => {
    await expect(kit.harness.deploy(stackWith({ secretName: 'agency/wickr/missing' }))).rejects.toThrow(
      /the IdP client secret agency\/wickr\/missing does not exist or has no value in ap-southeast-2; create it/,
    );
    expect(oidcWrites()).toEqual([]);
  });

  test('reads the client secret from a JSON key, and fails naming the key when it is missing', async () => {
    kit.harness.standIns.secretsManager.createSecret(REGION, { name: 'agency/wickr/json', secretString: JSON.stringify({ client_secret: SECOND, other: 'x' }) });
    await kit.harness.deploy(stackWith({ secretName: 'agency/wickr/json', clientSecretJsonKey: 'client_secret' }));
    expect((await held()).secret).toBe(SECOND);
    await expect(kit.harness.deploy(stackWith({ secretName: 'agency/wickr/json', clientSecretJsonKey: 'nope', secretRotation: 'x' }))).rejects.toThrow(
      /has no non-empty string under the key "nope"; check clientSecretJsonKey/,
    );
    expect(kit.harness.logText()).not.toContain(SECOND);
  });
});
