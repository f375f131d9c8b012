import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * The packaging configuration, checked by packaging for real: electron-builder runs its "dir" target
 * (everything but the installer) for Linux and Windows with a stand-in Electron distribution, since
 * the real runtime cannot be downloaded here. What lands in app.asar, what is unpacked beside it and
 * how the fuses are flipped is then read back from the output.
 */
const require = createRequire(import.meta.url);
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const builder = require(path.join(repo, 'node_modules', 'electron-builder')) as typeof import('electron-builder');
const asar = require(path.join(repo, 'node_modules', '@electron', 'asar')) as {
  listPackage(file: string, options?: object): string[];
  extractFile(archive: string, file: string): Buffer;
  getRawHeader(archive: string): { headerString: string };
};
const config = require(path.join(repo, 'build', 'electron-builder.config.cjs')) as Record<string, unknown> & { win: Record<string, unknown> };
const { fuseConfig } = require(path.join(repo, 'build', 'after-pack.cjs')) as { fuseConfig: (o: { testBuild?: boolean; platform?: string }) => Record<string, unknown> };

const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
/** Electron's own defaults: RunAsNode on, cookie encryption off, NODE_OPTIONS on, inspect on, integrity off, asar-only off, snapshot off, file privileges on. */
const STOCK_WIRE = '10110001';

/** A stand-in Electron distribution: an executable holding Electron's fuse wire, as stock Electron has it. */
function fakeElectron(dir: string, platform: 'linux' | 'win32'): string | undefined {
  mkdirSync(path.join(dir, 'resources'), { recursive: true });
  writeFileSync(path.join(dir, 'version'), '45.4.1');
  writeFileSync(path.join(dir, 'LICENSE'), 'MIT');
  if (platform === 'linux') {
    writeFileSync(path.join(dir, 'electron'), Buffer.concat([Buffer.from('stand-in Electron\n'), Buffer.from(SENTINEL), Buffer.from([1, STOCK_WIRE.length]), Buffer.from(STOCK_WIRE), Buffer.from('\n')]), { mode: 0o755 });
    return undefined;
  }
  // electron-builder embeds the asar's hash as a resource of the exe, next to its version info, so
  // the stand-in must be a real PE file with a VERSIONINFO resource.
  const source = path.join(dir, 'stand-in.c');
  const rc = path.join(dir, 'stand-in.rc');
  const res = path.join(dir, 'stand-in.o');
  writeFileSync(source, `static volatile const char fuses[] = "${SENTINEL}" "\\x01" "\\x08" "${STOCK_WIRE}";\nint main(void) { return fuses[0] == 0; }\n`);
  writeFileSync(rc, [
    '1 VERSIONINFO',
    'FILEVERSION 45,4,1,0',
    'PRODUCTVERSION 45,4,1,0',
    'BEGIN',
    '  BLOCK "StringFileInfo"',
    '  BEGIN',
    '    BLOCK "040904b0"',
    '    BEGIN',
    '      VALUE "FileDescription", "Electron"',
    '      VALUE "ProductName", "Electron"',
    '      VALUE "FileVersion", "45.4.1"',
    '      VALUE "ProductVersion", "45.4.1"',
    '      VALUE "OriginalFilename", "electron.exe"',
    '    END',
    '  END',
    '  BLOCK "VarFileInfo"',
    '  BEGIN',
    '    VALUE "Translation", 0x409, 1200',
    '  END',
    'END',
    '',
  ].join('\n'));
  const windres = spawnSync('x86_64-w64-mingw32-windres', [rc, '-O', 'coff', '-o', res], { encoding: 'utf8' });
  if (windres.error) return 'no x86_64-w64-mingw32-windres to make a stand-in electron.exe (apt-get install gcc-mingw-w64-x86-64)';
  if (windres.status !== 0) throw new Error(windres.stderr);
  const cc = spawnSync('x86_64-w64-mingw32-gcc', ['-O0', '-s', '-o', path.join(dir, 'electron.exe'), source, res], { encoding: 'utf8' });
  for (const f of [source, rc, res]) rmSync(f, { force: true });
  if (cc.error) return 'no x86_64-w64-mingw32-gcc to make a stand-in electron.exe (apt-get install gcc-mingw-w64-x86-64)';
  if (cc.status !== 0) throw new Error(cc.stderr);
  return undefined;
}

