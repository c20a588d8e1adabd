/**
 * What runs on the data-retention bot's EC2 host at first boot (its user data), and the program
 * that attaches the bot's state volume.
 *
 * The host is an ECS container instance (the ECS-optimized Amazon Linux 2023 AMI) in an Auto
 * Scaling group of exactly one, so the bot runs as the same ECS task as on Fargate: the same
 * pinned images through the agency's pull-through cache, the same password-capture sidecar behind
 * FireLens. Its state lives on a separate, retained EBS volume that the host attaches to itself at
 * boot, so the volume outlives every instance the group launches. The boot order is what keeps two
 * bots from ever running:
 *
 *   1. no SSH: sshd is stopped and disabled (there is no key pair and no inbound rule either);
 *   2. Docker keeps no copy of any container's output on the host (its dual-logging cache is off);
 *   3. the host attaches the volume, waiting while the previous host still holds it (a gp3 volume
 *      attaches to one instance at a time: the volume is the lock);
 *   4. it mounts the volume (formatting it only the first time, when it has no file system);
 *   5. only then does it start the ECS agent, so the bot's task can be placed on it at all.
 *
 * Every step that fails stops the boot before the agent starts: a host without its volume never
 * runs a bot. The ECS service waits for the task, so CloudFormation waits for a running bot.
 */

/** Where the host mounts the bot's state volume; the bot's task bind-mounts `bot-state` under it. */
export const BOT_HOST_STATE_MOUNT = '/var/lib/wickr-kit';
/** The host directory the bot's task mounts at `/tmp/<bot name>` (as the Wickr docs' docker run does). */
export const BOT_HOST_STATE_DIR = `${BOT_HOST_STATE_MOUNT}/bot-state`;
/** The device name the volume is attached as (on Nitro instances it appears as NVMe, found by volume id). */
export const BOT_STATE_DEVICE = '/dev/xvdf';

/** Environment variables the attach program reads. */
export const ATTACH_VOLUME_ENV = {
  volumeId: 'WICKR_KIT_VOLUME_ID',
  device: 'WICKR_KIT_DEVICE',
  timeoutSeconds: 'WICKR_KIT_ATTACH_TIMEOUT_SECONDS',
  intervalSeconds: 'WICKR_KIT_ATTACH_INTERVAL_SECONDS',
} as const;

/**
 * The attach program: Python 3 standard library only (the AMI has no AWS CLI, and the agency's
 * registry is reachable only once the agent runs), written to /opt/wickr-kit/attach-volume.py and run with python3. It takes the
 * instance role's credentials from IMDSv2, signs its EC2 calls with SigV4 itself, and:
 *
 * - returns once the volume is attached to this instance (attaching or attached);
 * - attaches it when it is available;
 * - waits while another instance holds it (the host being replaced is still shutting down);
 * - gives up with exit code 1 on an error retrying cannot fix (no permission, no such volume) or
 *   after the timeout (30 minutes by default).
 *
 * `AWS_EC2_METADATA_SERVICE_ENDPOINT` and `AWS_ENDPOINT_URL_EC2` override the endpoints (tests). The
 * test suite runs exactly this text.
 */
