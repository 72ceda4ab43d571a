// The webhooks spec's HTTPS receiver on loopback: a self-signed certificate for 127.0.0.1, made once per
// E2E port by the server start, trusted by the workers (NODE_EXTRA_CA_CERTS) and served by the spec.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function webhookReceiverCert(port: string): { key: string; cert: string } {
  const dir = join(tmpdir(), `vp-e2e-${port}-webhook-tls`);
  return { key: join(dir, 'key.pem'), cert: join(dir, 'cert.pem') };
}

export function makeWebhookReceiverCert(port: string): { key: string; cert: string } {
  const paths = webhookReceiverCert(port);
  mkdirSync(join(paths.cert, '..'), { recursive: true });
  if (existsSync(paths.cert) && existsSync(paths.key)) return paths;
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '30',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-keyout',
      paths.key,
      '-out',
      paths.cert,
    ],
    { stdio: 'ignore' },
  );
  return paths;
}