function wireOf(executable: string): string {
  const bytes = readFileSync(executable);
  const at = bytes.indexOf(SENTINEL) + SENTINEL.length;
  return bytes.subarray(at + 2, at + 2 + bytes[at + 1]!).toString('latin1');
}

async function packDir(platform: 'linux' | 'win32', out: string, stand: string): Promise<string> {
  const target = platform === 'linux' ? builder.Platform.LINUX : builder.Platform.WINDOWS;
  const cfg = structuredClone(config);
  // electron-builder logs to stdout, which node --test uses for its own protocol: keep the log here.
  const write = process.stdout.write;
  let logged = '';
  process.stdout.write = ((chunk: string | Uint8Array) => {
    logged += String(chunk);
    return true;
  }) as typeof process.stdout.write;
  try {
    await builder.build({
    projectDir: repo,
    targets: target.createTarget(['dir'], builder.Arch.x64),
    publish: 'never',
    config: {
      ...cfg,
      npmRebuild: false,
      electronDist: stand,
      directories: { ...(cfg.directories as object), output: out },
      // Editing a Windows exe's resources (icon, manifest) needs tools downloaded from GitHub.
      win: { ...cfg.win, signAndEditExecutable: false },
    },
    });
  } catch (err) {
    throw new Error(`electron-builder failed: ${err instanceof Error ? err.message : String(err)}\n${logged.slice(-3000)}`);
  } finally {
    process.stdout.write = write;
  }
  return path.join(out, platform === 'linux' ? 'linux-unpacked' : 'win-unpacked');
}

