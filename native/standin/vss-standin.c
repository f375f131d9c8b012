/*
 * ShadowDesk VSS stand-in.
 *
 * One C11 source that exports the real ABI of the parts of vssapi.dll, kernel32, ole32 and oleaut32
 * that ShadowDesk calls, and behaves like the Volume Shadow Copy Service over a simulated machine kept
 * in a folder (see README.md next to this file for the folder layout and file formats).
 *
 * Built as a Linux .so (gcc) and as a Windows x64 DLL (x86_64-w64-mingw32-gcc). The same koffi
 * prototypes are used on both: UTF-16 strings are uint16_t, HRESULT/LONG/BOOL are int32_t,
 * DWORD/UINT/ULONG are uint32_t, MIDL boolean is uint8_t, and every VSS_ID the SDK passes by value is a
 * 16-byte struct passed by value here too.
 *
 * The source is split into parts by concern under src/, included below in order as one translation
 * unit (a unity build): internal functions stay static, the library exports only the names VSS and
 * Windows export, and the ABI check sees every type. Still one library, still checked against the
 * SDK headers. Each part refuses to be compiled on its own.
 *   01-platform           types, constants, UTF-8/UTF-16, GUIDs, time, CoTaskMem and Sys*String functions and leak
 *                         counters, threads, locks, process identity
 *   02-fs-json            file system helpers (UTF-8 paths; W APIs on Windows), JSON parser / writer
 *   03-machine            the simulated machine (machine.json), root selection, persistent state
 *                         (state/state.json) under a cross-process lock
 *   04-faults             fault injection (faults.json + ShadowDeskSimInjectFault)
 *   05-snapshot-engine    create / delete / storage, the demo machine
 *   06-com-objects        COM object plumbing, IVssAsync, enumerators
 *   07-writer-metadata    IVssExamineWriterMetadata, IVssWMComponent, IVssWMFiledesc
 *   08-backup-components  IVssBackupComponents
 *   09-management         IVssSnapshotMgmt, IVssDifferentialSoftwareSnapshotMgmt
 *   10-exports            flat exports: ole32, oleaut32, vssapi
 *   11-kernel32           flat exports: kernel32 volume enumeration and facts
 *   12-sim-exports        sim-only exports used by tests
 *   13-abi-check          ABI check (Windows build: against mingw-w64's SDK headers; both builds:
 *                         against vss-abi.json)
 */

#define SD_UNITY 1
#include "src/01-platform.c"
#include "src/02-fs-json.c"
#include "src/03-machine.c"
#include "src/04-faults.c"
#include "src/05-snapshot-engine.c"
#include "src/06-com-objects.c"
#include "src/07-writer-metadata.c"
#include "src/08-backup-components.c"
#include "src/09-management.c"
#include "src/10-exports.c"
#include "src/11-kernel32.c"
#include "src/12-sim-exports.c"
#include "src/13-abi-check.c"
