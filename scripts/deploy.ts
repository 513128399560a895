/**
 * `npm run deploy [-- --dry-run] [--grace 0] [--force] [--target s3://bucket/prefix]`: publishes
 * the output folder to S3-compatible object storage, uploading only what changed
 * (src/deploy/deploy.ts). Prints one line of what it did; exits 1 when it refused or failed
 * (nothing or not everything was sent; the next deploy converges), 2 on a wrong argument.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DeployInterrupted, DeployRefused, deploySite } from '../src/deploy/deploy';
import { durationProblem, parseDuration } from '../src/deploy/duration';
import { MIN_SIZE_SHARE } from '../src/deploy/plan';
import { deployLine, planLines } from '../src/deploy/report';
import { LockedError, StorageError } from '../src/deploy/storage';
import { deployTargetProblem, formatDeployTarget, parseDeployTarget } from '../src/deploy/target';
import { commandStorageEndpointGiven, settingsForCommand } from '../src/settings/command';

const USAGE = `usage: npm run deploy [-- --dry-run] [--grace 24h] [--force] [--target s3://bucket/prefix]

Publishes the output folder (outDir) to the deploy target (deployTarget, XINWEN_DEPLOY_TARGET).
The endpoint, credentials and region come from the AWS SDK's sources: AWS_ENDPOINT_URL_S3 or
AWS_ENDPOINT_URL, AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, AWS_REGION, AWS_PROFILE.
  --dry-run   read the bucket and print the plan; change nothing
  --grace D   keep files that left the build for D (0, 90m, 24h, 7d) before deleting them
  --force     deploy a build much smaller than the last, or one that removes many files`;

function usageError(message: string): never {
  console.error(`deploy: ${message}\n\n${USAGE}`);
  process.exit(2);
}

let values: { 'dry-run': boolean; force: boolean; help: boolean; grace?: string | undefined; target?: string | undefined };
try {
  ({ values } = parseArgs({
    options: {
      'dry-run': { type: 'boolean', default: false },
      force: { type: 'boolean', default: false },
      grace: { type: 'string' },
      target: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  }));
} catch (error) {
  usageError((error as Error).message);
}
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}

const settings = settingsForCommand();
const targetText = values.target ?? settings.deployTarget;
if (targetText === undefined) {
  usageError('no deploy target: set deployTarget in src/site.config.ts, XINWEN_DEPLOY_TARGET=s3://bucket/prefix or --target');
}
const targetProblem = deployTargetProblem(targetText);
if (targetProblem) usageError(`--target ${JSON.stringify(targetText)} ${targetProblem}`);
const grace = values.grace ?? settings.deployGrace;
const graceProblem = durationProblem(grace);
if (graceProblem) usageError(`--grace ${JSON.stringify(grace)} ${graceProblem}`);

const target = parseDeployTarget(targetText);
const endpointGiven = commandStorageEndpointGiven();
// Ctrl-C or a cancelled CI job: stop starting uploads and give the bucket's lock back, rather
// than leave it to expire; a second signal stops at once.
const stop = new AbortController();
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stop.signal.aborted) process.exit(signal === 'SIGINT' ? 130 : 143);
    console.error(`deploy: ${signal}: finishing the uploads in flight and giving the lock back (again to stop at once)`);
    stop.abort();
  });
}
try {
  const result = await deploySite({
    outDir: path.resolve(settings.outDir),
    target,
    storage: { pathStyle: endpointGiven, concurrency: settings.deployConcurrency },
    limits: { graceMs: parseDuration(grace), maxDeleteShare: settings.deployDeleteLimit / 100, minSizeShare: MIN_SIZE_SHARE },
    force: values.force,
    cloudFrontDistribution: settings.cloudFrontDistribution,
    redirectHeaders: settings.deployRedirectHeaders,
    dryRun: values['dry-run'],
    signal: stop.signal,
    // Services other than AWS take any region; the SDK insists on one.
    ...(endpointGiven ? { fallbackRegion: 'us-east-1' } : {}),
  });
  for (const warning of result.warnings) console.error(`deploy: warning: ${warning}`);
  if (result.dryRun) {
    console.log(`deploy plan for ${formatDeployTarget(target)}:`);
    for (const line of planLines(result)) console.log(line);
  }
  console.log(deployLine(result, settings.timeZone));
} catch (error) {
  if (error instanceof DeployRefused) {
    console.error(`deploy to ${formatDeployTarget(target)}: ${error.message}`);
  } else if (error instanceof StorageError || error instanceof LockedError || error instanceof DeployInterrupted) {
    console.error(`deploy to ${formatDeployTarget(target)} failed: ${error.message}`);
  } else {
    console.error(
      `deploy to ${formatDeployTarget(target)} failed: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`,
    );
  }
  process.exitCode = 1;
}
