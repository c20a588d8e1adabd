/**
 * Typed helpers for a Wickr security group's policy: calling, auto-download, shredder, and the props
 * a group's policy is made of. They turn into the kit's plain policy form (`GroupPolicy`), on which the
 * shared rules run (lambda/shared/security-group-props.ts), so a construct and a config file get the
 * same checks and messages.
 */
import { Duration, Token } from 'aws-cdk-lib';
import {
  AUTO_DOWNLOAD_SIZES,
  GroupPolicy,
  autoDownloadBytes,
  durationSeconds,
} from '../../lambda/shared/security-group-props';
import type { ConfigProblem } from '../config/errors';

/** Who may call whom. Video and TCP-only options apply to one-to-one calls. */
export class Calling {
  /** No one-to-one calls (and therefore no video calls). */
  public static disabled(): Calling {
    return new Calling({ oneToOne: false, video: false });
  }

  /**
   * One-to-one calls allowed.
   * @param options.video allow video in those calls (default: not managed)
   * @param options.forceTcp force calls over TCP instead of UDP, e.g. behind restrictive firewalls (default: not managed)
   */
  public static oneToOne(options: { video?: boolean; forceTcp?: boolean } = {}): Calling {
    return new Calling({ oneToOne: true, video: options.video, forceTcp: options.forceTcp });
  }

  /** Exactly these members (for values read from a config file; the rules check the combination). */
  public static of(settings: { oneToOne?: boolean; video?: boolean; forceTcp?: boolean }): Calling {
    return new Calling({ ...settings });
  }

  private constructor(public readonly settings: { readonly oneToOne?: boolean; readonly video?: boolean; readonly forceTcp?: boolean }) {}
}

/** The largest file clients download without asking. Wickr offers two sizes. */
export class AutoDownload {
  /** 512000 bytes (500 KiB). */
  public static readonly LOW_QUALITY = new AutoDownload(AUTO_DOWNLOAD_SIZES.LOW_QUALITY);
  /** 7340032 bytes (7 MiB). */
  public static readonly HIGH_QUALITY = new AutoDownload(AUTO_DOWNLOAD_SIZES.HIGH_QUALITY);

  /** A size in bytes; only 512000 and 7340032 pass validation. */
  public static bytes(bytes: number): AutoDownload {
    return new AutoDownload(bytes);
  }

  private constructor(public readonly bytes: number) {}
}

/** The shredder that overwrites deleted messages and files on devices. */
export class Shredder {
  /**
   * @param level 0 (off), 20, 60 or 100: how much free space the automatic shredder overwrites
   * @param options.manual whether users may also run it by hand (default: not managed)
   */
  public static intensity(level: number, options: { manual?: boolean } = {}): Shredder {
    return new Shredder({ intensity: level, canProcessManually: options.manual });
  }

  /** Exactly these members (for values read from a config file; the rules check the intensity). */
  public static of(settings: { intensity?: number; canProcessManually?: boolean }): Shredder {
    return new Shredder({ ...settings });
  }

  private constructor(public readonly settings: { readonly intensity?: number; readonly canProcessManually?: boolean }) {}
}

/** Minimums for users' passwords; each is a count of characters. */
export interface PasswordRequirements {
  readonly minLength?: number;
  readonly lowercase?: number;
  readonly uppercase?: number;
  readonly numbers?: number;
  readonly symbols?: number;
}

/**
 * A security group's policy. Every member is optional: one left out is not managed (the group keeps
 * what it has), and an update that changes nothing makes no write call.
 */
