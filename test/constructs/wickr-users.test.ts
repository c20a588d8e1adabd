import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import { KitConfigError } from '../../lib/config/errors';
import { SecurityGroup } from '../../lib/constructs/security-group';
import { WickrNetwork } from '../../lib/constructs/wickr-network';
import { WickrProvider } from '../../lib/constructs/wickr-provider';
import { WickrUsers, WickrUsersProps } from '../../lib/constructs/wickr-users';
import { testApp } from '../helpers/kit';

function setup() {
  const stack = new Stack(testApp(), 'Users', { env: { account: '111122223333', region: 'eu-west-2' } });
  const network = WickrNetwork.fromNetworkId(stack, 'Net', '12345678');
  const staff = new SecurityGroup(stack, 'Staff', { network, groupName: 'Staff', isDefault: true });
  const consular = new SecurityGroup(stack, 'Consular', { network, groupName: 'Consular' });
  return { stack, network, staff, consular };
}

function resources(stack: Stack): Record<string, any> {
  return Template.fromStack(stack).toJSON().Resources;
}

describe('WickrUsers construct', () => {
  test('lists users and bots with group names; each bot gets a generated secret named by ARN; the resource waits for groups and grants', () => {
    const { stack, network, staff, consular } = setup();
    const key = new kms.Key(stack, 'Key');
    new WickrUsers(stack, 'Users', {
      network,
      users: [
        { username: 'consul@dea.gov.au', firstName: 'Alex', lastName: 'Example', group: consular },
        { username: 'admin@dea.gov.au', group: 'Staff' },
      ],
      bots: [{ username: 'alertsbot', displayName: 'Alerts', group: consular }],
      groups: [staff, consular],
      secretsKey: key,
    });
    const all = resources(stack);
    const [id, users] = Object.entries(all).find(([, r]) => r.Type === 'Custom::WickrUsers')!;
    expect(id).toBeDefined();
    const [secretId, secret] = Object.entries(all).find(([, r]) => r.Type === 'AWS::SecretsManager::Secret')!;
    expect(users.Properties).toEqual({
      ServiceToken: expect.anything(),
      NetworkId: '12345678',
      Users: [
        { username: 'consul@dea.gov.au', group: 'Consular', firstName: 'Alex', lastName: 'Example' },
        { username: 'admin@dea.gov.au', group: 'Staff' },
      ],
      Bots: [{ username: 'alertsbot', group: 'Consular', secretArn: { Ref: secretId }, displayName: 'Alerts' }],
      DeleteRemoved: false,
    });
    expect(secret.Properties.GenerateSecretString).toEqual({
      SecretStringTemplate: '{"username":"alertsbot"}',
      GenerateStringKey: 'password',
      PasswordLength: 32,
      ExcludePunctuation: true,
    });
    expect(secret.Properties.KmsKeyId).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^Key/), 'Arn'] });
    // The bot keeps its password while the bot itself is retained.
    expect([secret.DeletionPolicy, secret.UpdateReplacePolicy]).toEqual(['Retain', 'Retain']);
    const groupIds = Object.entries(all).filter(([, r]) => r.Type === 'Custom::WickrSecurityGroup').map(([k]) => k);
    const policyId = Object.entries(all).find(([, r]) => r.Type === 'AWS::IAM::ManagedPolicy' && /bots' initial passwords/.test(r.Properties.Description))![0];
    expect(users.DependsOn).toEqual(expect.arrayContaining([...groupIds, policyId]));
    expect(all[policyId].Properties.PolicyDocument.Statement).toEqual([
      { Sid: 'ReadTheBotSecrets', Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: { Ref: secretId } },
      {
        Sid: 'DecryptThemThroughSecretsManager',
        Effect: 'Allow',
        Action: 'kms:Decrypt',
        Resource: { 'Fn::GetAtt': [expect.stringMatching(/^Key/), 'Arn'] },
        Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.eu-west-2.amazonaws.com' } },
      },
    ]);
    expect(WickrProvider.of(stack).allowedOperations).toEqual(
      expect.arrayContaining(['BatchCreateUser', 'BatchDeleteUser', 'CreateBot', 'DeleteBot', 'ListBots', 'ListSecurityGroups', 'ListUsers', 'UpdateBot', 'UpdateUser']),
    );
  });

  test('with deleteRemoved the bots\' secrets go with them; without bots there is no secret and no policy', () => {
    const { stack, network, staff } = setup();
    new WickrUsers(stack, 'Bots', { network, bots: [{ username: 'opsbot', group: staff }], deleteRemoved: true });
    new WickrUsers(stack, 'People', { network, users: [{ username: 'a@dea.gov.au', group: staff }] });
    const all = Object.values(resources(stack));
    const secrets = all.filter((r) => r.Type === 'AWS::SecretsManager::Secret');
    expect(secrets.map((r) => r.DeletionPolicy)).toEqual(['Delete']);
    expect(all.filter((r) => r.Type === 'Custom::WickrUsers').map((r) => r.Properties.DeleteRemoved)).toEqual([true, false]);
    expect(all.filter((r) => r.Type === 'AWS::IAM::ManagedPolicy' && /bots' initial passwords/.test(r.Properties.Description))).toHaveLength(1);
  });

  const failure = (props: Partial<WickrUsersProps>): string => {
    const { stack, network, staff, consular } = setup();
    try {
      new WickrUsers(stack, 'Users', { network, groups: [staff, consular], ...props });
    } catch (e) {
      expect(e).toBeInstanceOf(KitConfigError);
      return (e as Error).message;
    }
    throw new Error('no error was thrown');
  };

  test('fails when usernames repeat ignoring case, across users and bots', () => {
    expect(failure({ users: [{ username: 'Opsbot', group: 'Staff' }], bots: [{ username: 'OPSBOT', group: 'Staff' }] })).toBe(
      'Users/Users:bots[0].username: is already used by users[0]; usernames are unique in a network (users and bots alike, ignoring case) (got "OPSBOT")',
    );
  });

  test('fails when a bot username does not end in "bot"', () => {
    expect(failure({ bots: [{ username: 'alerts', group: 'Staff' }] })).toBe('Users/Users:bots[0].username: a bot\'s username must end in "bot" (Wickr refuses others) (got "alerts")');
  });

  test('fails when two bot usernames differ only in punctuation, since their secrets would share an id', () => {
    expect(failure({ bots: [{ username: 'ops.bot', group: 'Staff' }, { username: 'ops_bot', group: 'Staff' }] })).toBe(
      'Users/Users:bots[1].username: gives the same secret id as bots[0] (Bot-ops-bot); usernames must differ in more than punctuation (got "ops_bot")',
    );
  });

  test('fails when a user names a group the network does not configure', () => {
    expect(failure({ users: [{ username: 'a@dea.gov.au', group: 'Executives' }] })).toBe(
      'Users/Users:users[0].group: names no security group of this network; add the group to securityGroups or use one of its names (got "Executives"; allowed Staff, Consular)',
    );
  });
});
