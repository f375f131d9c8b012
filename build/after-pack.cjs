// electron-builder afterPack hook: flips the Electron fuses of the packaged executable before it is
// signed. Fuses are bits in the binary itself, so they hold however the app is started:
//   RunAsNode off                      ELECTRON_RUN_AS_NODE cannot turn the app into a plain Node
//   NODE_OPTIONS off                   NODE_OPTIONS cannot inject code or flags
//   OnlyLoadAppFromAsar on             only resources/app.asar is loaded, never a loose app folder
//   EmbeddedAsarIntegrityValidation on the asar must match the hash embedded at build time
//                                      (Windows and macOS; Electron has no such check on Linux)
//   NodeCliInspectArguments off        --inspect cannot attach a debugger — except in a test build
//                                      (SHADOWDESK_TEST_BUILD=1, npm run dist -- --test-build), which
//                                      Playwright's _electron needs to drive the app
//   CookieEncryption on, GrantFileProtocolExtraPrivileges off (the app never uses file://)
'use strict';

const { FuseV1Options, FuseVersion } = require('@electron/fuses');

/** The fuse wire for a build; `testBuild` keeps the inspect arguments for Playwright. */
function fuseConfig({ testBuild = false, platform = process.platform, arch = 'x64' } = {}) {
  return {
    version: FuseVersion.V1,
    resetAdHocDarwinSignature: platform === 'darwin' && arch === 'arm64',
    [FuseV1Options.RunAsNode]: false,
    [FuseV1Options.EnableCookieEncryption]: true,
    [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
    [FuseV1Options.EnableNodeCliInspectArguments]: testBuild,
    [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
    [FuseV1Options.OnlyLoadAppFromAsar]: true,
    [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
  };
}

/** The hook itself: electron-builder's own helper finds the executable for each platform. */
async function afterPack(context) {
  const testBuild = process.env.SHADOWDESK_TEST_BUILD === '1';
  const archName = { 0: 'ia32', 1: 'x64', 2: 'armv7l', 3: 'arm64', 4: 'universal' }[context.arch] ?? 'x64';
  await context.packager.addElectronFuses(context, fuseConfig({ testBuild, platform: context.electronPlatformName, arch: archName }));
}

module.exports = afterPack;
module.exports.default = afterPack;
module.exports.fuseConfig = fuseConfig;