const mustShip = ['/package.json', '/dist/electron/main.js', '/dist/electron/preload.cjs', '/dist/native/host/host-main.js', '/dist/native/ffi/libraries.js', '/dist/renderer/index.html', '/dist/electron/assets/drag-file.png', '/node_modules/koffi/package.json', '/node_modules/zod/package.json'];
const neverShip = [/\.test\.js$/, /^\/dist\/.*\/testing\//, /\.map$/, /\.d\.[cm]?ts$/, /^\/dist\/.*\.ts$/, /^\/(electron|native|renderer|e2e|build)\//, /\/vss-standin\.c$/, /^\/node_modules\/(electron|electron-builder|@playwright|playwright|vite|typescript|react|react-dom|@fluentui)\//];

/** RunAsNode 0, cookie encryption 1, NODE_OPTIONS 0, inspect 0, asar integrity 1, asar only 1, (browser V8 snapshot as Electron ships it: 0), file:// privileges 0. */
const SHIPPED_WIRE = '01001100';

function asarFiles(archive: string): string[] {
  return asar.listPackage(archive, { isPack: false }).map((f) => f.split(path.sep).join('/'));
}

function checkShipped(files: string[], what: string): void {
  for (const f of mustShip) assert.ok(files.includes(f), `${what}: ${f} is in app.asar`);
  for (const re of neverShip) assert.deepEqual(files.filter((f) => re.test(f)), [], `${what}: nothing matching ${re}`);
}

test('packaging: the Linux build ships only what runs, the stand-in and koffi unpacked, fuses flipped', { timeout: 300_000 }, async (t) => {
  if (!existsSync(path.join(repo, 'dist', 'electron', 'preload.cjs'))) return t.skip('run npm run build first');
  const work = mkdtempSync(path.join(tmpdir(), 'shadowdesk-pack-'));
  try {
    fakeElectron(path.join(work, 'electron'), 'linux');
    const out = await packDir('linux', path.join(work, 'out'), path.join(work, 'electron'));
    const archive = path.join(out, 'resources', 'app.asar');
    checkShipped(asarFiles(archive), 'Linux');
    assert.equal(JSON.parse(asar.extractFile(archive, 'package.json').toString()).main, 'dist/electron/main.js');
    assert.ok(existsSync(path.join(out, 'resources', 'app.asar.unpacked', 'dist', 'standin', 'libshadowdesk-vss.so')), 'the stand-in is unpacked (dlopen cannot read an asar)');
    assert.ok(existsSync(path.join(out, 'resources', 'app.asar.unpacked', 'node_modules', '@koromix', 'koffi-linux-x64', 'linux_x64', 'koffi.node')));
    assert.equal(wireOf(path.join(out, 'shadowdesk')), SHIPPED_WIRE, 'the executable\'s fuses');
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});

test('packaging: the Windows build has no stand-in, koffi\'s win32-x64 binary unpacked, fuses flipped', { timeout: 300_000 }, async (t) => {
  if (!existsSync(path.join(repo, 'dist', 'electron', 'preload.cjs'))) return t.skip('run npm run build first');
  const work = mkdtempSync(path.join(tmpdir(), 'shadowdesk-pack-'));
  try {
    const missing = fakeElectron(path.join(work, 'electron'), 'win32');
    if (missing) return t.skip(missing);
    const staged = (await import(pathToFileURL(path.join(repo, 'build', 'scripts', 'koffi-win32.mjs')).href)) as { stageKoffiWin32(): { ok: boolean; reason?: string } };
    const koffi = staged.stageKoffiWin32();
    assert.ok(koffi.ok, koffi.reason);
    const built = ((await import(pathToFileURL(path.join(repo, 'build', 'scripts', 'build-cli-launcher.mjs')).href)) as { buildCliLauncher(): { ok: boolean; reason?: string } }).buildCliLauncher();
    assert.ok(built.ok, built.reason);
    const out = await packDir('win32', path.join(work, 'out'), path.join(work, 'electron'));
    const files = asarFiles(path.join(out, 'resources', 'app.asar'));
    checkShipped(files, 'Windows');
    // The console command line ships in bin\ beside the app, as a console-subsystem program.
    const launcher = path.join(out, 'bin', 'shadowdesk.exe');
    assert.ok(existsSync(launcher), 'bin\\shadowdesk.exe is in the install folder');
    const pe = readFileSync(launcher);
    const peAt = pe.readUInt32LE(0x3c);
    assert.equal(pe.toString('latin1', peAt, peAt + 4), 'PE\0\0');
    assert.equal(pe.readUInt16LE(peAt + 24 + 68), 3, 'IMAGE_SUBSYSTEM_WINDOWS_CUI: a console program, which shells wait for');
    assert.equal(files.filter((f) => /cli-launcher/.test(f)).length, 0, 'the launcher is not in app.asar');
    assert.deepEqual(files.filter((f) => /standin|koffi-linux/.test(f)), [], 'no stand-in, no Linux koffi');
    assert.equal(existsSync(path.join(out, 'resources', 'app.asar.unpacked', 'dist', 'standin')), false, 'the stand-in is not shipped at all');
    assert.ok(existsSync(path.join(out, 'resources', 'app.asar.unpacked', 'node_modules', '@koromix', 'koffi-win32-x64', 'win32_x64', 'koffi.node')), `koffi's win32-x64 binary, unpacked (in the asar: ${files.filter((f) => f.includes('koffi-win32')).join(', ') || 'nothing'})`);
    const exe = path.join(out, 'ShadowDesk.exe');
    assert.equal(wireOf(exe), SHIPPED_WIRE, 'the executable\'s fuses');
    // With the integrity fuse on, Electron refuses an app.asar whose header hash differs from this.
    const bytes = readFileSync(exe).toString('latin1');
    const at = bytes.indexOf('[{"file":"resources\\\\app.asar"');
    assert.ok(at >= 0, 'the asar integrity resource is embedded in the exe');
    const [integrity] = JSON.parse(bytes.slice(at, bytes.indexOf(']', at) + 1)) as { alg: string; value: string }[];
    const header = asar.getRawHeader(path.join(out, 'resources', 'app.asar')).headerString;
    assert.deepEqual(integrity, { file: 'resources\\app.asar', alg: 'SHA256', value: createHash('sha256').update(header).digest('hex') });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});

test('packaging: a test build keeps only the inspect arguments on, for Playwright', () => {
  const normal = fuseConfig({ testBuild: false });
  const testing = fuseConfig({ testBuild: true });
  const differing = Object.keys(normal).filter((k) => normal[k] !== testing[k]);
  assert.deepEqual(differing, ['3'], 'EnableNodeCliInspectArguments only');
  assert.equal(testing[3], true);
});

test('packaging: the configuration is valid for electron-builder and says what the README promises', async () => {
  const { validateConfiguration } = require(path.join(repo, 'node_modules', 'app-builder-lib', 'out', 'util', 'config', 'config.js')) as { validateConfiguration(c: unknown, logger: unknown): Promise<void> };
  const { DebugLogger } = require(path.join(repo, 'node_modules', 'builder-util')) as { DebugLogger: new (enabled: boolean) => unknown };
  await validateConfiguration(structuredClone(config), new DebugLogger(false));
  const win = config.win as { target: { target: string; arch: string[] }[]; requestedExecutionLevel: string };
  assert.deepEqual(win.target, [{ target: 'nsis', arch: ['x64'] }, { target: 'portable', arch: ['x64'] }]);
  assert.equal(win.requestedExecutionLevel, 'asInvoker');
  const linux = config.linux as { target: { target: string; arch: string[] }[] };
  assert.deepEqual(linux.target, [{ target: 'AppImage', arch: ['x64'] }, { target: 'deb', arch: ['x64'] }]);
  const nsis = config.nsis as { createStartMenuShortcut: boolean; include: string; perMachine: boolean; oneClick: boolean; allowToChangeInstallationDirectory?: boolean };
  assert.equal(nsis.createStartMenuShortcut, true);
  // Per machine, in a fixed folder under Program Files: no folder page, and /D= or an old InstallLocation put back.
  assert.equal(nsis.perMachine, true);
  assert.equal(nsis.oneClick, false);
  assert.notEqual(nsis.allowToChangeInstallationDirectory, true, 'the user cannot pick the install folder');
  const templates = path.join(repo, 'node_modules', 'app-builder-lib', 'templates', 'nsis');
  const assisted = readFileSync(path.join(templates, 'assistedInstaller.nsh'), 'utf8');
  assert.match(assisted, /!ifdef allowToChangeInstallationDirectory[\s\S]*?MUI_PAGE_DIRECTORY/, 'electron-builder shows the folder page only with that define');
  const target = readFileSync(path.join(repo, 'node_modules', 'app-builder-lib', 'out', 'targets', 'nsis', 'NsisTarget.js'), 'utf8');
  assert.match(target, /if \(options\.allowToChangeInstallationDirectory\) \{[\s\S]{0,300}defines\.allowToChangeInstallationDirectory = null/, 'and sets the define only from the option');
  const installerNsi = readFileSync(path.join(templates, 'installer.nsi'), 'utf8');
  assert.ok(installerNsi.indexOf('!insertmacro initMultiUser') < installerNsi.indexOf('!insertmacro customInit'), 'customInit runs after multiUser.nsh chose $INSTDIR');
  const script = readFileSync(path.join(repo, nsis.include), 'utf8');
  assert.match(script, /!macro customInit\s+StrCpy \$INSTDIR "\$PROGRAMFILES64\\\$\{APP_FILENAME\}"\s+!macroend/);
  assert.match(script, /"ShadowDesk: previous versions"/);
  assert.match(script, /--previous-versions="\$\{ARG\}"/);
  assert.match(script, /Software\\Classes\\shadowdesk\\shell\\open\\command/);
  for (const root of ['"*"', '"Directory"', '"Directory\\Background"']) assert.ok(script.includes(`!insertmacro shadowdeskVerb ${root}`), root);
  assert.match(script, /customUnInstall[\s\S]*DeleteRegKey/);
});
