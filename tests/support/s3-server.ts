/**
 * Real S3-compatible servers on the loopback address, for the deploy's tests and benchmark:
 * s3rver (from npm, in-process, always there) and moto_server (a stricter second: conditional
 * writes, S3's error codes), where the machine has it. Also a proxy that puts a real network's
 * faults between a client and either: throttling answers, dropped connections.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';

const require = createRequire(import.meta.url);

/** A running server: its endpoint and the credentials it accepts. */
export interface S3Server {
  name: string;
  endpoint: string;
  accessKeyId: string;
  secretAccessKey: string;
  stop(): Promise<void>;
}

/** An SDK client for the test's own reads and setup (the deploy makes its own from the environment). */
export function clientFor(server: Pick<S3Server, 'endpoint' | 'accessKeyId' | 'secretAccessKey'>): S3Client {
  return new S3Client({
    endpoint: server.endpoint,
    forcePathStyle: true,
    region: 'us-east-1',
    credentials: { accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

/** Creates `bucket` on the server. */
export async function createBucket(server: Pick<S3Server, 'endpoint' | 'accessKeyId' | 'secretAccessKey'>, bucket: string): Promise<void> {
  const client = clientFor(server);
  try {
    await client.send(new CreateBucketCommand({ Bucket: bucket }));
  } finally {
    client.destroy();
  }
}

/**
 * s3rver in a child process of the same Node.js, storing objects in a temporary folder. Not in
 * this process: its continuation tokens are DES-encrypted, which OpenSSL 3 only allows with the
 * legacy provider, a flag for the whole process. It checks access key IDs, not signatures.
 */
export async function startS3rver(): Promise<S3Server> {
  const directory = mkdtempSync(path.join(tmpdir(), 'xinwen-s3rver-'));
  const bin = path.join(path.dirname(require.resolve('s3rver/package.json')), 'bin', 's3rver.js');
  const child = spawn(process.execPath, ['--openssl-legacy-provider', bin, '-d', directory, '-a', '127.0.0.1', '-p', '0', '--silent'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`s3rver did not start within 30 s: ${output}`)), 30_000);
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const listening = /listening on [\d.]+:(\d+)/.exec(output);
      if (listening) {
        clearTimeout(timer);
        resolve(Number(listening[1]));
      }
    });
    child.once('exit', (code) => reject(new Error(`s3rver exited with ${code}: ${output}`)));
  });
  child.stdout.resume();
  return {
    name: 's3rver',
    endpoint: `http://127.0.0.1:${port}`,
    accessKeyId: 'S3RVER',
    secretAccessKey: 'S3RVER',
    async stop() {
      child.kill('SIGTERM');
      if (child.exitCode === null) await new Promise((resolve) => child.once('exit', resolve));
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

/** Where moto_server is on this machine's PATH, or undefined. */
export function motoServerPath(): string | undefined {
  const found = spawnSync('sh', ['-c', 'command -v moto_server'], { encoding: 'utf8' });
  const where = found.stdout.trim();
  return found.status === 0 && where !== '' ? where : undefined;
}

async function freePort(): Promise<number> {
  const probe = http.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** moto_server as a child process, in memory; throws when the machine has none. */
export async function startMoto(): Promise<S3Server> {
  const command = motoServerPath();
  if (!command) throw new Error('moto_server is not on this machine');
  const port = await freePort();
  const child: ChildProcess = spawn(command, ['-H', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' });
  const endpoint = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`moto_server exited with ${child.exitCode}`);
    const up = await fetch(`${endpoint}/moto-api/`).then(
      () => true,
      () => false,
    );
    if (up) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error('moto_server did not start within 30 s');
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    name: 'moto_server',
    endpoint,
    accessKeyId: 'testing',
    secretAccessKey: 'testing',
    async stop() {
      child.kill('SIGTERM');
      await new Promise((resolve) => (child.exitCode !== null ? resolve(undefined) : child.once('exit', resolve)));
    },
  };
}

/** One request the proxy passed or answered: method, decoded path, query and body size. */
export interface ProxiedRequest {
  method: string;
  path: string;
  query: string;
  headers: http.IncomingHttpHeaders;
  /** The request body, for the few small ones a test reads (delete batches). */
  body: Buffer;
}

/**
 * What the proxy does to the request numbered `n` (from 1): pass it, answer 503 SlowDown, drop
 * the connection, answer 403 AccessDenied (a bucket policy's refusal) or 501 NotImplemented (a
 * header the service lacks), or hold it unanswered (a stalled network, until the client gives up or dies).
 */
export type Fault = 'pass' | 'throttle' | 'deny' | 'unimplemented' | 'drop' | 'hang';

export interface FaultyProxy {
  endpoint: string;
  /** Every request that reached the proxy, in order. */
  requests: ProxiedRequest[];
  /** Set at any time: decides each request's fate. */
  fault: (request: ProxiedRequest, n: number) => Fault;
  stop(): Promise<void>;
}

const ACCESS_DENIED = '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>';
const NOT_IMPLEMENTED =
  '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>NotImplemented</Code><Message>Header x-amz-website-redirect-location not implemented</Message></Error>';
const SLOW_DOWN =
  '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>';

/**
 * A proxy in front of `server` that forwards each request unchanged (its Host header too, so
 * signatures hold), unless {@link FaultyProxy.fault} says to throttle or drop it.
 */
export async function startFaultyProxy(server: Pick<S3Server, 'endpoint'>): Promise<FaultyProxy> {
  const upstream = new URL(server.endpoint);
  const requests: ProxiedRequest[] = [];
  const proxy: FaultyProxy = { endpoint: '', requests, fault: () => 'pass', stop: async () => undefined };
  const httpServer = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const url = new URL(request.url ?? '/', 'http://proxy.invalid');
      const seen: ProxiedRequest = {
        method: request.method ?? 'GET',
        path: decodeURIComponent(url.pathname),
        query: url.search,
        headers: request.headers,
        body: Buffer.concat(chunks),
      };
      requests.push(seen);
      const fate = proxy.fault(seen, requests.length);
      if (fate === 'hang') return;
      if (fate === 'drop') {
        request.socket.destroy();
        return;
      }
      if (fate === 'throttle' || fate === 'deny' || fate === 'unimplemented') {
        const [status, body] = { throttle: [503, SLOW_DOWN], deny: [403, ACCESS_DENIED], unimplemented: [501, NOT_IMPLEMENTED] }[fate] as [
          number,
          string,
        ];
        response.writeHead(status, { 'content-type': 'application/xml', 'content-length': Buffer.byteLength(body) });
        response.end(body);
        return;
      }
      const forwarded = http.request(
        { host: upstream.hostname, port: upstream.port, method: request.method, path: request.url, headers: request.headers },
        (answer) => {
          response.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(response);
        },
      );
      forwarded.on('error', () => request.socket.destroy());
      forwarded.end(seen.body);
    });
  });
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  proxy.endpoint = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`;
  proxy.stop = () =>
    new Promise((resolve) => {
      httpServer.closeAllConnections();
      httpServer.close(() => resolve());
    });
  return proxy;
}

/**
 * Whether the tests must find moto_server: `.ci/run` sets XINWEN_REQUIRE_MOTO=1 on machines that
 * have it, so its absence fails there instead of leaving its tests out.
 */
export const MOTO_REQUIRED = process.env.XINWEN_REQUIRE_MOTO === '1';
