import { CustomResource, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { WICKR_RESOURCES } from '../../lambda/shared/resource-types';
import { BOT_SECRET_PASSWORD_KEY, USERS_ATTRIBUTES, UsersProperties, checkAccounts } from '../../lambda/shared/users-props';
import { throwIfProblems } from '../config/errors';
import type { NetworkConfig } from '../config/config-types';
import { acknowledge } from '../nag/acknowledgements';
import type { ISecurityGroup } from './security-group';
import type { IWickrNetwork } from './wickr-network';
import { WickrProvider, secretAccessStatements } from './wickr-provider';

/** A user the config lists. */
export interface WickrUserProps {
  /** Unique in the network (users and bots alike, ignoring case); usually an email address. */
  readonly username: string;
  /** Sensitive: never logged by the handler. @default - not managed */
  readonly firstName?: string;
  /** Sensitive: never logged by the handler. @default - not managed */
  readonly lastName?: string;
  /** The user's security group, or its name. */
  readonly group: ISecurityGroup | string;
}

/** A bot the config lists. */
export interface WickrBotProps {
  /** Must end in "bot". */
  readonly username: string;
  /** @default - not managed */
  readonly displayName?: string;
  /** The bot's security group, or its name. */
  readonly group: ISecurityGroup | string;
}

export interface WickrUsersProps {
  readonly network: IWickrNetwork;
  /** @default - none */
  readonly users?: WickrUserProps[];
  /** @default - none */
  readonly bots?: WickrBotProps[];
  /**
   * The network's security groups. Groups named by string are checked against these names, and the
   * users are created after them.
   * @default - only groups passed as objects are known
   */
  readonly groups?: ISecurityGroup[];
  /**
   * Permanently delete users and bots that the config stops listing (and all of them when this
   * construct is removed). Deleting a Wickr user cannot be undone, so this is an explicit opt-in;
   * with it off they stay in the network. Bots' secrets follow the same choice.
   * @default false
   */
  readonly deleteRemoved?: boolean;
  /**
   * Key for the bots' secrets (their passwords).
   * @default - the AWS managed key for Secrets Manager
   */
  readonly secretsKey?: kms.IKey;
  /** @default - the stack's `WickrProvider` */
  readonly provider?: WickrProvider;
}

/**
 * Users and bots of a Wickr network from code or config (for networks without SSO, whose users are not
 * provisioned by an IdP). Users are created in batches of 50; a partial failure fails the resource
 * with every failed user and the reason, after creating what could be created. Each bot gets a
 * Secrets Manager secret whose password Secrets Manager generates; the handler reads it and gives it
 * to Wickr as the bot's initial password, so it never appears in the template or the logs.
 */
export class WickrUsers extends Construct {
  /** Each bot's secret, by username: JSON `{ "username": ..., "password": ... }` for the bot's process. */
  public readonly botSecrets: Readonly<Record<string, secretsmanager.ISecret>>;
  /** How many users the resource manages (`Fn::GetAtt`). */
  public readonly userCount: string;

  constructor(scope: Construct, id: string, props: WickrUsersProps) {
    super(scope, id);
    const users = props.users ?? [];
    const bots = props.bots ?? [];
    const groupOf = (g: ISecurityGroup | string) => (typeof g === 'string' ? g : g.groupName);
    const known = [...(props.groups ?? []), ...[...users, ...bots].map((a) => a.group).filter((g): g is ISecurityGroup => typeof g !== 'string')];
    const allByName = props.groups !== undefined || [...users, ...bots].every((a) => typeof a.group !== 'string');
    throwIfProblems(
      this.node.path,
      checkAccounts({
        users: users.map((u) => ({ username: u.username, group: groupOf(u.group) })),
        bots: bots.map((b) => ({ username: b.username, group: groupOf(b.group) })),
        groupNames: allByName ? [...new Set(known.map((g) => g.groupName))] : undefined,
      }).map((p) => ({ path: p.field, message: p.message, ...('got' in p ? { got: p.got } : {}), ...(p.allowed !== undefined ? { allowed: p.allowed } : {}) })),
    );

    // A bot's secret must keep its construct id: a new id would generate a new password.
    const secretId = (username: string) => `Bot-${username.replace(/[^A-Za-z0-9-]/g, '-')}`;
    const ids = new Map<string, number>();
    throwIfProblems(
      this.node.path,
      bots.flatMap((b, i) => {
        const prev = ids.get(secretId(b.username));
        ids.set(secretId(b.username), i);
        return prev === undefined
          ? []
          : [{ path: `bots[${i}].username`, message: `gives the same secret id as bots[${prev}] (${secretId(b.username)}); usernames must differ in more than punctuation`, got: b.username }];
      }),
    );

    const provider = props.provider ?? WickrProvider.of(this);
    provider.allowResource('users');
    const deleteRemoved = props.deleteRemoved ?? false;
    const secrets: Record<string, secretsmanager.ISecret> = {};
    for (const b of bots) {
      const secret = new secretsmanager.Secret(this, secretId(b.username), {
        description: `wickr-cdk-kit: credentials of the Wickr bot ${b.username}`,
        encryptionKey: props.secretsKey,
        // Secrets Manager generates the password; the handler reads it and gives it to Wickr.
        generateSecretString: {
          secretStringTemplate: JSON.stringify({ username: b.username }),
          generateStringKey: BOT_SECRET_PASSWORD_KEY,
          passwordLength: 32,
          excludePunctuation: true,
        },
        // The secret holds the password of a bot that stays unless deletion was opted into.
        removalPolicy: deleteRemoved ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN,
      });
      acknowledge(secret, 'wickrBotSecretNotRotated');
      secrets[b.username] = secret;
    }
    this.botSecrets = secrets;
    // A managed policy of its own (not the role's inline default policy): read on these secrets only.
    const access =
      bots.length === 0
        ? undefined
        : new iam.ManagedPolicy(this, 'HandlerSecretAccess', {
            roles: [provider.role],
            description: "wickr-cdk-kit handlers: read the Wickr bots' initial passwords",
            statements: secretAccessStatements({
              secrets: Object.values(secrets),
              key: props.secretsKey,
              region: Stack.of(this).region,
              sids: { secrets: 'ReadTheBotSecrets', key: 'DecryptThemThroughSecretsManager' },
            }),
          });

    const properties: UsersProperties = {
      NetworkId: props.network.networkId,
      Users: users.map((u) => ({
        username: u.username,
        group: groupOf(u.group),
        ...(u.firstName !== undefined ? { firstName: u.firstName } : {}),
        ...(u.lastName !== undefined ? { lastName: u.lastName } : {}),
      })),
      Bots: bots.map((b) => ({
        username: b.username,
        group: groupOf(b.group),
        secretArn: secrets[b.username].secretArn,
        ...(b.displayName !== undefined ? { displayName: b.displayName } : {}),
      })),
      DeleteRemoved: deleteRemoved,
    };
    const resource = new CustomResource(this, 'Resource', {
      serviceToken: provider.serviceToken,
      resourceType: WICKR_RESOURCES.users.type,
      properties,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    for (const g of new Set(known)) resource.node.addDependency(g);
    if (access) resource.node.addDependency(access);
    this.userCount = resource.getAttString(USERS_ATTRIBUTES.users);
  }
}

/** The network's `users`, `bots` and `deleteRemovedUsers` config as `WickrUsers` (id `Users`), or undefined when it lists none. */
export function usersFromConfig(
  scope: Construct,
  args: { config: NetworkConfig; network: IWickrNetwork; groups: ISecurityGroup[]; secretsKey?: kms.IKey; provider?: WickrProvider },
): WickrUsers | undefined {
  const { users, bots, deleteRemovedUsers } = args.config;
  if (users.length === 0 && bots.length === 0) return undefined;
  return new WickrUsers(scope, 'Users', {
    network: args.network,
    users: users.map((u) => ({ username: u.username, firstName: u.firstName, lastName: u.lastName, group: u.group })),
    bots: bots.map((b) => ({ username: b.username, displayName: b.displayName, group: b.group })),
    groups: args.groups,
    deleteRemoved: deleteRemovedUsers,
    secretsKey: args.secretsKey,
    provider: args.provider,
  });
}