export const ATTACH_VOLUME_SCRIPT = String.raw`import datetime, hashlib, hmac, json, os, sys, time, urllib.error, urllib.parse, urllib.request
import xml.etree.ElementTree as ET

env = os.environ
IMDS = env.get('AWS_EC2_METADATA_SERVICE_ENDPOINT', 'http://169.254.169.254').rstrip('/')
VOLUME = env['WICKR_KIT_VOLUME_ID']
DEVICE = env.get('WICKR_KIT_DEVICE', '/dev/xvdf')
TIMEOUT = float(env.get('WICKR_KIT_ATTACH_TIMEOUT_SECONDS', '1800'))
INTERVAL = float(env.get('WICKR_KIT_ATTACH_INTERVAL_SECONDS', '10'))
FATAL = ('UnauthorizedOperation', 'AuthFailure', 'InvalidVolume.NotFound', 'InvalidVolume.ZoneMismatch', 'InvalidInstanceID.NotFound', 'InvalidParameterValue')

def note(level, message, **fields):
    print(json.dumps(dict(level=level, source='wickr-kit-attach-volume', message=message, volume=VOLUME, **fields)), flush=True)

def imds(path, token):
    req = urllib.request.Request(IMDS + path, headers={'X-aws-ec2-metadata-token': token})
    with urllib.request.urlopen(req, timeout=5) as r:
        return r.read().decode()

def imds_token():
    req = urllib.request.Request(IMDS + '/latest/api/token', method='PUT', headers={'X-aws-ec2-metadata-token-ttl-seconds': '21600'})
    with urllib.request.urlopen(req, timeout=5) as r:
        return r.read().decode()

def credentials(token):
    role = imds('/latest/meta-data/iam/security-credentials/', token).split()[0]
    return json.loads(imds('/latest/meta-data/iam/security-credentials/' + role, token))

def sign(key, msg):
    return hmac.new(key, msg.encode(), hashlib.sha256).digest()

class AwsError(Exception):
    def __init__(self, code, status):
        Exception.__init__(self, code)
        self.code = code
        self.status = status

def ec2(region, creds, action, params):
    endpoint = env.get('AWS_ENDPOINT_URL_EC2') or ('https://ec2.' + region + '.amazonaws.com')
    url = urllib.parse.urlsplit(endpoint)
    body = urllib.parse.urlencode(sorted(dict(params, Action=action, Version='2016-11-15').items()))
    now = datetime.datetime.now(datetime.timezone.utc)
    amz_date = now.strftime('%Y%m%dT%H%M%SZ')
    day = amz_date[:8]
    headers = {'content-type': 'application/x-www-form-urlencoded; charset=utf-8', 'host': url.netloc, 'x-amz-date': amz_date}
    if creds.get('Token'):
        headers['x-amz-security-token'] = creds['Token']
    names = sorted(headers)
    canonical = '\n'.join(['POST', url.path or '/', '', ''.join(n + ':' + headers[n].strip() + '\n' for n in names), ';'.join(names), hashlib.sha256(body.encode()).hexdigest()])
    scope = '/'.join([day, region, 'ec2', 'aws4_request'])
    to_sign = '\n'.join(['AWS4-HMAC-SHA256', amz_date, scope, hashlib.sha256(canonical.encode()).hexdigest()])
    key = sign(sign(sign(sign(('AWS4' + creds['SecretAccessKey']).encode(), day), region), 'ec2'), 'aws4_request')
    headers['authorization'] = 'AWS4-HMAC-SHA256 Credential=' + creds['AccessKeyId'] + '/' + scope + ', SignedHeaders=' + ';'.join(names) + ', Signature=' + hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()
    req = urllib.request.Request(endpoint.rstrip('/') + '/', data=body.encode(), method='POST', headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=20) as r:
            return ET.fromstring(r.read())
    except urllib.error.HTTPError as e:
        text = e.read().decode(errors='replace')
        try:
            code = ET.fromstring(text).find('.//{*}Code')
            code = code.text if code is not None else 'HTTP' + str(e.code)
        except ET.ParseError:
            code = 'HTTP' + str(e.code)
        raise AwsError(code, e.code)

def text_of(node, name):
    found = node.find('{*}' + name)
    return found.text if found is not None else None

def attachment(region, creds):
    tree = ec2(region, creds, 'DescribeVolumes', {'VolumeId.1': VOLUME})
    volume = tree.find('.//{*}volumeSet/{*}item')
    if volume is None:
        raise AwsError('InvalidVolume.NotFound', 400)
    holders = [(text_of(a, 'instanceId'), text_of(a, 'status')) for a in volume.findall('{*}attachmentSet/{*}item')]
    return text_of(volume, 'status'), holders

def main():
    deadline = time.time() + TIMEOUT
    token = imds_token()
    instance = imds('/latest/meta-data/instance-id', token)
    region = imds('/latest/meta-data/placement/region', token)
    while True:
        try:
            creds = credentials(token)
            state, holders = attachment(region, creds)
            if any(i == instance and s in ('attaching', 'attached') for i, s in holders):
                note('INFO', 'the bot state volume is attached to this host', instance=instance)
                return 0
            if state == 'available':
                ec2(region, creds, 'AttachVolume', {'VolumeId': VOLUME, 'InstanceId': instance, 'Device': DEVICE})
                note('INFO', 'attaching the bot state volume', instance=instance, device=DEVICE)
                continue
            note('INFO', 'waiting for the bot state volume: another host still holds it', state=state, holders=[i for i, _ in holders])
        except AwsError as e:
            if e.code in FATAL:
                note('ERROR', 'cannot attach the bot state volume; no bot will run on this host', error=e.code)
                return 1
            note('WARN', 'attaching the bot state volume failed; retrying', error=e.code)
        except (urllib.error.URLError, OSError, ValueError) as e:
            note('WARN', 'attaching the bot state volume failed; retrying', error=type(e).__name__)
        if time.time() >= deadline:
            note('ERROR', 'gave up waiting for the bot state volume; no bot will run on this host', timeoutSeconds=TIMEOUT)
            return 1
        time.sleep(INTERVAL)

sys.exit(main())
`;

