// electron-builder configuration: `npm run dist` (build/scripts/dist.mjs) passes it to electron-builder.
// Windows x64: NSIS installer and portable exe. Linux x64: AppImage and deb, which run on the VSS
// stand-in as a demo. Explained in the README ("Packaging").
'use strict';

const path = require('node:path');

/** koffi's native part for Windows, staged by dist.mjs (npm cannot install it on Linux). */
const KOFFI_WIN32_STAGE = path.join('.cache', 'koffi-win32-x64', 'package');

/** @type {import('electron-builder').Configuration} */
module.exports = {
  appId: 'dev.shadowdesk.app',
  productName: 'ShadowDesk',
  copyright: 'ShadowDesk contributors, MIT licence',
  directories: { output: 'release', buildResources: 'build' },
  icon: 'build/icons/icon.png',
  // Only what runs: compiled main process, preload, host and renderer; never tests, test helpers,
  // benchmarks, source maps or sources. node_modules is the production dependency tree (koffi, zod, …).
  files: [
    'package.json',
    'dist/electron/**/*.js',
    'dist/electron/preload.cjs',
    '!dist/electron/**/*.test.js',
    '!dist/electron/testing/**',
    'dist/native/**/*.js',
    'dist/native/**/*.json',
    '!dist/native/**/*.test.js',
    '!dist/native/testing/**',
    '!dist/native/bench/**',
    'dist/renderer/**/*',
    // The image under the pointer while files are dragged out of a shadow copy (tsc does not copy it).
    { from: 'electron/assets', to: 'dist/electron/assets', filter: ['drag-file.png'] },
    // Dependencies' type declarations and source maps are of no use at run time.
    '!**/*.{map,d.ts,d.cts,d.mts}',
  ],
  asar: true,
  // Native code cannot be loaded from inside an archive: koffi's per-platform binaries and the
  // Linux stand-in library sit beside app.asar in app.asar.unpacked. (`**/*.node` catches koffi's
  // win32-x64 binary too, which comes from a staged folder rather than node_modules.)
  asarUnpack: ['node_modules/@koromix/koffi-*/**', '**/*.node', 'dist/standin/**'],
  afterPack: 'build/after-pack.cjs',
  protocols: [{ name: 'ShadowDesk', schemes: ['shadowdesk'] }],
  win: {
    target: [
      { target: 'nsis', arch: ['x64'] },
      { target: 'portable', arch: ['x64'] },
    ],
    // asInvoker: the app starts with the user's own rights and asks for elevation only when VSS
    // needs it ("Restart as administrator"); see the README for why not requireAdministrator.
    requestedExecutionLevel: 'asInvoker',
    // The stand-in is for machines without VSS: the Windows build uses the real VSS only (the common
    // `files` never include dist/standin; only linux.files adds it). koffi's Linux binaries are
    // dropped and its win32-x64 package (staged by dist.mjs) is added. The list starts with a
    // positive pattern on purpose: electron-builder reads a platform list of only exclusions as
    // "everything except", and would ship the whole project.
    files: [
      'package.json',
      '!dist/standin/**',
      '!node_modules/@koromix/koffi-linux-*/**',
      { from: KOFFI_WIN32_STAGE, to: 'node_modules/@koromix/koffi-win32-x64', filter: ['**/*'] },
    ],
    // The console command line: bin\shadowdesk.exe starts ShadowDesk.exe --cli -- ARGS and relays its
    // output and exit code (build/cli-launcher/; built by build/scripts/build-cli-launcher.mjs). In
    // bin\ because Windows names ignore case (shadowdesk.exe would be ShadowDesk.exe) and so that
    // only the launcher is put on PATH, never the app's folder with Electron's DLLs.
    extraFiles: [{ from: 'dist/cli-launcher/shadowdesk.exe', to: 'bin/shadowdesk.exe' }],
  },
  nsis: {
    oneClick: false,
    // Per machine, in Program Files, always: a binary that may be restarted elevated must not sit
    // where the unelevated user (or malware running as them) can replace it. So no folder page
    // (electron-builder adds MUI_PAGE_DIRECTORY only with allowToChangeInstallationDirectory), and
    // installer.nsh's customInit puts $INSTDIR back in Program Files after electron-builder's
    // multiUser.nsh read /D= or an earlier InstallLocation.
    perMachine: true,
    allowToChangeInstallationDirectory: false,
    createStartMenuShortcut: true,
    createDesktopShortcut: false,
    shortcutName: 'ShadowDesk',
    // Explorer's context menu: "ShadowDesk: previous versions" on files, folders and folder backgrounds.
    include: 'build/installer.nsh',
    artifactName: '${productName}-${version}-setup-${arch}.${ext}',
  },
  portable: {
    artifactName: '${productName}-${version}-portable-${arch}.${ext}',
  },
  linux: {
    target: [
      { target: 'AppImage', arch: ['x64'] },
      { target: 'deb', arch: ['x64'] },
    ],
    executableName: 'shadowdesk',
    category: 'System',
    synopsis: 'Volume Shadow Copy manager and restore tool (demo on a simulated machine off Windows)',
    maintainer: 'ShadowDesk contributors <shadowdesk@users.noreply.github.com>',
    // The stand-in library: off Windows the app runs on the embedded simulated machine.
    files: ['dist/standin/libshadowdesk-vss.so'],
  },
  deb: {
    artifactName: '${name}_${version}_${arch}.${ext}',
  },
  appImage: {
    artifactName: '${productName}-${version}-${arch}.${ext}',
  },
};