export interface SecurityGroupPolicyProps {
  /** Calling permissions, e.g. `Calling.oneToOne({ video: false })`. @default - not managed */
  readonly calling?: Calling;
  /** File sharing in conversations. @default - not managed */
  readonly filesEnabled?: boolean;
  /** Downloading files from messages to the device. @default - not managed */
  readonly enableFileDownload?: boolean;
  /** Largest file downloaded without asking; needs `enableFileDownload: true`. @default - not managed */
  readonly maxAutoDownloadSize?: AutoDownload;
  /** Location sharing. @default - not managed */
  readonly locationEnabled?: boolean;
  /** Maps for shared locations; needs `locationEnabled: true`. @default - not managed */
  readonly locationAllowMaps?: boolean;
  /** Longest message expiry users may choose (whole seconds on the wire). @default - not managed */
  readonly maxTtl?: Duration;
  /** Longest burn-on-read time users may choose (whole seconds on the wire). @default - not managed */
  readonly maxBor?: Duration;
  /** Failed sign-in attempts before the account locks. @default - not managed */
  readonly lockoutThreshold?: number;
  /** Failed attempts before the device's data is wiped; below `lockoutThreshold` (0: no wipe). @default - not managed */
  readonly forceDeviceLockout?: number;
  /** Password minimums. @default - not managed */
  readonly passwordRequirements?: PasswordRequirements;
  /** Two-factor check when a user adds a new device. @default - not managed */
  readonly isAtoEnabled?: boolean;
  /** Minutes an SSO session may stay idle; SSO networks only. @default - not managed */
  readonly ssoMaxIdleMinutes?: number;
  /** Give users a master recovery key; SSO networks only. @default - not managed */
  readonly showMasterRecoveryKey?: boolean;
  /** Shredder, e.g. `Shredder.intensity(60)`. @default - not managed */
  readonly shredder?: Shredder;
  /** Online/away indicators. @default - not managed */
  readonly presenceEnabled?: boolean;
  /** Message text in push notifications. @default - not managed */
  readonly enableNotificationPreview?: boolean;
  /** Previews of links in messages. @default - not managed */
  readonly isLinkPreviewEnabled?: boolean;
  /** Forwarding messages to other conversations. @default - not managed */
  readonly messageForwardingEnabled?: boolean;
  /** One-tap replies offered to users ([] clears them). @default - not managed */
  readonly quickResponses?: string[];
  /** ATAK (Android Team Awareness Kit) integration. @default - not managed */
  readonly enableAtak?: boolean;
  /** ATAK package values; need `enableAtak: true`. @default - not managed */
  readonly atakPackageValues?: string[];
  /** Let users turn on open access (for censored or restricted networks). @default - not managed */
  readonly enableOpenAccessOption?: boolean;
  /** Force open access on every device; needs `enableOpenAccessOption: true`. @default - not managed */
  readonly forceOpenAccess?: boolean;
  /** Let users send crash reports. @default - not managed */
  readonly enableCrashReports?: boolean;
  /** Clients check for updates. @default - not managed */
  readonly checkForUpdates?: boolean;
  /** Ask users to sign in again every time they return to the app. @default - not managed */
  readonly alwaysReauthenticate?: boolean;
  /** Let approved bots read room messages without a slash command. @default - not managed */
  readonly forceReadReceipts?: boolean;
}

/** The policy members, for code that copies them from a larger props object. */
export const POLICY_PROP_NAMES = [
  'calling',
  'filesEnabled',
  'enableFileDownload',
  'maxAutoDownloadSize',
  'locationEnabled',
  'locationAllowMaps',
  'maxTtl',
  'maxBor',
  'lockoutThreshold',
  'forceDeviceLockout',
  'passwordRequirements',
  'isAtoEnabled',
  'ssoMaxIdleMinutes',
  'showMasterRecoveryKey',
  'shredder',
  'presenceEnabled',
  'enableNotificationPreview',
  'isLinkPreviewEnabled',
  'messageForwardingEnabled',
  'quickResponses',
  'enableAtak',
  'atakPackageValues',
  'enableOpenAccessOption',
  'forceOpenAccess',
  'enableCrashReports',
  'checkForUpdates',
  'alwaysReauthenticate',
  'forceReadReceipts',
] as const satisfies readonly (keyof SecurityGroupPolicyProps)[];

const COUNTS = ['lockoutThreshold', 'forceDeviceLockout', 'ssoMaxIdleMinutes'] as const;