export interface BotHostUserDataOptions {
  /** The bot state volume's id (a token at synth). */
  readonly volumeId: string;
  /** The ECS cluster the host joins (a token at synth). */
  readonly clusterName: string;
}

/**
 * The host's first-boot script (cloud-init user data, run as root). Tokens in the options become
 * `Fn::Join` parts when the caller wraps the text in `ec2.UserData.custom`.
 */
export function botHostUserData(options: BotHostUserDataOptions): string {
  const nvme = `/dev/disk/by-id/nvme-Amazon_Elastic_Block_Store_$(echo "$VOLUME_ID" | tr -d -)`;
  return [
    '#!/bin/bash',
    '# wickr-cdk-kit: data-retention bot host, first boot (docs/data-retention.md)',
    'set -euo pipefail',
    `VOLUME_ID=${options.volumeId}`,
    '',
    '# The ECS agent waits for this script (it starts after cloud-init); make sure it does.',
    'systemctl stop ecs.service >/dev/null 2>&1 || true',
    '',
    '# 1. No SSH on this host: no key pair, no inbound rule, and no daemon.',
    'systemctl disable --now sshd.service sshd.socket >/dev/null 2>&1 || true',
    '',
    "# 2. Docker keeps no copy of any container's output on this host (its dual-logging cache): the",
    "#    bot's output goes only to the password-capture sidecar, through FireLens.",
    'mkdir -p /etc/docker',
    `printf '%s\\n' '{"log-opts":{"cache-disabled":"true"}}' > /etc/docker/daemon.json`,
    'systemctl try-restart docker.service',
    '',
    '# 3. Attach the bot state volume, waiting while the previous host still holds it.',
    'mkdir -p /opt/wickr-kit',
    "cat > /opt/wickr-kit/attach-volume.py <<'PYTHON'",
    ATTACH_VOLUME_SCRIPT.trimEnd(),
    'PYTHON',
    `${ATTACH_VOLUME_ENV.volumeId}="$VOLUME_ID" ${ATTACH_VOLUME_ENV.device}=${BOT_STATE_DEVICE} python3 /opt/wickr-kit/attach-volume.py`,
    '',
    '# 4. Mount it (formatting it only when it has no file system yet).',
    `DEVICE=${nvme}`,
    'for _ in $(seq 1 120); do [ -e "$DEVICE" ] && break; sleep 5; done',
    '[ -e "$DEVICE" ] || { echo "the bot state volume $VOLUME_ID never appeared; no bot will run on this host" >&2; exit 1; }',
    'blkid "$DEVICE" >/dev/null 2>&1 || mkfs.xfs -L wickr-bot-state "$DEVICE"',
    `mkdir -p ${BOT_HOST_STATE_MOUNT}`,
    `echo "$DEVICE ${BOT_HOST_STATE_MOUNT} xfs defaults,nofail 0 2" >> /etc/fstab`,
    `mount ${BOT_HOST_STATE_MOUNT}`,
    `install -d -o 1000 -g 1000 -m 750 ${BOT_HOST_STATE_DIR}`,
    '',
    '# 5. Only now may the ECS agent register, so the bot task can be placed here at all.',
    "cat >> /etc/ecs/ecs.config <<'EOF'",
    `ECS_CLUSTER=${options.clusterName}`,
    // The bot's task uses its own task role; IMDS (and the instance role) is out of its reach.
    'ECS_AWSVPC_BLOCK_IMDS=true',
    'ECS_ENABLE_TASK_IAM_ROLE=true',
    'ECS_AVAILABLE_LOGGING_DRIVERS=["awslogs","fluentd"]',
    'ECS_ENABLE_CONTAINER_METADATA=true',
    'EOF',
    'systemctl enable --now --no-block ecs.service',
    '',
  ].join('\n');
}
