import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

/** A self-signed certificate for 127.0.0.1 and localhost, made at test time. */
export interface SelfSignedCert {
  /** The PEM certificate: also the CA that trusts it. */
  readonly cert: string;
  /** The PEM private key. */
  readonly key: string;
  /** A file holding `cert`, for `GOLDEN_SIGNALS_PROMETHEUS_CA_FILE`. */
  readonly certFile: string;
  /** Removes the files. */
  remove(): Promise<void>;
}

/**
 * Makes a one-day P-256 certificate with `openssl` (node's crypto makes keys
 * but cannot sign a certificate); throws, never skips, when openssl is missing.
 */
export async function selfSignedCert(): Promise<SelfSignedCert> {
  const dir = await mkdtemp(join(tmpdir(), 'golden-signals-cert-'));
  const certFile = join(dir, 'cert.pem');
  const keyFile = join(dir, 'key.pem');
  try {
    await promisify(execFile)('openssl', [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=IP:127.0.0.1,DNS:localhost',
      '-keyout',
      keyFile,
      '-out',
      certFile,
    ]);
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw new Error(
      `openssl could not make a test certificate (apt-get install openssl): ${String(err)}`,
    );
  }
  return {
    cert: await readFile(certFile, 'utf8'),
    key: await readFile(keyFile, 'utf8'),
    certFile,
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}