/** The props as the plain policy, plus problems the types cannot rule out (fractions, negatives). */
export function policyFromProps(props: SecurityGroupPolicyProps): { policy: GroupPolicy; problems: ConfigProblem[] } {
  const problems: ConfigProblem[] = [];
  const seconds = (name: 'maxTtl' | 'maxBor', d: Duration | undefined): number | undefined => {
    if (d === undefined || d.isUnresolved()) return undefined;
    const ms = d.toMilliseconds();
    if (ms % 1000 !== 0 || ms < 0) {
      problems.push({ path: name, message: 'Wickr takes whole seconds', got: d.toHumanString(), allowed: 'a whole number of seconds' });
      return undefined;
    }
    return ms / 1000;
  };
  for (const name of COUNTS) {
    const v = props[name];
    if (v !== undefined && !Token.isUnresolved(v) && (!Number.isInteger(v) || v < 0)) problems.push({ path: name, message: 'must be a whole number, 0 or more', got: v });
  }
  for (const [k, v] of Object.entries(props.passwordRequirements ?? {})) {
    if (v !== undefined && (!Number.isInteger(v) || v < 0)) problems.push({ path: `passwordRequirements.${k}`, message: 'must be a whole number, 0 or more', got: v });
  }
  const policy: GroupPolicy = {
    calling: props.calling ? { ...props.calling.settings } : undefined,
    filesEnabled: props.filesEnabled,
    enableFileDownload: props.enableFileDownload,
    maxAutoDownloadSize: props.maxAutoDownloadSize?.bytes,
    locationEnabled: props.locationEnabled,
    locationAllowMaps: props.locationAllowMaps,
    maxTtl: seconds('maxTtl', props.maxTtl),
    maxBor: seconds('maxBor', props.maxBor),
    lockoutThreshold: props.lockoutThreshold,
    forceDeviceLockout: props.forceDeviceLockout,
    passwordRequirements: props.passwordRequirements ? { ...props.passwordRequirements } : undefined,
    isAtoEnabled: props.isAtoEnabled,
    ssoMaxIdleMinutes: props.ssoMaxIdleMinutes,
    showMasterRecoveryKey: props.showMasterRecoveryKey,
    shredder: props.shredder ? { ...props.shredder.settings } : undefined,
    presenceEnabled: props.presenceEnabled,
    enableNotificationPreview: props.enableNotificationPreview,
    isLinkPreviewEnabled: props.isLinkPreviewEnabled,
    messageForwardingEnabled: props.messageForwardingEnabled,
    quickResponses: props.quickResponses ? [...props.quickResponses] : undefined,
    enableAtak: props.enableAtak,
    atakPackageValues: props.atakPackageValues ? [...props.atakPackageValues] : undefined,
    enableOpenAccessOption: props.enableOpenAccessOption,
    forceOpenAccess: props.forceOpenAccess,
    enableCrashReports: props.enableCrashReports,
    checkForUpdates: props.checkForUpdates,
    alwaysReauthenticate: props.alwaysReauthenticate,
    forceReadReceipts: props.forceReadReceipts,
  };
  return { policy: Object.fromEntries(Object.entries(policy).filter(([, v]) => v !== undefined)) as GroupPolicy, problems };
}

/**
 * A config file's group entry (already schema-checked) as construct props. Values pass through
 * unchanged, so the construct's rules see exactly what the file says.
 */
export function policyPropsFromConfig(entry: Record<string, unknown>): SecurityGroupPolicyProps {
  const out: Record<string, unknown> = {};
  for (const name of POLICY_PROP_NAMES) {
    const v = entry[name];
    if (v === undefined) continue;
    switch (name) {
      case 'calling':
        out[name] = Calling.of(v as { oneToOne?: boolean; video?: boolean; forceTcp?: boolean });
        break;
      case 'shredder':
        out[name] = Shredder.of(v as { intensity?: number; canProcessManually?: boolean });
        break;
      case 'maxAutoDownloadSize': {
        const bytes = autoDownloadBytes(v);
        if (bytes !== undefined) out[name] = AutoDownload.bytes(bytes);
        break;
      }
      case 'maxTtl':
      case 'maxBor': {
        const s = durationSeconds(v);
        if (s !== undefined) out[name] = Duration.seconds(s);
        break;
      }
      default:
        out[name] = v;
    }
  }
  return out as SecurityGroupPolicyProps;
}
