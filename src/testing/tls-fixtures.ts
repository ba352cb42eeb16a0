import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface KeyPair {
  readonly certPath: string;
  readonly keyPath: string;
  readonly cert: Buffer;
  readonly key: Buffer;
}

/** Certificates made by openssl at test time (perf-reliability §3 recipe), in a temp dir. */
export interface TlsFixtures {
  readonly dir: string;
  /** The test CA (self-signed root). */
  readonly ca: KeyPair;
  /** Server certificate from the CA, SAN localhost, 127.0.0.1, ::1. */
  readonly server: KeyPair;
  /** Server certificate from the CA whose SAN names another host only. */
  readonly wrongHost: KeyPair;
  /** Server certificate from the CA, valid 2020-01-01 to 2020-01-02. */
  readonly expired: KeyPair;
  /** Self-signed server certificate (no CA), SAN localhost, 127.0.0.1. */
  readonly selfSigned: KeyPair;
  /** Client certificate from the CA with a PKCS#8 AES-256 encrypted key. */
  readonly client: KeyPair;
  readonly clientKeyPassword: string;
  dispose(): Promise<void>;
}

const SERVER_SAN = 'subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1';

async function openssl(cwd: string, ...args: string[]): Promise<void> {
  await run('openssl', args, { cwd });
}

/** Generates every fixture into a fresh temp dir (about a dozen openssl runs). */
export async function createTlsFixtures(): Promise<TlsFixtures> {
  const dir = await mkdtemp(join(tmpdir(), 'ohos-netkit-tls-'));
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256'];
  const pair = async (name: string): Promise<KeyPair> => {
    const certPath = join(dir, `${name}.pem`);
    const keyPath = join(dir, `${name}.key`);
    return { certPath, keyPath, cert: await readFile(certPath), key: await readFile(keyPath) };
  };
  const selfSigned = (name: string, subject: string, ...extensions: string[]): Promise<void> =>
    openssl(
      dir,
      'req',
      '-x509',
      ...ec,
      '-nodes',
      '-keyout',
      `${name}.key`,
      '-out',
      `${name}.pem`,
      '-days',
      '2',
      '-subj',
      subject,
      ...extensions.flatMap((extension) => ['-addext', extension]),
    );
  let serial = 0x1000;
  const signedByCa = async (name: string, subject: string, extensions: string): Promise<void> => {
    // Own serials instead of -CAcreateserial: these run in parallel and would race on ca.srl.
    const certSerial = String((serial += 1));
    await openssl(dir, 'req', '-new', ...ec, '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', subject);
    await writeFile(join(dir, `${name}.ext`), `${extensions}\n`);
    await openssl(
      dir,
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      'ca.pem',
      '-CAkey',
      'ca.key',
      '-set_serial',
      certSerial,
      '-days',
      '2',
      '-out',
      `${name}.pem`,
      '-extfile',
      `${name}.ext`,
    );
  };

  await selfSigned('ca', '/CN=ohos-netkit test CA', 'basicConstraints=critical,CA:TRUE', 'keyUsage=critical,keyCertSign,cRLSign');
  await Promise.all([
    signedByCa('server', '/CN=localhost', SERVER_SAN),
    signedByCa('wrong-host', '/CN=other.invalid', 'subjectAltName=DNS:other.invalid'),
    selfSigned('self-signed', '/CN=localhost', SERVER_SAN),
  ]);

  // A certificate that expired long ago: `openssl x509` cannot back-date, `openssl ca` can.
  await mkdir(join(dir, 'ca-db'));
  await writeFile(join(dir, 'ca-db', 'index.txt'), '');
  await writeFile(join(dir, 'ca-db', 'serial'), '1000\n');
  await writeFile(
    join(dir, 'ca.cnf'),
    [
      '[ca]',
      'default_ca = test_ca',
      '[test_ca]',
      `dir = ${join(dir, 'ca-db')}`,
      'database = $dir/index.txt',
      'new_certs_dir = $dir',
      'serial = $dir/serial',
      'default_md = sha256',
      'policy = any',
      'copy_extensions = copy',
      'unique_subject = no',
      '[any]',
      'commonName = supplied',
      '',
    ].join('\n'),
  );
  await openssl(
    dir,
    'req',
    '-new',
    ...ec,
    '-nodes',
    '-keyout',
    'expired.key',
    '-out',
    'expired.csr',
    '-subj',
    '/CN=localhost',
    '-addext',
    SERVER_SAN,
  );
  await openssl(
    dir,
    'ca',
    '-batch',
    '-config',
    'ca.cnf',
    '-cert',
    'ca.pem',
    '-keyfile',
    'ca.key',
    '-in',
    'expired.csr',
    '-out',
    'expired.pem',
    '-startdate',
    '20200101000000Z',
    '-enddate',
    '20200102000000Z',
    '-notext',
  );

  // Client certificate with an encrypted PKCS#8 key (keyPassword).
  const clientKeyPassword = 'client-key-secret';
  await openssl(
    dir,
    'req',
    '-new',
    ...ec,
    '-keyout',
    'client.key',
    '-passout',
    `pass:${clientKeyPassword}`,
    '-out',
    'client.csr',
    '-subj',
    '/CN=ohos-netkit test client',
  );
  await writeFile(join(dir, 'client.ext'), 'extendedKeyUsage=clientAuth\n');
  await openssl(
    dir,
    'x509',
    '-req',
    '-in',
    'client.csr',
    '-CA',
    'ca.pem',
    '-CAkey',
    'ca.key',
    '-set_serial',
    '8193',
    '-days',
    '2',
    '-out',
    'client.pem',
    '-extfile',
    'client.ext',
  );

  return {
    dir,
    ca: await pair('ca'),
    server: await pair('server'),
    wrongHost: await pair('wrong-host'),
    expired: await pair('expired'),
    selfSigned: await pair('self-signed'),
    client: await pair('client'),
    clientKeyPassword,
    dispose: () => rm(dir, { recursive: true, force: true }),
  };
}
