/* Part of the VSS stand-in: the ABI check against vss-abi.json and mingw-w64's SDK headers.
 * Not a translation unit of its own: vss-standin.c includes every part in order, so internal
 * functions stay static and the library exports only the names VSS and Windows export. */
#ifndef SD_UNITY
#error "compile native/standin/vss-standin.c, which includes this file"
#endif

/* ============================================================================================== */
/* 16. ABI check                                                                                  */
/* ============================================================================================== */
/* build-standin.mjs generates dist/standin/abi-check.h from native/ffi/abi/vss-abi.json. The
 * Windows build first compiles this file with -DSHADOWDESK_ABI_CHECK -fsyntax-only, which pulls in
 * mingw-w64's copies of Microsoft's VSS headers and asserts the table against them and against the
 * stand-in's own vtables/structs; the Linux build asserts the stand-in against the table only. */
#ifdef SHADOWDESK_ABI_CHECK
#include <vss.h>
#include <vswriter.h>
#include <vsbackup.h>
#include <vsmgmt.h>
#define SHADOWDESK_ABI_SDK 1
#endif
#if defined(SHADOWDESK_ABI_CHECK) || defined(SHADOWDESK_ABI_SELFCHECK)
#include "abi-check.h"
#endif
