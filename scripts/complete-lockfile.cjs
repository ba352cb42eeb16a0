// npm records a package's platform-specific optional dependencies only when the registry
// serves them; the registry mirror of our build machines serves only linux-x64 builds of
// rollup's native package, and `npm ci` then refuses the lock ("Missing: … from lock
// file"). This adds the missing entries (name, version, os/cpu/libc, optional) so that the
// lock is complete for every platform. Run after any dependency change:
//   node scripts/complete-lockfile.cjs package-lock.json
const fs = require('fs');
const file = process.argv[2];
const lock = JSON.parse(fs.readFileSync(file, 'utf8'));
const pk = lock.packages;
const OS = {
  android: 'android',
  darwin: 'darwin',
  freebsd: 'freebsd',
  linux: 'linux',
  openbsd: 'openbsd',
  openharmony: 'openharmony',
  win32: 'win32',
};
for (const info of Object.values(pk)) {
  for (const [dep, version] of Object.entries(info.optionalDependencies || {})) {
    const at = `node_modules/${dep}`;
    if (pk[at]) continue;
    const m = /^@rollup\/rollup-([a-z0-9]+)-([a-z0-9]+)(?:-([a-z]+))?$/.exec(dep);
    if (!m) throw new Error(`unknown missing optional dep ${dep}`);
    const [, os, cpu, abi] = m;
    const entry = { version, cpu: [cpu === 'arm' ? 'arm' : cpu], dev: true, license: 'MIT', optional: true, os: [OS[os]] };
    if (abi === 'gnu' || abi === 'gnueabihf') entry.libc = ['glibc'];
    if (abi === 'musl' || abi === 'musleabihf') entry.libc = ['musl'];
    pk[at] = entry;
  }
}
const sorted = Object.fromEntries(Object.entries(pk).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a < b ? -1 : 1)));
lock.packages = sorted;
fs.writeFileSync(file, JSON.stringify(lock, null, 2) + '\n');
