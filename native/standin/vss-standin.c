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
 * Sections:
 *   1. Platform, types, constants
 *   2. Small utilities (UTF-8/UTF-16, string builder, GUIDs, time)
 *   3. Exported memory functions (CoTaskMem*, Sys*String) and leak counters
 *   4. Threads, locks, process identity
 *   5. File system helpers (UTF-8 paths; W APIs on Windows)
 *   6. JSON parser / writer
 *   7. Simulated machine (machine.json), root selection, demo machine
 *   8. Persistent state (state/state.json) under a cross-process lock
 *   9. Fault injection (faults.json + ShadowDeskSimInjectFault)
 *  10. Snapshot engine (create / delete / storage)
 *  11. COM object plumbing, IVssAsync, enumerators
 *  12. Writer metadata objects (IVssExamineWriterMetadata, IVssWMComponent, IVssWMFiledesc)
 *  13. IVssBackupComponents
 *  14. IVssSnapshotMgmt, IVssDifferentialSoftwareSnapshotMgmt
 *  15. Flat exports: vssapi, ole32, kernel32, sim-only
 *  16. ABI check (Windows build: against mingw-w64's SDK headers; both builds: against vss-abi.json)
 */

/* ============================================================================================== */
/* 1. Platform, types, constants                                                                  */
/* ============================================================================================== */

#if !defined(_WIN32)
#define _GNU_SOURCE 1
#endif

#include <stdint.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <errno.h>
#include <time.h>

#ifdef _WIN32
#ifndef SHADOWDESK_ABI_CHECK
#define WIN32_LEAN_AND_MEAN
#endif
#include <windows.h>
#define SD_EXPORT(name) sd_##name
#define SD_API
#else
#include <unistd.h>
#include <fcntl.h>
#include <dirent.h>
#include <pthread.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/time.h>
#ifdef __linux__
#include <linux/fs.h>
#endif
#define SD_EXPORT(name) name
#define SD_API __attribute__((visibility("default")))
#endif

typedef uint16_t WCH; /* UTF-16 code unit (WCHAR on Windows; never wchar_t here) */

typedef struct sd_GUID {
    uint32_t Data1;
    uint16_t Data2;
    uint16_t Data3;
    uint8_t Data4[8];
} sd_GUID;

typedef struct sd_VSS_SNAPSHOT_PROP {
    sd_GUID m_SnapshotId;
    sd_GUID m_SnapshotSetId;
    int32_t m_lSnapshotsCount;
    WCH *m_pwszSnapshotDeviceObject;
    WCH *m_pwszOriginalVolumeName;
    WCH *m_pwszOriginatingMachine;
    WCH *m_pwszServiceMachine;
    WCH *m_pwszExposedName;
    WCH *m_pwszExposedPath;
    sd_GUID m_ProviderId;
    int32_t m_lSnapshotAttributes;
    int64_t m_tsCreationTimestamp;
    int32_t m_eStatus;
} sd_VSS_SNAPSHOT_PROP;

typedef struct sd_VSS_PROVIDER_PROP {
    sd_GUID m_ProviderId;
    WCH *m_pwszProviderName;
    int32_t m_eProviderType;
    WCH *m_pwszProviderVersion;
    sd_GUID m_ProviderVersionId;
    sd_GUID m_ClassId;
} sd_VSS_PROVIDER_PROP;

typedef struct sd_VSS_OBJECT_PROP {
    int32_t Type;
    union {
        sd_VSS_SNAPSHOT_PROP Snap;
        sd_VSS_PROVIDER_PROP Prov;
    } Obj;
} sd_VSS_OBJECT_PROP;

typedef struct sd_VSS_VOLUME_PROP {
    WCH *m_pwszVolumeName;
    WCH *m_pwszVolumeDisplayName;
} sd_VSS_VOLUME_PROP;

typedef struct sd_VSS_DIFF_VOLUME_PROP {
    WCH *m_pwszVolumeName;
    WCH *m_pwszVolumeDisplayName;
    int64_t m_llVolumeFreeSpace;
    int64_t m_llVolumeTotalSpace;
} sd_VSS_DIFF_VOLUME_PROP;

typedef struct sd_VSS_DIFF_AREA_PROP {
    WCH *m_pwszVolumeName;
    WCH *m_pwszDiffAreaVolumeName;
    int64_t m_llMaximumDiffSpace;
    int64_t m_llAllocatedDiffSpace;
    int64_t m_llUsedDiffSpace;
} sd_VSS_DIFF_AREA_PROP;

typedef struct sd_VSS_MGMT_OBJECT_PROP {
    int32_t Type;
    union {
        sd_VSS_VOLUME_PROP Vol;
        sd_VSS_DIFF_VOLUME_PROP DiffVol;
        sd_VSS_DIFF_AREA_PROP DiffArea;
    } Obj;
} sd_VSS_MGMT_OBJECT_PROP;

typedef struct sd_VSS_COMPONENTINFO {
    int32_t type;
    WCH *bstrLogicalPath;
    WCH *bstrComponentName;
    WCH *bstrCaption;
    uint8_t *pbIcon;
    uint32_t cbIcon;
    uint8_t bRestoreMetadata;
    uint8_t bNotifyOnBackupComplete;
    uint8_t bSelectable;
    uint8_t bSelectableForRestore;
    uint32_t dwComponentFlags;
    uint32_t cFileCount;
    uint32_t cDatabases;
    uint32_t cLogFiles;
    uint32_t cDependencies;
} sd_VSS_COMPONENTINFO;

/* HRESULTs (prefixed so they never clash with the SDK's macros in the ABI-check build) */
#define SD_S_OK 0
#define SD_S_FALSE 1
#define SD_E_NOTIMPL ((int32_t)0x80004001u)
#define SD_E_NOINTERFACE ((int32_t)0x80004002u)
#define SD_E_POINTER ((int32_t)0x80004003u)
#define SD_E_FAIL ((int32_t)0x80004005u)
#define SD_E_UNEXPECTED ((int32_t)0x8000FFFFu)
#define SD_E_ACCESSDENIED ((int32_t)0x80070005u)
#define SD_E_OUTOFMEMORY ((int32_t)0x8007000Eu)
#define SD_E_INVALIDARG ((int32_t)0x80070057u)
#define SD_HR_INSUFFICIENT_BUFFER ((int32_t)0x8007007Au)
#define SD_REGDB_E_CLASSNOTREG ((int32_t)0x80040154u)
#define SD_CO_E_NOTINITIALIZED ((int32_t)0x800401F0u)
#define SD_RPC_E_CHANGED_MODE ((int32_t)0x80010106u)
#define SD_RPC_E_TOO_LATE ((int32_t)0x80010119u)
#define SD_CLASS_E_NOAGGREGATION ((int32_t)0x80040110u)
#define VSSS_ASYNC_PENDING 0x00042309
#define VSSS_ASYNC_FINISHED 0x0004230A
#define VSSS_ASYNC_CANCELLED 0x0004230B
#define VSSE_BAD_STATE ((int32_t)0x80042301u)
#define VSSE_UNEXPECTED ((int32_t)0x80042302u)
#define VSSE_PROVIDER_NOT_REGISTERED ((int32_t)0x80042304u)
#define VSSE_OBJECT_NOT_FOUND ((int32_t)0x80042308u)
#define VSSE_VOLUME_NOT_SUPPORTED ((int32_t)0x8004230Cu)
#define VSSE_OBJECT_ALREADY_EXISTS ((int32_t)0x8004230Du)
#define VSSE_MAXIMUM_NUMBER_OF_VOLUMES_REACHED ((int32_t)0x80042312u)
#define VSSE_SNAPSHOT_SET_IN_PROGRESS ((int32_t)0x80042316u)
#define VSSE_MAXIMUM_NUMBER_OF_SNAPSHOTS_REACHED ((int32_t)0x80042317u)
#define VSSE_UNSUPPORTED_CONTEXT ((int32_t)0x8004231Bu)
#define VSSE_VOLUME_IN_USE ((int32_t)0x8004231Du)
#define VSSE_INSUFFICIENT_STORAGE ((int32_t)0x8004231Fu)
#define VSSE_UNEXPECTED_PROVIDER_ERROR ((int32_t)0x8004230Fu)

/* Win32 error codes set by the kernel32 stand-ins */
#define SD_ERROR_SUCCESS 0u
#define SD_ERROR_FILE_NOT_FOUND 2u
#define SD_ERROR_INVALID_HANDLE 6u
#define SD_ERROR_NO_MORE_FILES 18u
#define SD_ERROR_BAD_LENGTH 24u
#define SD_ERROR_INVALID_PARAMETER 87u
#define SD_ERROR_INSUFFICIENT_BUFFER 122u
#define SD_ERROR_INVALID_NAME 123u
#define SD_ERROR_FILENAME_EXCED_RANGE 206u
#define SD_ERROR_MORE_DATA 234u
#define SD_ERROR_PATH_NOT_FOUND 3u

/* VSS enums */
#define SD_VSS_OBJECT_NONE 1
#define SD_VSS_OBJECT_SNAPSHOT_SET 2
#define SD_VSS_OBJECT_SNAPSHOT 3
#define SD_VSS_OBJECT_PROVIDER 4
#define SD_VSS_MGMT_OBJECT_VOLUME 1
#define SD_VSS_MGMT_OBJECT_DIFF_VOLUME 2
#define SD_VSS_MGMT_OBJECT_DIFF_AREA 3
#define SD_VSS_SS_CREATED 12
#define ATTR_PERSISTENT 0x1
#define ATTR_CLIENT_ACCESSIBLE 0x4
#define ATTR_NO_AUTO_RELEASE 0x8
#define ATTR_NO_WRITERS 0x10
#define ATTR_DIFFERENTIAL 0x20000
#define CTX_BACKUP 0x0
#define CTX_FILE_SHARE_BACKUP 0x10
#define CTX_APP_ROLLBACK 0x09
#define CTX_NAS_ROLLBACK 0x19
#define CTX_CLIENT_ACCESSIBLE_WRITERS 0x0D
#define CTX_CLIENT_ACCESSIBLE 0x1D
#define CTX_ALL (-1)
#define MAX_CLIENT_ACCESSIBLE_PER_VOLUME 64
#define MAX_SNAPSHOTS_PER_VOLUME 512
#define MAX_VOLUMES_PER_SET 64

enum {
    WS_UNKNOWN = 0, WS_STABLE = 1, WS_WAITING_FOR_FREEZE, WS_WAITING_FOR_THAW, WS_WAITING_FOR_POST_SNAPSHOT,
    WS_WAITING_FOR_BACKUP_COMPLETE, WS_FAILED_AT_IDENTIFY, WS_FAILED_AT_PREPARE_BACKUP,
    WS_FAILED_AT_PREPARE_SNAPSHOT, WS_FAILED_AT_FREEZE, WS_FAILED_AT_THAW, WS_FAILED_AT_POST_SNAPSHOT,
    WS_FAILED_AT_BACKUP_COMPLETE, WS_FAILED_AT_PRE_RESTORE, WS_FAILED_AT_POST_RESTORE,
    WS_FAILED_AT_BACKUPSHUTDOWN, WS_COUNT
};

/* writer phases that failAt can name */
enum {
    PH_NONE = 0, PH_IDENTIFY, PH_PREPARE_BACKUP, PH_PREPARE_SNAPSHOT, PH_FREEZE, PH_THAW, PH_POST_SNAPSHOT,
    PH_BACKUP_COMPLETE
};

/* Well-known ids */
static const sd_GUID GUID_ZERO = {0, 0, 0, {0, 0, 0, 0, 0, 0, 0, 0}};
static const sd_GUID IID_IUnknown_ = {0x00000000, 0x0000, 0x0000, {0xC0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x46}};
static const sd_GUID IID_IVssBackupComponents_ = {0x665c1d5f, 0xc218, 0x414d, {0xa0, 0x5d, 0x7f, 0xef, 0x5f, 0x9d, 0x5c, 0x86}};
static const sd_GUID IID_IVssAsync_ = {0x507c37b4, 0xcf5b, 0x4e95, {0xb0, 0xaf, 0x14, 0xeb, 0x97, 0x67, 0x46, 0x7e}};
static const sd_GUID IID_IVssEnumObject_ = {0xae1c7110, 0x2f60, 0x11d3, {0x8a, 0x39, 0x00, 0xc0, 0x4f, 0x72, 0xd8, 0xe3}};
static const sd_GUID IID_IVssEnumMgmtObject_ = {0x01954e6b, 0x9254, 0x4e6e, {0x80, 0x8c, 0xc9, 0xe0, 0x5d, 0x00, 0x76, 0x96}};
static const sd_GUID IID_IVssExamineWriterMetadata_ = {0x902fcf7f, 0xb7fd, 0x42f8, {0x81, 0xf1, 0xb2, 0xe4, 0x00, 0xb1, 0xe5, 0xbd}};
static const sd_GUID IID_IVssSnapshotMgmt_ = {0xfa7df749, 0x66e7, 0x4986, {0xa2, 0x7f, 0xe2, 0xf0, 0x4a, 0xe5, 0x37, 0x72}};
static const sd_GUID IID_IVssDifferentialSoftwareSnapshotMgmt_ = {0x214a0f28, 0xb737, 0x4026, {0xb8, 0x47, 0x4f, 0x9e, 0x37, 0xd7, 0x95, 0x29}};
static const sd_GUID CLSID_VssSnapshotMgmt_ = {0x0b5a2c52, 0x3eb9, 0x470a, {0x96, 0xe2, 0x6c, 0x6d, 0x45, 0x70, 0xe4, 0x0f}};
static const sd_GUID VSS_SWPRV_ProviderId_ = {0xb5946137, 0x7b9f, 0x4925, {0xaf, 0x80, 0x51, 0xab, 0xd6, 0x0b, 0x20, 0xd5}};
static const sd_GUID SWPRV_ClassId_ = {0x65ee1dba, 0x8ff4, 0x4a58, {0xac, 0x1c, 0x34, 0x70, 0xee, 0x2f, 0x37, 0x6a}};
static const sd_GUID SWPRV_VersionId_ = {0x00000001, 0x0000, 0x0000, {0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x07}};

/* ============================================================================================== */
/* 2. Small utilities                                                                             */
/* ============================================================================================== */

static void *xmalloc(size_t n) {
    void *p = malloc(n ? n : 1);
    if (!p) { fprintf(stderr, "shadowdesk-vss: out of memory\n"); abort(); }
    return p;
}
static void *xcalloc(size_t n, size_t s) {
    void *p = calloc(n ? n : 1, s ? s : 1);
    if (!p) { fprintf(stderr, "shadowdesk-vss: out of memory\n"); abort(); }
    return p;
}
static void *xrealloc(void *p, size_t n) {
    void *q = realloc(p, n ? n : 1);
    if (!q) { fprintf(stderr, "shadowdesk-vss: out of memory\n"); abort(); }
    return q;
}
static char *xstrdup(const char *s) {
    if (!s) return NULL;
    size_t n = strlen(s);
    char *d = xmalloc(n + 1);
    memcpy(d, s, n + 1);
    return d;
}

/* growable byte buffer / string builder */
typedef struct { char *p; size_t n, cap; } sbuf;
static void sb_reserve(sbuf *b, size_t more) {
    if (b->n + more + 1 > b->cap) {
        size_t c = b->cap ? b->cap : 256;
        while (c < b->n + more + 1) c *= 2;
        b->p = xrealloc(b->p, c);
        b->cap = c;
        b->p[b->n] = 0; /* always a valid C string, even before the first append */
    }
}
static void sb_addn(sbuf *b, const char *s, size_t n) {
    sb_reserve(b, n);
    memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = 0;
}
static void sb_add(sbuf *b, const char *s) { sb_addn(b, s, strlen(s)); }
static void sb_addc(sbuf *b, char c) { sb_addn(b, &c, 1); }
static void sb_printf(sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void sb_printf(sbuf *b, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    char tmp[512];
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0) return;
    if ((size_t)n < sizeof tmp) { sb_addn(b, tmp, (size_t)n); return; }
    sb_reserve(b, (size_t)n);
    va_start(ap, fmt);
    vsnprintf(b->p + b->n, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->n += (size_t)n;
}
static char *sb_take(sbuf *b) {
    if (!b->p) return xstrdup("");
    char *p = b->p;
    b->p = NULL; b->n = b->cap = 0;
    return p;
}
static void sb_free(sbuf *b) { free(b->p); b->p = NULL; b->n = b->cap = 0; }

static char *strfmt(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *strfmt(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *p = xmalloc((size_t)(n < 0 ? 0 : n) + 1);
    va_start(ap, fmt);
    vsnprintf(p, (size_t)(n < 0 ? 0 : n) + 1, fmt, ap);
    va_end(ap);
    return p;
}

static size_t wlen(const WCH *s) {
    size_t n = 0;
    if (s) while (s[n]) n++;
    return n;
}

/* UTF-16 -> UTF-8 (malloc'd). Unpaired surrogates become U+FFFD. */
static void utf8_put(sbuf *b, uint32_t c) {
    char o[4];
    size_t n;
    if (c < 0x80) { o[0] = (char)c; n = 1; }
    else if (c < 0x800) { o[0] = (char)(0xC0 | (c >> 6)); o[1] = (char)(0x80 | (c & 0x3F)); n = 2; }
    else if (c < 0x10000) { o[0] = (char)(0xE0 | (c >> 12)); o[1] = (char)(0x80 | ((c >> 6) & 0x3F)); o[2] = (char)(0x80 | (c & 0x3F)); n = 3; }
    else { o[0] = (char)(0xF0 | (c >> 18)); o[1] = (char)(0x80 | ((c >> 12) & 0x3F)); o[2] = (char)(0x80 | ((c >> 6) & 0x3F)); o[3] = (char)(0x80 | (c & 0x3F)); n = 4; }
    sb_addn(b, o, n);
}
static char *utf16_to_utf8(const WCH *s) {
    if (!s) return NULL;
    sbuf b = {0};
    sb_reserve(&b, 0);
    for (size_t i = 0; s[i]; i++) {
        uint32_t c = s[i];
        if (c >= 0xD800 && c <= 0xDBFF && s[i + 1] >= 0xDC00 && s[i + 1] <= 0xDFFF) {
            c = 0x10000 + ((c - 0xD800) << 10) + (s[i + 1] - 0xDC00);
            i++;
        } else if (c >= 0xD800 && c <= 0xDFFF) {
            c = 0xFFFD;
        }
        utf8_put(&b, c);
    }
    return sb_take(&b);
}

/* UTF-8 -> UTF-16 into a malloc'd buffer; *outLen gets the length in code units. */
static WCH *utf8_to_utf16_len(const char *s, size_t *outLen) {
    if (!s) { if (outLen) *outLen = 0; return NULL; }
    size_t n = strlen(s);
    WCH *w = xmalloc((n + 1) * 2 * sizeof(WCH));
    size_t o = 0;
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = 0; i < n;) {
        uint32_t c = u[i];
        size_t k = 0;
        if (c < 0x80) { k = 1; }
        else if ((c & 0xE0) == 0xC0 && i + 1 < n) { c = ((c & 0x1F) << 6) | (u[i + 1] & 0x3F); k = 2; }
        else if ((c & 0xF0) == 0xE0 && i + 2 < n) { c = ((c & 0x0F) << 12) | ((u[i + 1] & 0x3F) << 6) | (u[i + 2] & 0x3F); k = 3; }
        else if ((c & 0xF8) == 0xF0 && i + 3 < n) { c = ((c & 0x07) << 18) | ((u[i + 1] & 0x3F) << 12) | ((u[i + 2] & 0x3F) << 6) | (u[i + 3] & 0x3F); k = 4; }
        else { c = 0xFFFD; k = 1; }
        i += k;
        if (c >= 0x10000) {
            c -= 0x10000;
            w[o++] = (WCH)(0xD800 + (c >> 10));
            w[o++] = (WCH)(0xDC00 + (c & 0x3FF));
        } else {
            w[o++] = (WCH)c;
        }
    }
    w[o] = 0;
    if (outLen) *outLen = o;
    return w;
}
static WCH *utf8_to_utf16(const char *s) { return utf8_to_utf16_len(s, NULL); }

static int ascii_lower(int c) { return (c >= 'A' && c <= 'Z') ? c + 32 : c; }
static int ascii_upper(int c) { return (c >= 'a' && c <= 'z') ? c - 32 : c; }
static int streq_ci(const char *a, const char *b) {
    if (!a || !b) return 0;
    while (*a && *b) { if (ascii_lower((unsigned char)*a) != ascii_lower((unsigned char)*b)) return 0; a++; b++; }
    return *a == *b;
}
static int startswith_ci(const char *s, const char *prefix) {
    while (*prefix) { if (ascii_lower((unsigned char)*s) != ascii_lower((unsigned char)*prefix)) return 0; s++; prefix++; }
    return 1;
}

/* GUIDs */
static int guid_eq(const sd_GUID *a, const sd_GUID *b) { return memcmp(a, b, sizeof *a) == 0; }
static int guid_is_null(const sd_GUID *a) { return guid_eq(a, &GUID_ZERO); }
static void guid_format(const sd_GUID *g, char out[39]) {
    snprintf(out, 39, "{%08x-%04x-%04x-%02x%02x-%02x%02x%02x%02x%02x%02x}", (unsigned)g->Data1, (unsigned)g->Data2,
             (unsigned)g->Data3, g->Data4[0], g->Data4[1], g->Data4[2], g->Data4[3], g->Data4[4], g->Data4[5],
             g->Data4[6], g->Data4[7]);
}
static int hexv(int c) {
    if (c >= '0' && c <= '9') return c - '0';
    c = ascii_lower(c);
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}
/* parses "{xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx}" or without braces; returns chars consumed or 0 */
static int guid_parse_prefix(const char *s, sd_GUID *g) {
    const char *p = s;
    int brace = 0;
    if (*p == '{') { brace = 1; p++; }
    static const int groups[5] = {8, 4, 4, 4, 12};
    uint8_t bytes[16];
    int bi = 0;
    for (int gi = 0; gi < 5; gi++) {
        if (gi > 0) { if (*p != '-') return 0; p++; }
        for (int k = 0; k < groups[gi]; k += 2) {
            int h = hexv((unsigned char)p[0]), l = h < 0 ? -1 : hexv((unsigned char)p[1]);
            if (h < 0 || l < 0) return 0;
            bytes[bi++] = (uint8_t)(h * 16 + l);
            p += 2;
        }
    }
    if (brace) { if (*p != '}') return 0; p++; }
    g->Data1 = ((uint32_t)bytes[0] << 24) | ((uint32_t)bytes[1] << 16) | ((uint32_t)bytes[2] << 8) | bytes[3];
    g->Data2 = (uint16_t)((bytes[4] << 8) | bytes[5]);
    g->Data3 = (uint16_t)((bytes[6] << 8) | bytes[7]);
    memcpy(g->Data4, bytes + 8, 8);
    return (int)(p - s);
}
static int guid_parse(const char *s, sd_GUID *g) {
    if (!s) return 0;
    int n = guid_parse_prefix(s, g);
    return n > 0 && s[n] == 0;
}

static uint64_t rng_next(void);
static void guid_new(sd_GUID *g) {
    uint64_t a = rng_next(), b = rng_next();
    uint8_t bytes[16];
    memcpy(bytes, &a, 8);
    memcpy(bytes + 8, &b, 8);
    bytes[6] = (uint8_t)((bytes[6] & 0x0F) | 0x40);
    bytes[8] = (uint8_t)((bytes[8] & 0x3F) | 0x80);
    g->Data1 = ((uint32_t)bytes[0] << 24) | ((uint32_t)bytes[1] << 16) | ((uint32_t)bytes[2] << 8) | bytes[3];
    g->Data2 = (uint16_t)((bytes[4] << 8) | bytes[5]);
    g->Data3 = (uint16_t)((bytes[6] << 8) | bytes[7]);
    memcpy(g->Data4, bytes + 8, 8);
}

/* Time: FILETIME = 100 ns ticks since 1601-01-01 UTC */
#define FT_UNIX_EPOCH 116444736000000000LL
#define FT_PER_SEC 10000000LL
#define FT_PER_DAY (86400LL * FT_PER_SEC)
static _Atomic int64_t g_sim_clock; /* 0 = real time */
static int64_t real_filetime(void) {
#ifdef _WIN32
    FILETIME ft;
    GetSystemTimeAsFileTime(&ft);
    return (int64_t)(((uint64_t)ft.dwHighDateTime << 32) | ft.dwLowDateTime);
#else
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return FT_UNIX_EPOCH + (int64_t)ts.tv_sec * FT_PER_SEC + ts.tv_nsec / 100;
#endif
}
static int64_t now_filetime(void) {
    int64_t c = atomic_load(&g_sim_clock);
    return c ? c : real_filetime();
}
static int64_t monotonic_ms(void) {
#ifdef _WIN32
    return (int64_t)GetTickCount64();
#else
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
#endif
}

/* ============================================================================================== */
/* 3. Exported memory functions and leak counters                                                 */
/* ============================================================================================== */

static atomic_uint g_live_objects; /* kind 0 */
static atomic_uint g_live_bstrs;   /* kind 1 */
static atomic_uint g_live_taskmem; /* kind 2 */

SD_API void *SD_EXPORT(CoTaskMemAlloc)(size_t cb) {
    void *p = malloc(cb ? cb : 1);
    if (p) atomic_fetch_add(&g_live_taskmem, 1);
    return p;
}
SD_API void SD_EXPORT(CoTaskMemFree)(void *p) {
    if (!p) return;
    atomic_fetch_sub(&g_live_taskmem, 1);
    free(p);
}
static void *tm_calloc(size_t n) {
    void *p = SD_EXPORT(CoTaskMemAlloc)(n);
    if (!p) { fprintf(stderr, "shadowdesk-vss: out of memory\n"); abort(); }
    memset(p, 0, n);
    return p;
}
/* CoTaskMem copy of a UTF-8 string as UTF-16 */
static WCH *tm_wstr(const char *s) {
    if (!s) return NULL;
    size_t n;
    WCH *w = utf8_to_utf16_len(s, &n);
    WCH *r = tm_calloc((n + 1) * sizeof(WCH));
    memcpy(r, w, n * sizeof(WCH));
    free(w);
    return r;
}

/* BSTR: uint32 byte length, then the UTF-16 characters, then a NUL; the pointer is to the characters. */
SD_API WCH *SD_EXPORT(SysAllocStringLen)(const WCH *s, uint32_t cch) {
    uint8_t *raw = malloc(4 + (size_t)cch * 2 + 2);
    if (!raw) return NULL;
    uint32_t bytes = cch * 2;
    memcpy(raw, &bytes, 4);
    WCH *w = (WCH *)(void *)(raw + 4);
    if (s) memcpy(w, s, (size_t)cch * 2);
    else memset(w, 0, (size_t)cch * 2);
    w[cch] = 0;
    atomic_fetch_add(&g_live_bstrs, 1);
    return w;
}
SD_API WCH *SD_EXPORT(SysAllocString)(const WCH *s) {
    if (!s) return NULL;
    return SD_EXPORT(SysAllocStringLen)(s, (uint32_t)wlen(s));
}
SD_API void SD_EXPORT(SysFreeString)(WCH *s) {
    if (!s) return;
    atomic_fetch_sub(&g_live_bstrs, 1);
    free((uint8_t *)(void *)s - 4);
}
SD_API uint32_t SD_EXPORT(SysStringLen)(const WCH *s) {
    if (!s) return 0;
    uint32_t bytes;
    memcpy(&bytes, (const uint8_t *)(const void *)s - 4, 4);
    return bytes / 2;
}
SD_API uint32_t SD_EXPORT(SysStringByteLen)(const WCH *s) {
    if (!s) return 0;
    uint32_t bytes;
    memcpy(&bytes, (const uint8_t *)(const void *)s - 4, 4);
    return bytes;
}
/* BSTR from UTF-8 */
static WCH *bstr_utf8(const char *s) {
    if (!s) return NULL;
    size_t n;
    WCH *w = utf8_to_utf16_len(s, &n);
    WCH *b = SD_EXPORT(SysAllocStringLen)(w, (uint32_t)n);
    free(w);
    return b;
}

SD_API uint32_t SD_EXPORT(ShadowDeskSimLiveCount)(uint32_t kind) {
    switch (kind) {
    case 0: return atomic_load(&g_live_objects);
    case 1: return atomic_load(&g_live_bstrs);
    case 2: return atomic_load(&g_live_taskmem);
    default: return 0xFFFFFFFFu;
    }
}

/* ============================================================================================== */
/* 4. Threads, locks, process identity                                                            */
/* ============================================================================================== */

#ifdef _WIN32
typedef DWORD sd_tid;
static sd_tid self_tid(void) { return GetCurrentThreadId(); }
static SRWLOCK g_mu_raw = SRWLOCK_INIT;
static void mu_raw_lock(void) { AcquireSRWLockExclusive(&g_mu_raw); }
static void mu_raw_unlock(void) { ReleaseSRWLockExclusive(&g_mu_raw); }
static SRWLOCK g_amu = SRWLOCK_INIT;
static CONDITION_VARIABLE g_acv = CONDITION_VARIABLE_INIT;
static void amu_lock(void) { AcquireSRWLockExclusive(&g_amu); }
static void amu_unlock(void) { ReleaseSRWLockExclusive(&g_amu); }
static void acv_broadcast(void) { WakeAllConditionVariable(&g_acv); }
/* waits up to ms (negative = forever) */
static void acv_wait(int64_t ms) { SleepConditionVariableSRW(&g_acv, &g_amu, ms < 0 ? INFINITE : (DWORD)ms, 0); }
typedef struct { void (*fn)(void *); void *arg; } thread_start;
static DWORD WINAPI thread_tramp(LPVOID p) {
    thread_start ts = *(thread_start *)p;
    free(p);
    ts.fn(ts.arg);
    return 0;
}
static int thread_spawn(void (*fn)(void *), void *arg) {
    thread_start *ts = xmalloc(sizeof *ts);
    ts->fn = fn; ts->arg = arg;
    HANDLE h = CreateThread(NULL, 0, thread_tramp, ts, 0, NULL);
    if (!h) { free(ts); return -1; }
    CloseHandle(h);
    return 0;
}
static uint32_t self_pid(void) { return (uint32_t)GetCurrentProcessId(); }
static int64_t process_start_token(uint32_t pid) {
    HANDLE h = pid == self_pid() ? GetCurrentProcess() : OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, FALSE, pid);
    if (!h) return -1;
    FILETIME c, e, k, u;
    int64_t r = -1;
    DWORD code = 0;
    if (GetProcessTimes(h, &c, &e, &k, &u)) {
        if (pid == self_pid() || (GetExitCodeProcess(h, &code) && code == STILL_ACTIVE))
            r = (int64_t)(((uint64_t)c.dwHighDateTime << 32) | c.dwLowDateTime);
    }
    if (pid != self_pid()) CloseHandle(h);
    return r;
}
static void die_now(int code) { TerminateProcess(GetCurrentProcess(), (UINT)code); ExitProcess((UINT)code); }
#else
typedef pthread_t sd_tid;
static sd_tid self_tid(void) { return pthread_self(); }
static pthread_mutex_t g_mu_raw = PTHREAD_MUTEX_INITIALIZER;
static void mu_raw_lock(void) { pthread_mutex_lock(&g_mu_raw); }
static void mu_raw_unlock(void) { pthread_mutex_unlock(&g_mu_raw); }
static pthread_mutex_t g_amu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t g_acv = PTHREAD_COND_INITIALIZER;
static void amu_lock(void) { pthread_mutex_lock(&g_amu); }
static void amu_unlock(void) { pthread_mutex_unlock(&g_amu); }
static void acv_broadcast(void) { pthread_cond_broadcast(&g_acv); }
static void acv_wait(int64_t ms) {
    if (ms < 0) { pthread_cond_wait(&g_acv, &g_amu); return; }
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    ts.tv_sec += (time_t)(ms / 1000);
    ts.tv_nsec += (long)(ms % 1000) * 1000000L;
    if (ts.tv_nsec >= 1000000000L) { ts.tv_sec++; ts.tv_nsec -= 1000000000L; }
    pthread_cond_timedwait(&g_acv, &g_amu, &ts);
}
typedef struct { void (*fn)(void *); void *arg; } thread_start;
static void *thread_tramp(void *p) {
    thread_start ts = *(thread_start *)p;
    free(p);
    ts.fn(ts.arg);
    return NULL;
}
static int thread_spawn(void (*fn)(void *), void *arg) {
    thread_start *ts = xmalloc(sizeof *ts);
    ts->fn = fn; ts->arg = arg;
    pthread_t t;
    pthread_attr_t at;
    pthread_attr_init(&at);
    pthread_attr_setdetachstate(&at, PTHREAD_CREATE_DETACHED);
    int rc = pthread_create(&t, &at, thread_tramp, ts);
    pthread_attr_destroy(&at);
    if (rc) { free(ts); return -1; }
    return 0;
}
static uint32_t self_pid(void) { return (uint32_t)getpid(); }
/* process start time (clock ticks since boot) from /proc; -1 when the process does not exist */
static int64_t process_start_token(uint32_t pid) {
    char path[64];
    snprintf(path, sizeof path, "/proc/%u/stat", (unsigned)pid);
    FILE *f = fopen(path, "r");
    if (!f) {
        if (kill((pid_t)pid, 0) == 0 || errno == EPERM) return 0;
        return -1;
    }
    char buf[1024];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = 0;
    char *p = strrchr(buf, ')');
    if (!p) return 0;
    p++;
    /* fields after comm: state(3) ppid(4) ... starttime(22) */
    int field = 2;
    char state = 0;
    while (*p && field < 22) {
        while (*p == ' ') p++;
        field++;
        if (field == 3) state = *p;
        if (field == 22) break;
        while (*p && *p != ' ') p++;
    }
    if (state == 'Z' || state == 'X') return -1;
    return (int64_t)strtoll(p, NULL, 10);
}
static void die_now(int code) { _exit(code); }
#endif

/* One recursive process-wide lock around all simulator state (objects, caches, the state file). */
static _Atomic(sd_tid) g_mu_owner;
static _Atomic int g_mu_owned;
static int g_mu_depth;
static int tid_eq(sd_tid a, sd_tid b) {
#ifdef _WIN32
    return a == b;
#else
    return pthread_equal(a, b);
#endif
}
static void glock(void) {
    sd_tid me = self_tid();
    if (atomic_load(&g_mu_owned) && tid_eq(atomic_load(&g_mu_owner), me)) { g_mu_depth++; return; }
    mu_raw_lock();
    atomic_store(&g_mu_owner, me);
    atomic_store(&g_mu_owned, 1);
    g_mu_depth = 1;
}
static void gunlock(void) {
    if (--g_mu_depth == 0) {
        atomic_store(&g_mu_owned, 0);
        mu_raw_unlock();
    }
}

static int64_t g_self_start = -2;
static uint32_t g_self_start_pid;
static int64_t self_start(void) {
    /* keyed by pid so that a fork()ed child does not inherit its parent's token */
    if (g_self_start == -2 || g_self_start_pid != self_pid()) {
        g_self_start = process_start_token(self_pid());
        g_self_start_pid = self_pid();
    }
    return g_self_start;
}
static int pid_alive(uint32_t pid, int64_t start) {
    if (pid == 0) return 0;
    int64_t s = process_start_token(pid);
    if (s < 0) return 0;
    if (start > 0 && s > 0 && s != start) return 0; /* pid reused */
    return 1;
}

static _Atomic uint64_t g_rng;
static _Atomic int g_rng_seeded;
static uint64_t rng_next(void) {
    if (!atomic_load(&g_rng_seeded)) {
        uint64_t seed = (uint64_t)real_filetime() ^ ((uint64_t)self_pid() << 32) ^ (uint64_t)(uintptr_t)&g_rng;
        uint64_t expected = 0;
        atomic_compare_exchange_strong(&g_rng, &expected, seed);
        atomic_store(&g_rng_seeded, 1);
    }
    /* splitmix64 over a shared counter; the pid is mixed in so a fork()ed child never repeats its parent */
    uint64_t z = atomic_fetch_add(&g_rng, 0x9E3779B97F4A7C15ull) + 0x9E3779B97F4A7C15ull;
    z ^= (uint64_t)self_pid() * 0xD6E8FEB86659FD93ull;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

/* ============================================================================================== */
/* 5. File system helpers (paths are UTF-8 with '/' separators internally)                        */
/* ============================================================================================== */

typedef struct { int exists, isdir; int64_t size; int64_t mtime; /* FILETIME */ } fs_info;

static char *path_join(const char *a, const char *b) {
    size_t la = strlen(a);
    if (la && (a[la - 1] == '/' || a[la - 1] == '\\')) return strfmt("%s%s", a, b);
    return strfmt("%s/%s", a, b);
}
static char *path_join3(const char *a, const char *b, const char *c) {
    char *ab = path_join(a, b);
    char *r = path_join(ab, c);
    free(ab);
    return r;
}

#ifdef _WIN32
static WCH *win_path(const char *p) {
    WCH *w = utf8_to_utf16(p);
    for (WCH *q = w; *q; q++) if (*q == '/') *q = '\\';
    return w;
}
static int64_t ft_from(FILETIME f) { return (int64_t)(((uint64_t)f.dwHighDateTime << 32) | f.dwLowDateTime); }
static int fs_stat(const char *path, fs_info *st) {
    memset(st, 0, sizeof *st);
    WCH *w = win_path(path);
    WIN32_FILE_ATTRIBUTE_DATA d;
    BOOL ok = GetFileAttributesExW((wchar_t *)w, GetFileExInfoStandard, &d);
    free(w);
    if (!ok) return -1;
    st->exists = 1;
    st->isdir = (d.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY) != 0;
    st->size = (int64_t)(((uint64_t)d.nFileSizeHigh << 32) | d.nFileSizeLow);
    st->mtime = ft_from(d.ftLastWriteTime);
    return 0;
}
static int fs_mkdir(const char *path) {
    WCH *w = win_path(path);
    BOOL ok = CreateDirectoryW((wchar_t *)w, NULL);
    DWORD e = GetLastError();
    free(w);
    return ok || e == ERROR_ALREADY_EXISTS ? 0 : -1;
}
static int fs_remove_file(const char *path) {
    WCH *w = win_path(path);
    SetFileAttributesW((wchar_t *)w, FILE_ATTRIBUTE_NORMAL);
    BOOL ok = DeleteFileW((wchar_t *)w);
    free(w);
    return ok ? 0 : -1;
}
static int fs_rmdir(const char *path) {
    WCH *w = win_path(path);
    BOOL ok = RemoveDirectoryW((wchar_t *)w);
    free(w);
    return ok ? 0 : -1;
}
typedef int (*fs_list_cb)(const char *name, int isdir, void *ctx);
static int fs_list(const char *dir, fs_list_cb cb, void *ctx) {
    char *pat = path_join(dir, "*");
    WCH *w = win_path(pat);
    free(pat);
    WIN32_FIND_DATAW fd;
    HANDLE h = FindFirstFileW((wchar_t *)w, &fd);
    free(w);
    if (h == INVALID_HANDLE_VALUE) return -1;
    int rc = 0;
    do {
        const WCH *n = (const WCH *)fd.cFileName;
        if ((n[0] == '.' && n[1] == 0) || (n[0] == '.' && n[1] == '.' && n[2] == 0)) continue;
        if (fd.dwFileAttributes & FILE_ATTRIBUTE_REPARSE_POINT) continue;
        char *u = utf16_to_utf8(n);
        rc = cb(u, (fd.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY) != 0, ctx);
        free(u);
    } while (rc == 0 && FindNextFileW(h, &fd));
    FindClose(h);
    return rc;
}
static int fs_rename(const char *from, const char *to) {
    WCH *a = win_path(from), *b = win_path(to);
    BOOL ok = MoveFileExW((wchar_t *)a, (wchar_t *)b, MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH);
    free(a); free(b);
    return ok ? 0 : -1;
}
static int fs_copy_file(const char *src, const char *dst) {
    WCH *a = win_path(src), *b = win_path(dst);
    BOOL ok = CopyFileW((wchar_t *)a, (wchar_t *)b, FALSE); /* keeps the last-write time */
    free(a); free(b);
    return ok ? 0 : -1;
}
static int fs_set_mtime(const char *path, int64_t ft) {
    WCH *w = win_path(path);
    HANDLE h = CreateFileW((wchar_t *)w, FILE_WRITE_ATTRIBUTES, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL,
                           OPEN_EXISTING, FILE_FLAG_BACKUP_SEMANTICS, NULL);
    free(w);
    if (h == INVALID_HANDLE_VALUE) return -1;
    FILETIME f;
    f.dwLowDateTime = (DWORD)((uint64_t)ft & 0xFFFFFFFFu);
    f.dwHighDateTime = (DWORD)((uint64_t)ft >> 32);
    BOOL ok = SetFileTime(h, NULL, &f, &f);
    CloseHandle(h);
    return ok ? 0 : -1;
}
static char *fs_read(const char *path, size_t *len) {
    WCH *w = win_path(path);
    HANDLE h = CreateFileW((wchar_t *)w, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL,
                           OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, NULL);
    free(w);
    if (h == INVALID_HANDLE_VALUE) return NULL;
    sbuf b = {0};
    sb_reserve(&b, 4096);
    for (;;) {
        char tmp[65536];
        DWORD got = 0;
        if (!ReadFile(h, tmp, sizeof tmp, &got, NULL) || got == 0) break;
        sb_addn(&b, tmp, got);
    }
    CloseHandle(h);
    if (len) *len = b.n;
    return sb_take(&b);
}
static int fs_write(const char *path, const void *data, size_t len) {
    WCH *w = win_path(path);
    HANDLE h = CreateFileW((wchar_t *)w, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
    free(w);
    if (h == INVALID_HANDLE_VALUE) return -1;
    const char *p = data;
    while (len) {
        DWORD put = 0;
        if (!WriteFile(h, p, (DWORD)(len > 0x40000000 ? 0x40000000 : len), &put, NULL) || put == 0) { CloseHandle(h); return -1; }
        p += put; len -= put;
    }
    FlushFileBuffers(h);
    CloseHandle(h);
    return 0;
}
#else
static int64_t ft_from_ts(struct timespec ts) { return FT_UNIX_EPOCH + (int64_t)ts.tv_sec * FT_PER_SEC + ts.tv_nsec / 100; }
static int fs_stat(const char *path, fs_info *st) {
    memset(st, 0, sizeof *st);
    struct stat s;
    if (stat(path, &s) != 0) return -1;
    st->exists = 1;
    st->isdir = S_ISDIR(s.st_mode);
    st->size = (int64_t)s.st_size;
    st->mtime = ft_from_ts(s.st_mtim);
    return 0;
}
static int fs_mkdir(const char *path) { return mkdir(path, 0755) == 0 || errno == EEXIST ? 0 : -1; }
static int fs_remove_file(const char *path) { return unlink(path); }
static int fs_rmdir(const char *path) { return rmdir(path); }
typedef int (*fs_list_cb)(const char *name, int isdir, void *ctx);
static int fs_list(const char *dir, fs_list_cb cb, void *ctx) {
    DIR *d = opendir(dir);
    if (!d) return -1;
    struct dirent *e;
    int rc = 0;
    while (rc == 0 && (e = readdir(d)) != NULL) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
        char *p = path_join(dir, e->d_name);
        struct stat s;
        int ok = lstat(p, &s) == 0;
        free(p);
        if (!ok || !(S_ISDIR(s.st_mode) || S_ISREG(s.st_mode))) continue; /* symlinks etc. are skipped */
        rc = cb(e->d_name, S_ISDIR(s.st_mode), ctx);
    }
    closedir(d);
    return rc;
}
static int fs_rename(const char *from, const char *to) { return rename(from, to); }
static int fs_copy_file(const char *src, const char *dst) {
    int in = open(src, O_RDONLY | O_CLOEXEC);
    if (in < 0) return -1;
    struct stat s;
    if (fstat(in, &s) != 0) { close(in); return -1; }
    int out = open(dst, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, s.st_mode & 07777);
    if (out < 0) { close(in); return -1; }
    int ok = 0;
#ifdef FICLONE
    if (ioctl(out, FICLONE, in) == 0) ok = 1; /* reflink where the file system supports it */
#endif
    if (!ok) {
        char buf[65536];
        ok = 1;
        for (;;) {
            ssize_t n = read(in, buf, sizeof buf);
            if (n < 0 && errno == EINTR) continue;
            if (n < 0) { ok = 0; break; }
            if (n == 0) break;
            ssize_t off = 0;
            while (off < n) {
                ssize_t w = write(out, buf + off, (size_t)(n - off));
                if (w < 0 && errno == EINTR) continue;
                if (w <= 0) { ok = 0; break; }
                off += w;
            }
            if (!ok) break;
        }
    }
    struct timespec times[2] = {s.st_atim, s.st_mtim};
    futimens(out, times);
    close(in);
    if (close(out) != 0) ok = 0;
    return ok ? 0 : -1;
}
static int fs_set_mtime(const char *path, int64_t ft) {
    int64_t t = ft - FT_UNIX_EPOCH;
    struct timespec times[2];
    times[0].tv_sec = times[1].tv_sec = (time_t)(t / FT_PER_SEC);
    times[0].tv_nsec = times[1].tv_nsec = (long)(t % FT_PER_SEC) * 100;
    return utimensat(AT_FDCWD, path, times, 0);
}
static char *fs_read(const char *path, size_t *len) {
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return NULL;
    sbuf b = {0};
    sb_reserve(&b, 4096);
    for (;;) {
        char tmp[65536];
        ssize_t n = read(fd, tmp, sizeof tmp);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        sb_addn(&b, tmp, (size_t)n);
    }
    close(fd);
    if (len) *len = b.n;
    return sb_take(&b);
}
static int fs_write(const char *path, const void *data, size_t len) {
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) return -1;
    const char *p = data;
    while (len) {
        ssize_t w = write(fd, p, len);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) { close(fd); return -1; }
        p += w; len -= (size_t)w;
    }
    fsync(fd);
    return close(fd);
}
#endif

static int fs_exists(const char *path) { fs_info st; return fs_stat(path, &st) == 0; }
static int fs_isdir(const char *path) { fs_info st; return fs_stat(path, &st) == 0 && st.isdir; }

static int fs_mkdirs(const char *path) {
    char *p = xstrdup(path);
    size_t n = strlen(p);
    for (size_t i = 1; i < n; i++) {
        if (p[i] == '/' || p[i] == '\\') {
            if (i == 2 && p[1] == ':') continue; /* "C:\" */
            char c = p[i];
            p[i] = 0;
            if (!fs_isdir(p)) fs_mkdir(p);
            p[i] = c;
        }
    }
    int rc = fs_isdir(p) ? 0 : fs_mkdir(p);
    free(p);
    return rc;
}

static int fs_write_atomic(const char *path, const void *data, size_t len) {
    char *tmp = strfmt("%s.tmp.%u.%llx", path, (unsigned)self_pid(), (unsigned long long)(rng_next() & 0xFFFFFF));
    int rc = fs_write(tmp, data, len);
    if (rc == 0) rc = fs_rename(tmp, path);
    if (rc != 0) fs_remove_file(tmp);
    free(tmp);
    return rc;
}

static int rmtree_cb(const char *name, int isdir, void *ctx);
static int fs_rmtree(const char *path) {
    fs_info st;
    if (fs_stat(path, &st) != 0) return 0;
    if (!st.isdir) return fs_remove_file(path);
    fs_list(path, rmtree_cb, (void *)path);
    return fs_rmdir(path);
}
static int rmtree_cb(const char *name, int isdir, void *ctx) {
    char *p = path_join((const char *)ctx, name);
    if (isdir) fs_rmtree(p);
    else fs_remove_file(p);
    free(p);
    return 0;
}

typedef struct { const char *src, *dst; int64_t bytes; int err; } copy_ctx;
static int copytree_cb(const char *name, int isdir, void *vctx);
static int fs_copytree(const char *src, const char *dst, int64_t *bytes) {
    if (fs_mkdirs(dst) != 0) return -1;
    copy_ctx c = {src, dst, 0, 0};
    fs_list(src, copytree_cb, &c);
    fs_info st;
    if (fs_stat(src, &st) == 0) fs_set_mtime(dst, st.mtime);
    if (bytes) *bytes += c.bytes;
    return c.err;
}
static int copytree_cb(const char *name, int isdir, void *vctx) {
    copy_ctx *c = vctx;
    char *s = path_join(c->src, name), *d = path_join(c->dst, name);
    if (isdir) {
        int64_t b = 0;
        if (fs_copytree(s, d, &b) != 0) c->err = -1;
        c->bytes += b;
    } else {
        fs_info st;
        if (fs_copy_file(s, d) != 0) c->err = -1;
        else if (fs_stat(s, &st) == 0) c->bytes += st.size;
    }
    free(s); free(d);
    return 0;
}

typedef struct { const char *dir; int64_t bytes; } size_ctx;
static int treesize_cb(const char *name, int isdir, void *vctx);
static int64_t fs_treesize(const char *dir) {
    size_ctx c = {dir, 0};
    fs_list(dir, treesize_cb, &c);
    return c.bytes;
}
static int treesize_cb(const char *name, int isdir, void *vctx) {
    size_ctx *c = vctx;
    char *p = path_join(c->dir, name);
    if (isdir) c->bytes += fs_treesize(p);
    else { fs_info st; if (fs_stat(p, &st) == 0) c->bytes += st.size; }
    free(p);
    return 0;
}

/* ---- cross-process lock file ---- */
#ifdef _WIN32
typedef HANDLE lockfile_t;
#define LOCKFILE_NONE NULL
static lockfile_t lockfile_acquire(const char *path) {
    WCH *w = win_path(path);
    HANDLE h = CreateFileW((wchar_t *)w, GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
                           NULL, OPEN_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
    free(w);
    if (h == INVALID_HANDLE_VALUE) return NULL;
    OVERLAPPED ov;
    memset(&ov, 0, sizeof ov);
    if (!LockFileEx(h, LOCKFILE_EXCLUSIVE_LOCK, 0, 1, 0, &ov)) { CloseHandle(h); return NULL; }
    return h;
}
static void lockfile_release(lockfile_t h) {
    if (!h) return;
    OVERLAPPED ov;
    memset(&ov, 0, sizeof ov);
    UnlockFileEx(h, 0, 1, 0, &ov);
    CloseHandle(h);
}
#else
typedef int lockfile_t;
#define LOCKFILE_NONE (-1)
static lockfile_t lockfile_acquire(const char *path) {
    int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) return -1;
    while (flock(fd, LOCK_EX) != 0) {
        if (errno != EINTR) { close(fd); return -1; }
    }
    return fd;
}
static void lockfile_release(lockfile_t fd) {
    if (fd < 0) return;
    flock(fd, LOCK_UN);
    close(fd);
}
#endif

/* ============================================================================================== */
/* 6. JSON parser / writer                                                                        */
/* ============================================================================================== */

typedef enum { J_NULL, J_BOOL, J_NUM, J_STR, J_ARR, J_OBJ } jtype;
typedef struct jval {
    jtype t;
    int b;
    double num;
    int64_t i;
    int is_int;
    char *s;
    struct jval **items; /* arrays and object values */
    char **keys;         /* objects */
    size_t n;
} jval;

typedef struct { const char *p; const char *err; int depth; } jparser;

static void json_free(jval *v) {
    if (!v) return;
    free(v->s);
    for (size_t k = 0; k < v->n; k++) {
        json_free(v->items[k]);
        if (v->keys) free(v->keys[k]);
    }
    free(v->items);
    free(v->keys);
    free(v);
}
static void jskip(jparser *jp) {
    for (;;) {
        while (*jp->p == ' ' || *jp->p == '\t' || *jp->p == '\n' || *jp->p == '\r') jp->p++;
        /* tolerate // comments: machine.json is edited by hand */
        if (jp->p[0] == '/' && jp->p[1] == '/') { while (*jp->p && *jp->p != '\n') jp->p++; continue; }
        break;
    }
}
static int jhex4(const char *p, uint32_t *out) {
    uint32_t v = 0;
    for (int k = 0; k < 4; k++) { int h = hexv((unsigned char)p[k]); if (h < 0) return 0; v = v * 16 + (uint32_t)h; }
    *out = v;
    return 1;
}
static char *jparse_string(jparser *jp) {
    if (*jp->p != '"') { jp->err = "expected string"; return NULL; }
    jp->p++;
    sbuf b = {0};
    sb_reserve(&b, 16);
    while (*jp->p && *jp->p != '"') {
        char c = *jp->p++;
        if (c != '\\') { sb_addc(&b, c); continue; }
        char e = *jp->p++;
        switch (e) {
        case '"': sb_addc(&b, '"'); break;
        case '\\': sb_addc(&b, '\\'); break;
        case '/': sb_addc(&b, '/'); break;
        case 'b': sb_addc(&b, '\b'); break;
        case 'f': sb_addc(&b, '\f'); break;
        case 'n': sb_addc(&b, '\n'); break;
        case 'r': sb_addc(&b, '\r'); break;
        case 't': sb_addc(&b, '\t'); break;
        case 'u': {
            uint32_t u;
            if (!jhex4(jp->p, &u)) { jp->err = "bad \\u escape"; sb_free(&b); return NULL; }
            jp->p += 4;
            if (u >= 0xD800 && u <= 0xDBFF && jp->p[0] == '\\' && jp->p[1] == 'u') {
                uint32_t lo;
                if (jhex4(jp->p + 2, &lo) && lo >= 0xDC00 && lo <= 0xDFFF) {
                    u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
                    jp->p += 6;
                }
            }
            utf8_put(&b, u);
            break;
        }
        default: jp->err = "bad escape"; sb_free(&b); return NULL;
        }
    }
    if (*jp->p != '"') { jp->err = "unterminated string"; sb_free(&b); return NULL; }
    jp->p++;
    return sb_take(&b);
}
static jval *jparse_value(jparser *jp);
static jval *jnew(jtype t) { jval *v = xcalloc(1, sizeof *v); v->t = t; return v; }
static void jpush(jval *arr, char *key, jval *item) {
    arr->items = xrealloc(arr->items, (arr->n + 1) * sizeof *arr->items);
    if (arr->t == J_OBJ) { arr->keys = xrealloc(arr->keys, (arr->n + 1) * sizeof *arr->keys); arr->keys[arr->n] = key; }
    arr->items[arr->n++] = item;
}
static jval *jparse_value(jparser *jp) {
    jskip(jp);
    if (++jp->depth > 64) { jp->err = "nested too deeply"; return NULL; }
    jval *v = NULL;
    char c = *jp->p;
    if (c == '{') {
        jp->p++;
        v = jnew(J_OBJ);
        jskip(jp);
        if (*jp->p == '}') { jp->p++; goto done; }
        for (;;) {
            jskip(jp);
            char *k = jparse_string(jp);
            if (!k) goto fail;
            jskip(jp);
            if (*jp->p != ':') { free(k); jp->err = "expected ':'"; goto fail; }
            jp->p++;
            jval *item = jparse_value(jp);
            if (!item) { free(k); goto fail; }
            jpush(v, k, item);
            jskip(jp);
            if (*jp->p == ',') { jp->p++; jskip(jp); if (*jp->p == '}') { jp->p++; break; } continue; }
            if (*jp->p == '}') { jp->p++; break; }
            jp->err = "expected ',' or '}'";
            goto fail;
        }
    } else if (c == '[') {
        jp->p++;
        v = jnew(J_ARR);
        jskip(jp);
        if (*jp->p == ']') { jp->p++; goto done; }
        for (;;) {
            jval *item = jparse_value(jp);
            if (!item) goto fail;
            jpush(v, NULL, item);
            jskip(jp);
            if (*jp->p == ',') { jp->p++; jskip(jp); if (*jp->p == ']') { jp->p++; break; } continue; }
            if (*jp->p == ']') { jp->p++; break; }
            jp->err = "expected ',' or ']'";
            goto fail;
        }
    } else if (c == '"') {
        char *s = jparse_string(jp);
        if (!s) goto fail;
        v = jnew(J_STR);
        v->s = s;
    } else if (!strncmp(jp->p, "true", 4)) { v = jnew(J_BOOL); v->b = 1; jp->p += 4; }
    else if (!strncmp(jp->p, "false", 5)) { v = jnew(J_BOOL); jp->p += 5; }
    else if (!strncmp(jp->p, "null", 4)) { v = jnew(J_NULL); jp->p += 4; }
    else if (c == '-' || (c >= '0' && c <= '9')) {
        const char *s = jp->p;
        int isint = 1;
        if (*jp->p == '-') jp->p++;
        while ((*jp->p >= '0' && *jp->p <= '9') || *jp->p == '.' || *jp->p == 'e' || *jp->p == 'E' || *jp->p == '+' || *jp->p == '-') {
            if (*jp->p == '.' || *jp->p == 'e' || *jp->p == 'E') isint = 0;
            jp->p++;
        }
        char tmp[64];
        size_t n = (size_t)(jp->p - s);
        if (n >= sizeof tmp) { jp->err = "number too long"; goto fail; }
        memcpy(tmp, s, n);
        tmp[n] = 0;
        v = jnew(J_NUM);
        v->num = strtod(tmp, NULL);
        if (isint) { v->i = strtoll(tmp, NULL, 10); v->is_int = 1; }
        else v->i = (int64_t)v->num;
    } else {
        jp->err = "unexpected character";
        goto fail;
    }
done:
    jp->depth--;
    return v;
fail:
    json_free(v);
    return NULL;
}
static jval *json_parse(const char *text, const char **err) {
    jparser jp = {text, NULL, 0};
    jval *v = jparse_value(&jp);
    if (v) {
        jskip(&jp);
        if (*jp.p) { json_free(v); v = NULL; jp.err = "trailing characters"; }
    }
    if (err) *err = jp.err;
    return v;
}
static jval *jget(const jval *o, const char *key) {
    if (!o || o->t != J_OBJ) return NULL;
    for (size_t k = 0; k < o->n; k++) if (!strcmp(o->keys[k], key)) return o->items[k];
    return NULL;
}
static const char *jstr(const jval *o, const char *key, const char *def) {
    jval *v = jget(o, key);
    return v && v->t == J_STR ? v->s : def;
}
static int64_t jint(const jval *o, const char *key, int64_t def) {
    jval *v = jget(o, key);
    if (!v) return def;
    if (v->t == J_NUM) return v->is_int ? v->i : (int64_t)v->num;
    if (v->t == J_STR) {
        const char *s = v->s;
        if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) return (int64_t)strtoull(s + 2, NULL, 16);
        char *end;
        long long x = strtoll(s, &end, 10);
        if (end != s) return x;
    }
    if (v->t == J_BOOL) return v->b;
    return def;
}
static int jbool(const jval *o, const char *key, int def) {
    jval *v = jget(o, key);
    if (!v) return def;
    if (v->t == J_BOOL) return v->b;
    if (v->t == J_NUM) return v->i != 0;
    return def;
}
static jval *jarr(const jval *o, const char *key) {
    jval *v = jget(o, key);
    return v && v->t == J_ARR ? v : NULL;
}

static void json_put_str(sbuf *b, const char *s) {
    sb_addc(b, '"');
    if (s) {
        for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
            if (*p == '"' || *p == '\\') { sb_addc(b, '\\'); sb_addc(b, (char)*p); }
            else if (*p == '\n') sb_add(b, "\\n");
            else if (*p == '\r') sb_add(b, "\\r");
            else if (*p == '\t') sb_add(b, "\\t");
            else if (*p < 0x20) sb_printf(b, "\\u%04x", *p);
            else sb_addc(b, (char)*p);
        }
    }
    sb_addc(b, '"');
}
static void json_put_guid(sbuf *b, const sd_GUID *g) {
    char s[39];
    guid_format(g, s);
    json_put_str(b, s);
}

/* Generic re-serialisation (used to rewrite faults.json) */
static void json_write(sbuf *b, const jval *v, int indent) {
    switch (v->t) {
    case J_NULL: sb_add(b, "null"); break;
    case J_BOOL: sb_add(b, v->b ? "true" : "false"); break;
    case J_NUM:
        if (v->is_int) sb_printf(b, "%lld", (long long)v->i);
        else sb_printf(b, "%.17g", v->num);
        break;
    case J_STR: json_put_str(b, v->s); break;
    case J_ARR:
    case J_OBJ:
        sb_addc(b, v->t == J_ARR ? '[' : '{');
        for (size_t k = 0; k < v->n; k++) {
            sb_addc(b, '\n');
            for (int s = 0; s < indent + 2; s++) sb_addc(b, ' ');
            if (v->t == J_OBJ) { json_put_str(b, v->keys[k]); sb_add(b, ": "); }
            json_write(b, v->items[k], indent + 2);
            if (k + 1 < v->n) sb_addc(b, ',');
        }
        if (v->n) { sb_addc(b, '\n'); for (int s = 0; s < indent; s++) sb_addc(b, ' '); }
        sb_addc(b, v->t == J_ARR ? ']' : '}');
        break;
    }
}

/* ============================================================================================== */
/* 7. Simulated machine (machine.json), root selection                                            */
/* ============================================================================================== */

typedef struct {
    char *path, *filespec, *alt;
    int recursive;
    uint32_t typeMask;
} sim_filedesc;

typedef struct {
    char *name, *logicalPath, *caption;
    int type; /* VSS_COMPONENT_TYPE: 1 database, 2 filegroup */
    int selectable, selectableForRestore, notifyOnBackupComplete, restoreMetadata;
    uint32_t flags;
    sim_filedesc *files, *dbFiles, *logFiles;
    size_t nfiles, ndb, nlog;
} sim_component;

typedef struct {
    char *name;
    sd_GUID id, inst;
    int state;
    int32_t lastError;
    int usage, source;
    sim_component *comps;
    size_t ncomps;
    sim_filedesc *incl, *excl;
    size_t nincl, nexcl;
    int failPhase;
    int32_t failError;
    int restoreMethod, writerRestore, rebootRequired;
    char *restoreService;
    uint32_t backupSchema;
} sim_writer;

typedef struct {
    char letter;
    sd_GUID guid;
    char *label, *fs;
    int64_t capacity, baseUsed;
    int driveType;
    int supported;     /* can be shadow-copied */
    int storageHost;   /* can hold shadow storage (NTFS/ReFS, fixed) */
    int hasInitialStorage;
    char storageLetter;
    int64_t storageMax; /* -1 unbounded */
    uint32_t serial;
} sim_volume;

typedef struct sim_machine {
    atomic_int refs;
    char *name;
    sim_volume *vols;
    size_t nvols;
    sim_writer *writers;
    size_t nwriters;
} sim_machine;

static void filedescs_free(sim_filedesc *f, size_t n) {
    for (size_t k = 0; k < n; k++) { free(f[k].path); free(f[k].filespec); free(f[k].alt); }
    free(f);
}
static void machine_free(sim_machine *m) {
    if (!m) return;
    free(m->name);
    for (size_t v = 0; v < m->nvols; v++) { free(m->vols[v].label); free(m->vols[v].fs); }
    free(m->vols);
    for (size_t w = 0; w < m->nwriters; w++) {
        sim_writer *wr = &m->writers[w];
        free(wr->name);
        free(wr->restoreService);
        for (size_t c = 0; c < wr->ncomps; c++) {
            sim_component *cp = &wr->comps[c];
            free(cp->name); free(cp->logicalPath); free(cp->caption);
            filedescs_free(cp->files, cp->nfiles);
            filedescs_free(cp->dbFiles, cp->ndb);
            filedescs_free(cp->logFiles, cp->nlog);
        }
        free(wr->comps);
        filedescs_free(wr->incl, wr->nincl);
        filedescs_free(wr->excl, wr->nexcl);
    }
    free(m->writers);
    free(m);
}
static sim_machine *machine_ref(sim_machine *m) { if (m) atomic_fetch_add(&m->refs, 1); return m; }
static void machine_unref(sim_machine *m) {
    if (m && atomic_fetch_sub(&m->refs, 1) == 1) machine_free(m);
}

/* ---- names of HRESULTs, writer states, enums ---- */
typedef struct { const char *name; uint32_t value; } named_value;
static const named_value HR_NAMES[] = {
    {"S_OK", 0}, {"S_FALSE", 1}, {"E_NOTIMPL", 0x80004001u}, {"E_NOINTERFACE", 0x80004002u},
    {"E_POINTER", 0x80004003u}, {"E_ABORT", 0x80004004u}, {"E_FAIL", 0x80004005u}, {"E_UNEXPECTED", 0x8000FFFFu},
    {"E_ACCESSDENIED", 0x80070005u}, {"E_OUTOFMEMORY", 0x8007000Eu}, {"E_INVALIDARG", 0x80070057u},
    {"REGDB_E_CLASSNOTREG", 0x80040154u}, {"CO_E_NOTINITIALIZED", 0x800401F0u}, {"RPC_E_TOO_LATE", 0x80010119u},
    {"RPC_E_CHANGED_MODE", 0x80010106u}, {"VSS_S_ASYNC_PENDING", 0x00042309u}, {"VSS_S_ASYNC_FINISHED", 0x0004230Au},
    {"VSS_S_ASYNC_CANCELLED", 0x0004230Bu}, {"VSS_E_BAD_STATE", 0x80042301u}, {"VSS_E_UNEXPECTED", 0x80042302u},
    {"VSS_E_PROVIDER_ALREADY_REGISTERED", 0x80042303u}, {"VSS_E_PROVIDER_NOT_REGISTERED", 0x80042304u},
    {"VSS_E_PROVIDER_VETO", 0x80042306u}, {"VSS_E_PROVIDER_IN_USE", 0x80042307u}, {"VSS_E_OBJECT_NOT_FOUND", 0x80042308u},
    {"VSS_E_VOLUME_NOT_SUPPORTED", 0x8004230Cu}, {"VSS_E_OBJECT_ALREADY_EXISTS", 0x8004230Du},
    {"VSS_E_VOLUME_NOT_SUPPORTED_BY_PROVIDER", 0x8004230Eu}, {"VSS_E_UNEXPECTED_PROVIDER_ERROR", 0x8004230Fu},
    {"VSS_E_CORRUPT_XML_DOCUMENT", 0x80042310u}, {"VSS_E_INVALID_XML_DOCUMENT", 0x80042311u},
    {"VSS_E_MAXIMUM_NUMBER_OF_VOLUMES_REACHED", 0x80042312u}, {"VSS_E_FLUSH_WRITES_TIMEOUT", 0x80042313u},
    {"VSS_E_HOLD_WRITES_TIMEOUT", 0x80042314u}, {"VSS_E_UNEXPECTED_WRITER_ERROR", 0x80042315u},
    {"VSS_E_SNAPSHOT_SET_IN_PROGRESS", 0x80042316u}, {"VSS_E_MAXIMUM_NUMBER_OF_SNAPSHOTS_REACHED", 0x80042317u},
    {"VSS_E_WRITER_INFRASTRUCTURE", 0x80042318u}, {"VSS_E_WRITER_NOT_RESPONDING", 0x80042319u},
    {"VSS_E_WRITER_ALREADY_SUBSCRIBED", 0x8004231Au}, {"VSS_E_UNSUPPORTED_CONTEXT", 0x8004231Bu},
    {"VSS_E_VOLUME_IN_USE", 0x8004231Du}, {"VSS_E_MAXIMUM_DIFFAREA_ASSOCIATIONS_REACHED", 0x8004231Eu},
    {"VSS_E_INSUFFICIENT_STORAGE", 0x8004231Fu}, {"VSS_E_NO_SNAPSHOTS_IMPORTED", 0x80042320u},
    {"VSS_E_SOME_SNAPSHOTS_NOT_IMPORTED", 0x80042321u}, {"VSS_E_REMOTE_SERVER_UNAVAILABLE", 0x80042323u},
    {"VSS_E_REVERT_IN_PROGRESS", 0x80042325u}, {"VSS_E_REBOOT_REQUIRED", 0x80042327u},
    {"VSS_E_TRANSACTION_FREEZE_TIMEOUT", 0x80042328u}, {"VSS_E_TRANSACTION_THAW_TIMEOUT", 0x80042329u},
    {"VSS_E_VOLUME_NOT_LOCAL", 0x8004232Du}, {"VSS_E_CLUSTER_TIMEOUT", 0x8004232Eu}, {"VSS_E_NOT_SUPPORTED", 0x8004232Fu},
    {"VSS_E_WRITERERROR_PARTIAL_FAILURE", 0x80042336u}, {"VSS_E_WRITERERROR_INCONSISTENTSNAPSHOT", 0x800423F0u},
    {"VSS_E_WRITERERROR_OUTOFRESOURCES", 0x800423F1u}, {"VSS_E_WRITERERROR_TIMEOUT", 0x800423F2u},
    {"VSS_E_WRITERERROR_RETRYABLE", 0x800423F3u}, {"VSS_E_WRITERERROR_NONRETRYABLE", 0x800423F4u},
    {"VSS_E_WRITERERROR_RECOVERY_FAILED", 0x800423F5u}, {"VSS_E_WRITER_STATUS_NOT_AVAILABLE", 0x80042409u},
    {"VSS_E_FSS_TIMEOUT", 0x80042417u}, {NULL, 0}};

static const char *WS_NAMES[WS_COUNT] = {
    "UNKNOWN", "STABLE", "WAITING_FOR_FREEZE", "WAITING_FOR_THAW", "WAITING_FOR_POST_SNAPSHOT",
    "WAITING_FOR_BACKUP_COMPLETE", "FAILED_AT_IDENTIFY", "FAILED_AT_PREPARE_BACKUP", "FAILED_AT_PREPARE_SNAPSHOT",
    "FAILED_AT_FREEZE", "FAILED_AT_THAW", "FAILED_AT_POST_SNAPSHOT", "FAILED_AT_BACKUP_COMPLETE",
    "FAILED_AT_PRE_RESTORE", "FAILED_AT_POST_RESTORE", "FAILED_AT_BACKUPSHUTDOWN"};
static const char *PHASE_NAMES[] = {"none", "identify", "prepareBackup", "prepareSnapshot", "freeze", "thaw",
                                    "postSnapshot", "backupComplete"};
static const int PHASE_FAIL_STATE[] = {WS_STABLE, WS_FAILED_AT_IDENTIFY, WS_FAILED_AT_PREPARE_BACKUP,
                                       WS_FAILED_AT_PREPARE_SNAPSHOT, WS_FAILED_AT_FREEZE, WS_FAILED_AT_THAW,
                                       WS_FAILED_AT_POST_SNAPSHOT, WS_FAILED_AT_BACKUP_COMPLETE};

/* "VSS_E_X" / "0x8004..." / number -> HRESULT; *ok = 0 if not understood */
static int32_t hr_from_text(const char *s, int *ok) {
    *ok = 1;
    if (!s || !*s) { *ok = 0; return 0; }
    for (const named_value *n = HR_NAMES; n->name; n++) if (streq_ci(n->name, s)) return (int32_t)n->value;
    if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) return (int32_t)(uint32_t)strtoull(s + 2, NULL, 16);
    char *end;
    long long v = strtoll(s, &end, 10);
    if (end != s && !*end) return (int32_t)v;
    *ok = 0;
    return 0;
}
static int32_t hr_from_json(const jval *v, int32_t def) {
    if (!v) return def;
    if (v->t == J_NUM) return (int32_t)(uint32_t)(v->is_int ? (uint64_t)v->i : (uint64_t)(int64_t)v->num);
    if (v->t == J_STR) { int ok; int32_t r = hr_from_text(v->s, &ok); return ok ? r : def; }
    return def;
}
static int enum_from_json(const jval *v, const char *const *names, int count, const char *prefix, int def) {
    if (!v) return def;
    if (v->t == J_NUM) return (int)v->i;
    if (v->t != J_STR) return def;
    const char *s = v->s;
    if (prefix && startswith_ci(s, prefix)) s += strlen(prefix);
    for (int k = 0; k < count; k++) if (names[k] && streq_ci(names[k], s)) return k;
    /* also accept "failedAtFreeze"-style: compare ignoring '_' */
    for (int k = 0; k < count; k++) {
        if (!names[k]) continue;
        const char *a = names[k], *b = s;
        while (*a || *b) {
            if (*a == '_') { a++; continue; }
            if (*b == '_' || *b == ' ' || *b == '-') { b++; continue; }
            if (ascii_lower((unsigned char)*a) != ascii_lower((unsigned char)*b)) break;
            a++; b++;
        }
        if (!*a && !*b) return k;
    }
    return def;
}
static const char *USAGE_NAMES[] = {"UNDEFINED", "BOOTABLESYSTEMSTATE", "SYSTEMSERVICE", "USERDATA", "OTHER"};
static const char *SOURCE_NAMES[] = {"UNDEFINED", "TRANSACTEDDB", "NONTRANSACTEDDB", "OTHER"};
static const char *CT_NAMES[] = {"UNDEFINED", "DATABASE", "FILEGROUP"};
static const char *DRIVE_NAMES[] = {"unknown", "noRootDir", "removable", "fixed", "remote", "cdrom", "ramdisk"};
static const char *RME_NAMES[] = {"UNDEFINED", "RESTORE_IF_NOT_THERE", "RESTORE_IF_CAN_REPLACE", "STOP_RESTORE_START",
                                  "RESTORE_TO_ALTERNATE_LOCATION", "RESTORE_AT_REBOOT",
                                  "RESTORE_AT_REBOOT_IF_CANNOT_REPLACE", "CUSTOM", "RESTORE_STOP_START"};
static const char *WRE_NAMES[] = {"UNDEFINED", "NEVER", "IF_REPLACE_FAILS", "ALWAYS"};

static sim_filedesc *parse_filedescs(const jval *arr, size_t *n) {
    *n = 0;
    if (!arr || arr->t != J_ARR || arr->n == 0) return NULL;
    sim_filedesc *f = xcalloc(arr->n, sizeof *f);
    for (size_t k = 0; k < arr->n; k++) {
        const jval *o = arr->items[k];
        f[*n].path = xstrdup(jstr(o, "path", ""));
        f[*n].filespec = xstrdup(jstr(o, "filespec", "*"));
        const char *alt = jstr(o, "alternateLocation", NULL);
        f[*n].alt = alt ? xstrdup(alt) : NULL;
        f[*n].recursive = jbool(o, "recursive", 0);
        f[*n].typeMask = (uint32_t)jint(o, "backupTypeMask", 0xF0F);
        (*n)++;
    }
    return f;
}

static int guid_from_json(const jval *o, const char *key, sd_GUID *g) {
    const char *s = jstr(o, key, NULL);
    return s && guid_parse(s, g);
}

/* Parses machine.json text. Returns NULL and sets *err on error. */
static sim_machine *machine_parse(const char *text, char **err) {
    const char *jerr = NULL;
    jval *root = json_parse(text, &jerr);
    if (!root || root->t != J_OBJ) {
        *err = strfmt("machine.json: %s", jerr ? jerr : "not an object");
        json_free(root);
        return NULL;
    }
    sim_machine *m = xcalloc(1, sizeof *m);
    atomic_store(&m->refs, 1);
    m->name = xstrdup(jstr(root, "machineName", jstr(root, "name", "SIM-PC")));
    jval *vols = jarr(root, "volumes");
    if (vols && vols->n) {
        m->vols = xcalloc(vols->n, sizeof *m->vols);
        for (size_t k = 0; k < vols->n; k++) {
            const jval *o = vols->items[k];
            sim_volume *v = &m->vols[m->nvols];
            const char *letter = jstr(o, "letter", NULL);
            if (!letter || !((letter[0] >= 'A' && letter[0] <= 'Z') || (letter[0] >= 'a' && letter[0] <= 'z'))) {
                *err = strfmt("machine.json: volume %u has no valid \"letter\"", (unsigned)k);
                goto fail;
            }
            v->letter = (char)ascii_upper((unsigned char)letter[0]);
            for (size_t j = 0; j < m->nvols; j++)
                if (m->vols[j].letter == v->letter) { *err = strfmt("machine.json: drive letter %c: used twice", v->letter); goto fail; }
            if (!guid_from_json(o, "guid", &v->guid)) {
                /* stable id derived from the letter when none is given */
                v->guid = (sd_GUID){0x5d0e0000u | (uint32_t)v->letter, 0x0000, 0x11ef, {0x9a, 0x3b, 0x00, 0x15, 0x5d, 0x00, 0x00, (uint8_t)v->letter}};
            }
            v->label = xstrdup(jstr(o, "label", ""));
            v->fs = xstrdup(jstr(o, "fileSystem", "NTFS"));
            v->capacity = jint(o, "capacityBytes", 64LL << 30);
            v->baseUsed = jint(o, "usedBytes", v->capacity / 4);
            v->driveType = enum_from_json(jget(o, "driveType"), DRIVE_NAMES, 7, NULL, 3);
            int ntfsLike = streq_ci(v->fs, "NTFS") || streq_ci(v->fs, "ReFS");
            v->storageHost = ntfsLike && v->driveType == 3;
            v->supported = jbool(o, "shadowCopySupported", v->storageHost);
            v->serial = (uint32_t)jint(o, "serialNumber", (int64_t)(v->guid.Data1 ^ ((uint32_t)v->guid.Data2 << 16)));
            const jval *ss = jget(o, "shadowStorage");
            if (ss && ss->t == J_OBJ) {
                v->hasInitialStorage = 1;
                const char *on = jstr(ss, "onVolume", NULL);
                v->storageLetter = on ? (char)ascii_upper((unsigned char)on[0]) : v->letter;
                const jval *mx = jget(ss, "maxBytes");
                v->storageMax = (!mx || mx->t == J_NULL) ? -1 : jint(ss, "maxBytes", -1);
            }
            m->nvols++;
        }
    }
    jval *wrs = jarr(root, "writers");
    if (wrs && wrs->n) {
        m->writers = xcalloc(wrs->n, sizeof *m->writers);
        for (size_t k = 0; k < wrs->n; k++) {
            const jval *o = wrs->items[k];
            sim_writer *w = &m->writers[m->nwriters];
            w->name = xstrdup(jstr(o, "name", "Writer"));
            if (!guid_from_json(o, "writerId", &w->id)) { *err = strfmt("machine.json: writer \"%s\" has no valid writerId", w->name); m->nwriters++; goto fail; }
            if (!guid_from_json(o, "instanceId", &w->inst)) {
                w->inst = w->id;
                w->inst.Data4[7] ^= 0x5A;
                w->inst.Data3 ^= 0x1111;
            }
            w->state = enum_from_json(jget(o, "state"), WS_NAMES, WS_COUNT, "VSS_WS_", WS_STABLE);
            w->lastError = hr_from_json(jget(o, "lastError"), 0);
            w->usage = enum_from_json(jget(o, "usage"), USAGE_NAMES, 5, "VSS_UT_", 0);
            w->source = enum_from_json(jget(o, "source"), SOURCE_NAMES, 4, "VSS_ST_", 0);
            w->restoreMethod = enum_from_json(jget(o, "restoreMethod"), RME_NAMES, 9, "VSS_RME_", 1);
            w->writerRestore = enum_from_json(jget(o, "writerRestore"), WRE_NAMES, 4, "VSS_WRE_", 1);
            w->rebootRequired = jbool(o, "rebootRequired", 0);
            const char *svc = jstr(o, "restoreService", NULL);
            w->restoreService = svc ? xstrdup(svc) : NULL;
            w->backupSchema = (uint32_t)jint(o, "backupSchema", 0);
            w->incl = parse_filedescs(jarr(o, "includeFiles"), &w->nincl);
            w->excl = parse_filedescs(jarr(o, "excludeFiles"), &w->nexcl);
            jval *comps = jarr(o, "components");
            if (comps && comps->n) {
                w->comps = xcalloc(comps->n, sizeof *w->comps);
                for (size_t c = 0; c < comps->n; c++) {
                    const jval *co = comps->items[c];
                    sim_component *cp = &w->comps[w->ncomps++];
                    cp->name = xstrdup(jstr(co, "name", "Component"));
                    cp->logicalPath = xstrdup(jstr(co, "logicalPath", ""));
                    cp->caption = xstrdup(jstr(co, "caption", cp->name));
                    cp->type = enum_from_json(jget(co, "type"), CT_NAMES, 3, "VSS_CT_", 2);
                    cp->selectable = jbool(co, "selectable", 1);
                    cp->selectableForRestore = jbool(co, "selectableForRestore", cp->selectable);
                    cp->notifyOnBackupComplete = jbool(co, "notifyOnBackupComplete", 0);
                    cp->restoreMetadata = jbool(co, "restoreMetadata", 0);
                    cp->flags = (uint32_t)jint(co, "componentFlags", 0);
                    cp->files = parse_filedescs(jarr(co, "files"), &cp->nfiles);
                    cp->dbFiles = parse_filedescs(jarr(co, "databaseFiles"), &cp->ndb);
                    cp->logFiles = parse_filedescs(jarr(co, "logFiles"), &cp->nlog);
                }
            }
            const jval *fa = jget(o, "failAt");
            if (fa && fa->t == J_OBJ) {
                w->failPhase = enum_from_json(jget(fa, "phase"), PHASE_NAMES, 8, NULL, 0);
                w->failError = hr_from_json(jget(fa, "error"), (int32_t)0x800423F3u);
            }
            m->nwriters++;
        }
    }
    json_free(root);
    return m;
fail:
    json_free(root);
    machine_free(m);
    return NULL;
}

/* Volume naming */
static char *vol_guid_path(const sim_volume *v) {
    char g[39];
    guid_format(&v->guid, g);
    return strfmt("\\\\?\\Volume%s\\", g);
}
static char *vol_root_path(const sim_volume *v) { return strfmt("%c:\\", v->letter); }

/* Resolves "C:\" or "\\?\Volume{guid}\" (case-insensitive). Returns the index, -1 if well formed but
 * unknown, -2 if malformed (e.g. no trailing backslash). *rest gets what follows the volume root when
 * allowRest is set (for the sim-only folder helpers). */
static int machine_find_volume_ex(const sim_machine *m, const char *name, int allowRest, const char **rest) {
    if (!name || !*name) return -2;
    if (rest) *rest = "";
    size_t n = strlen(name);
    if (((name[0] >= 'A' && name[0] <= 'Z') || (name[0] >= 'a' && name[0] <= 'z')) && name[1] == ':') {
        if (n < 3 || (name[2] != '\\' && name[2] != '/')) return -2;
        if (n > 3 && !allowRest) return -1; /* a folder, not a volume root */
        if (rest) *rest = name + 3;
        char L = (char)ascii_upper((unsigned char)name[0]);
        for (size_t k = 0; k < m->nvols; k++) if (m->vols[k].letter == L) return (int)k;
        return -1;
    }
    if (startswith_ci(name, "\\\\?\\Volume{") || startswith_ci(name, "\\\\.\\Volume{")) {
        sd_GUID g;
        int used = guid_parse_prefix(name + 10, &g);
        if (!used) return -2;
        const char *after = name + 10 + used;
        if (*after != '\\' && *after != '/') return -2;
        if (after[1] && !allowRest) return -1;
        if (rest) *rest = after + 1;
        for (size_t k = 0; k < m->nvols; k++) if (guid_eq(&m->vols[k].guid, &g)) return (int)k;
        return -1;
    }
    return (name[n - 1] == '\\' || name[n - 1] == '/') ? -1 : -2;
}
static int machine_find_volume(const sim_machine *m, const char *name) { return machine_find_volume_ex(m, name, 0, NULL); }
static int machine_find_letter(const sim_machine *m, char L) {
    for (size_t k = 0; k < m->nvols; k++) if (m->vols[k].letter == L) return (int)k;
    return -1;
}

/* ---- root selection ---- */
static char *g_root_override; /* UTF-8; NULL = environment / default */

static char *env_utf8(const char *name) {
#ifdef _WIN32
    WCH *wn = utf8_to_utf16(name);
    DWORD n = GetEnvironmentVariableW((wchar_t *)wn, NULL, 0);
    char *r = NULL;
    if (n) {
        WCH *buf = xcalloc(n + 1, sizeof(WCH));
        if (GetEnvironmentVariableW((wchar_t *)wn, (wchar_t *)buf, n + 1)) r = utf16_to_utf8(buf);
        free(buf);
    }
    free(wn);
    if (r && !*r) { free(r); r = NULL; }
    return r;
#else
    const char *v = getenv(name);
    return v && *v ? xstrdup(v) : NULL;
#endif
}
static char *normalize_root(char *r) {
    size_t n = strlen(r);
    while (n > 1 && (r[n - 1] == '/' || r[n - 1] == '\\') && !(n == 3 && r[1] == ':')) r[--n] = 0;
#ifdef _WIN32
    for (char *p = r; *p; p++) if (*p == '/') *p = '\\';
#endif
    return r;
}
/* malloc'd current root */
static char *current_root(void) {
    if (g_root_override) return xstrdup(g_root_override);
    char *r = env_utf8("SHADOWDESK_SIM_ROOT");
    if (r) return normalize_root(r);
#ifdef _WIN32
    char *base = env_utf8("LOCALAPPDATA");
    if (!base) base = env_utf8("APPDATA");
    if (!base) base = xstrdup("C:\\ProgramData");
    r = strfmt("%s\\ShadowDesk\\sim-machine", base);
    free(base);
    return normalize_root(r);
#else
    char *x = env_utf8("XDG_DATA_HOME");
    if (x) { r = strfmt("%s/shadowdesk/sim-machine", x); free(x); return normalize_root(r); }
    char *home = env_utf8("HOME");
    r = strfmt("%s/.local/share/shadowdesk/sim-machine", home ? home : "/tmp");
    free(home);
    return normalize_root(r);
#endif
}
/* native separators for paths handed out */
static char *native_path(const char *p) {
    char *r = xstrdup(p);
#ifdef _WIN32
    for (char *q = r; *q; q++) if (*q == '/') *q = '\\';
#endif
    return r;
}

/* ============================================================================================== */
/* 8. Persistent state (<root>/state/state.json) under a cross-process lock                        */
/* ============================================================================================== */

typedef struct {
    sd_GUID id, set;
    int32_t count;
    char vol;
    uint32_t dev;
    int32_t ctx, attrs;
    int64_t created, bytes;
    int autoRelease;
    uint32_t ownerPid;
    int64_t ownerStart;
    uint64_t ownerObj;
} st_snap;
typedef struct { char vol, diffVol; int64_t maxBytes; } st_storage;
typedef struct { sd_GUID writerId; int state; int32_t lastError; } st_writer;
typedef struct { int active; uint32_t pid; int64_t start; uint64_t obj; sd_GUID setId; int64_t since; } st_progress;
typedef struct {
    char *root;
    uint32_t nextDevice;
    st_snap *snaps;
    size_t nsnaps;
    st_storage *stor;
    size_t nstor;
    st_writer *wr;
    size_t nwr;
    st_progress prog;
    int dirty;
} sim_state;

static lockfile_t g_lockfd = LOCKFILE_NONE;
static int g_lock_depth;

static void state_lock(const char *root) {
    glock();
    if (g_lock_depth++ == 0) {
        char *sd = path_join(root, "state");
        fs_mkdirs(sd);
        char *lp = path_join(sd, "lock");
        g_lockfd = lockfile_acquire(lp);
        free(lp);
        free(sd);
    }
}
static void state_unlock(void) {
    if (--g_lock_depth == 0) {
        lockfile_release(g_lockfd);
        g_lockfd = LOCKFILE_NONE;
    }
    gunlock();
}

/* live IVssBackupComponents objects of this process (by object id), to judge same-process owners */
static uint64_t *g_live_bc;
static size_t g_nlive_bc;
static void live_bc_add(uint64_t id) {
    glock();
    g_live_bc = xrealloc(g_live_bc, (g_nlive_bc + 1) * sizeof *g_live_bc);
    g_live_bc[g_nlive_bc++] = id;
    gunlock();
}
static void live_bc_remove(uint64_t id) {
    glock();
    for (size_t k = 0; k < g_nlive_bc; k++) if (g_live_bc[k] == id) { g_live_bc[k] = g_live_bc[--g_nlive_bc]; break; }
    gunlock();
}
static int owner_alive(uint32_t pid, int64_t start, uint64_t obj) {
    if (pid == self_pid() && (start == self_start() || start <= 0 || self_start() <= 0)) {
        if (!obj) return 1;
        for (size_t k = 0; k < g_nlive_bc; k++) if (g_live_bc[k] == obj) return 1;
        return 0;
    }
    return pid_alive(pid, start);
}

static void state_free(sim_state *st) {
    if (!st) return;
    free(st->root);
    free(st->snaps);
    free(st->stor);
    free(st->wr);
    memset(st, 0, sizeof *st);
}
static char *shadow_dir(const char *root, uint32_t dev) {
    char n[16];
    snprintf(n, sizeof n, "%u", (unsigned)dev);
    return path_join3(root, "shadows", n);
}
static void state_remove_snap_at(sim_state *st, size_t k) {
    char *d = shadow_dir(st->root, st->snaps[k].dev);
    fs_rmtree(d);
    free(d);
    memmove(&st->snaps[k], &st->snaps[k + 1], (st->nsnaps - k - 1) * sizeof *st->snaps);
    st->nsnaps--;
    st->dirty = 1;
}
static st_storage *state_storage_for(sim_state *st, char vol) {
    for (size_t k = 0; k < st->nstor; k++) if (st->stor[k].vol == vol) return &st->stor[k];
    return NULL;
}
static st_storage *state_storage_add(sim_state *st, char vol, char diffVol, int64_t maxBytes) {
    st->stor = xrealloc(st->stor, (st->nstor + 1) * sizeof *st->stor);
    st_storage *s = &st->stor[st->nstor++];
    s->vol = vol; s->diffVol = diffVol; s->maxBytes = maxBytes;
    st->dirty = 1;
    return s;
}
static st_writer *state_writer(sim_state *st, const sd_GUID *id, int create) {
    for (size_t k = 0; k < st->nwr; k++) if (guid_eq(&st->wr[k].writerId, id)) return &st->wr[k];
    if (!create) return NULL;
    st->wr = xrealloc(st->wr, (st->nwr + 1) * sizeof *st->wr);
    st_writer *w = &st->wr[st->nwr++];
    memset(w, 0, sizeof *w);
    w->writerId = *id;
    st->dirty = 1;
    return w;
}

typedef struct { sim_state *st; } orphan_ctx;
static int orphan_cb(const char *name, int isdir, void *vctx) {
    orphan_ctx *c = vctx;
    char *end;
    unsigned long dev = strtoul(name, &end, 10);
    int known = 0;
    if (*end == 0 && end != name)
        for (size_t k = 0; k < c->st->nsnaps; k++) if (c->st->snaps[k].dev == dev) { known = 1; break; }
    if (!known) {
        char *p = path_join3(c->st->root, "shadows", name);
        if (isdir) fs_rmtree(p); else fs_remove_file(p);
        free(p);
    }
    return 0;
}

/* Loads the state; must be called with state_lock(root) held. Drops what belongs to dead owners. */
static int state_load(const char *root, const sim_machine *m, sim_state *st) {
    memset(st, 0, sizeof *st);
    st->root = xstrdup(root);
    st->nextDevice = 1;
    char *p = path_join3(root, "state", "state.json");
    size_t len = 0;
    char *text = fs_read(p, &len);
    free(p);
    if (!text) {
        /* fresh state: seed the shadow storage associations machine.json declares */
        for (size_t v = 0; v < m->nvols; v++)
            if (m->vols[v].hasInitialStorage) state_storage_add(st, m->vols[v].letter, m->vols[v].storageLetter, m->vols[v].storageMax);
        st->dirty = 1;
    } else {
        const char *jerr = NULL;
        jval *j = json_parse(text, &jerr);
        free(text);
        if (!j || j->t != J_OBJ) {
            fprintf(stderr, "shadowdesk-vss: state.json is unreadable (%s); starting from an empty state\n", jerr ? jerr : "not an object");
            json_free(j);
            st->dirty = 1;
        } else {
            st->nextDevice = (uint32_t)jint(j, "nextDevice", 1);
            jval *a = jarr(j, "snapshots");
            if (a && a->n) {
                st->snaps = xcalloc(a->n, sizeof *st->snaps);
                for (size_t k = 0; k < a->n; k++) {
                    const jval *o = a->items[k];
                    st_snap *s = &st->snaps[st->nsnaps];
                    if (!guid_from_json(o, "id", &s->id)) continue;
                    guid_from_json(o, "setId", &s->set);
                    s->count = (int32_t)jint(o, "countInSet", 1);
                    const char *vl = jstr(o, "volume", "C");
                    s->vol = (char)ascii_upper((unsigned char)vl[0]);
                    s->dev = (uint32_t)jint(o, "device", 0);
                    s->ctx = (int32_t)jint(o, "context", 0);
                    s->attrs = (int32_t)jint(o, "attributes", 0);
                    s->created = jint(o, "created", 0);
                    s->bytes = jint(o, "bytes", 0);
                    s->autoRelease = jbool(o, "autoRelease", 0);
                    s->ownerPid = (uint32_t)jint(o, "ownerPid", 0);
                    s->ownerStart = jint(o, "ownerStart", 0);
                    s->ownerObj = (uint64_t)jint(o, "ownerObject", 0);
                    st->nsnaps++;
                }
            }
            a = jarr(j, "shadowStorage");
            if (a && a->n) {
                for (size_t k = 0; k < a->n; k++) {
                    const jval *o = a->items[k];
                    const char *v = jstr(o, "volume", NULL), *d = jstr(o, "diffVolume", NULL);
                    if (!v || !d) continue;
                    const jval *mx = jget(o, "maxBytes");
                    state_storage_add(st, (char)ascii_upper((unsigned char)v[0]), (char)ascii_upper((unsigned char)d[0]),
                                      (!mx || mx->t == J_NULL) ? -1 : jint(o, "maxBytes", -1));
                }
            }
            a = jarr(j, "writers");
            if (a && a->n) {
                for (size_t k = 0; k < a->n; k++) {
                    const jval *o = a->items[k];
                    sd_GUID id;
                    if (!guid_from_json(o, "writerId", &id)) continue;
                    st_writer *w = state_writer(st, &id, 1);
                    w->state = enum_from_json(jget(o, "state"), WS_NAMES, WS_COUNT, "VSS_WS_", WS_STABLE);
                    w->lastError = hr_from_json(jget(o, "lastError"), 0);
                }
            }
            const jval *pr = jget(j, "inProgress");
            if (pr && pr->t == J_OBJ) {
                st->prog.active = 1;
                st->prog.pid = (uint32_t)jint(pr, "pid", 0);
                st->prog.start = jint(pr, "start", 0);
                st->prog.obj = (uint64_t)jint(pr, "object", 0);
                st->prog.since = jint(pr, "since", 0);
                guid_from_json(pr, "setId", &st->prog.setId);
            }
            json_free(j);
            st->dirty = 0;
        }
    }
    /* stale in-progress marker (holder died or released without cleaning up) */
    if (st->prog.active && !owner_alive(st->prog.pid, st->prog.start, st->prog.obj)) {
        memset(&st->prog, 0, sizeof st->prog);
        st->dirty = 1;
    }
    /* auto-release shadow copies whose creator is gone */
    for (size_t k = 0; k < st->nsnaps;) {
        st_snap *s = &st->snaps[k];
        if (s->autoRelease && !owner_alive(s->ownerPid, s->ownerStart, s->ownerObj)) { state_remove_snap_at(st, k); continue; }
        k++;
    }
    /* frozen folders nobody owns (a process died while freezing) */
    char *sh = path_join(root, "shadows");
    if (fs_isdir(sh)) {
        orphan_ctx oc = {st};
        fs_list(sh, orphan_cb, &oc);
    }
    free(sh);
    return 0;
}

static int state_save(sim_state *st) {
    sbuf b = {0};
    sb_printf(&b, "{\n  \"version\": 1,\n  \"nextDevice\": %u,\n  \"inProgress\": ", (unsigned)st->nextDevice);
    if (st->prog.active) {
        sb_printf(&b, "{\"pid\": %u, \"start\": %lld, \"object\": %llu, \"since\": %lld, \"setId\": ", (unsigned)st->prog.pid,
                  (long long)st->prog.start, (unsigned long long)st->prog.obj, (long long)st->prog.since);
        json_put_guid(&b, &st->prog.setId);
        sb_add(&b, "}");
    } else {
        sb_add(&b, "null");
    }
    sb_add(&b, ",\n  \"snapshots\": [");
    for (size_t k = 0; k < st->nsnaps; k++) {
        const st_snap *s = &st->snaps[k];
        sb_add(&b, k ? ",\n    {" : "\n    {");
        sb_add(&b, "\"id\": "); json_put_guid(&b, &s->id);
        sb_add(&b, ", \"setId\": "); json_put_guid(&b, &s->set);
        sb_printf(&b, ", \"countInSet\": %d, \"volume\": \"%c\", \"device\": %u, \"context\": %d, \"attributes\": %d, "
                      "\"created\": %lld, \"bytes\": %lld, \"autoRelease\": %s, \"ownerPid\": %u, \"ownerStart\": %lld, \"ownerObject\": %llu}",
                  (int)s->count, s->vol, (unsigned)s->dev, (int)s->ctx, (int)s->attrs, (long long)s->created, (long long)s->bytes,
                  s->autoRelease ? "true" : "false", (unsigned)s->ownerPid, (long long)s->ownerStart, (unsigned long long)s->ownerObj);
    }
    sb_add(&b, st->nsnaps ? "\n  ],\n  \"shadowStorage\": [" : "],\n  \"shadowStorage\": [");
    for (size_t k = 0; k < st->nstor; k++) {
        const st_storage *s = &st->stor[k];
        sb_printf(&b, "%s{\"volume\": \"%c\", \"diffVolume\": \"%c\", \"maxBytes\": ", k ? ",\n    " : "\n    ", s->vol, s->diffVol);
        if (s->maxBytes < 0) sb_add(&b, "null}");
        else sb_printf(&b, "%lld}", (long long)s->maxBytes);
    }
    sb_add(&b, st->nstor ? "\n  ],\n  \"writers\": [" : "],\n  \"writers\": [");
    for (size_t k = 0; k < st->nwr; k++) {
        const st_writer *w = &st->wr[k];
        sb_add(&b, k ? ",\n    {\"writerId\": " : "\n    {\"writerId\": ");
        json_put_guid(&b, &w->writerId);
        sb_printf(&b, ", \"state\": \"%s\", \"lastError\": \"0x%08X\"}", w->state >= 0 && w->state < WS_COUNT ? WS_NAMES[w->state] : "UNKNOWN",
                  (unsigned)w->lastError);
    }
    sb_add(&b, st->nwr ? "\n  ]\n}\n" : "]\n}\n");
    char *dir = path_join(st->root, "state");
    fs_mkdirs(dir);
    char *p = path_join(dir, "state.json");
    int rc = fs_write_atomic(p, b.p, b.n);
    free(p);
    free(dir);
    sb_free(&b);
    if (rc == 0) st->dirty = 0;
    return rc;
}

/* ============================================================================================== */
/* 9. Fault injection                                                                             */
/* ============================================================================================== */

typedef struct { char *method; int32_t hr; int64_t count; } mem_fault;
static mem_fault *g_mem_faults;
static size_t g_nmem_faults;

enum { FK_NONE = 0, FK_FAIL, FK_DELAY, FK_ABORT };
typedef struct { int kind; int32_t hr; uint32_t delayMs; int exitCode; } fault_hit;

static int fault_name_matches(const char *entry, const char *iface, const char *method) {
    if (!entry) return 0;
    const char *sep = strstr(entry, "::");
    if (!sep) return streq_ci(entry, method);
    size_t il = (size_t)(sep - entry);
    return strlen(iface) == il && startswith_ci(entry, iface) && streq_ci(sep + 2, method);
}

/* Looks for a fault for iface::method, consuming one-shot entries. */
static void fault_take(const char *iface, const char *method, fault_hit *hit) {
    memset(hit, 0, sizeof *hit);
    glock();
    for (size_t k = 0; k < g_nmem_faults; k++) {
        mem_fault *f = &g_mem_faults[k];
        if (!fault_name_matches(f->method, iface, method)) continue;
        hit->kind = FK_FAIL;
        hit->hr = f->hr;
        if (f->count > 0 && --f->count == 0) {
            free(f->method);
            g_mem_faults[k] = g_mem_faults[--g_nmem_faults];
        }
        gunlock();
        return;
    }
    char *root = current_root();
    char *fp = path_join(root, "faults.json");
    if (!fs_exists(fp)) { free(fp); free(root); gunlock(); return; }
    state_lock(root);
    size_t len;
    char *text = fs_read(fp, &len);
    jval *j = text ? json_parse(text, NULL) : NULL;
    free(text);
    jval *list = j ? (j->t == J_ARR ? j : jarr(j, "faults")) : NULL;
    if (list) {
        for (size_t k = 0; k < list->n; k++) {
            jval *o = list->items[k];
            if (!fault_name_matches(jstr(o, "method", NULL), iface, method)) continue;
            int64_t count = jint(o, "count", 1);
            if (count == 0) continue;
            if (jbool(o, "abort", 0)) { hit->kind = FK_ABORT; hit->exitCode = (int)jint(o, "exitCode", 3); }
            else if (jget(o, "delayMs")) { hit->kind = FK_DELAY; hit->delayMs = (uint32_t)jint(o, "delayMs", 0); }
            else { hit->kind = FK_FAIL; hit->hr = hr_from_json(jget(o, "hresult"), SD_E_FAIL); }
            if (count > 0) {
                /* consume: rewrite the file with count-1 (dropping the entry at 0) */
                if (count == 1) {
                    json_free(o);
                    memmove(&list->items[k], &list->items[k + 1], (list->n - k - 1) * sizeof *list->items);
                    if (list->keys) memmove(&list->keys[k], &list->keys[k + 1], (list->n - k - 1) * sizeof *list->keys);
                    list->n--;
                } else {
                    jval *c = jget(o, "count");
                    c->t = J_NUM; c->is_int = 1; c->i = count - 1; c->num = (double)(count - 1);
                }
                sbuf b = {0};
                json_write(&b, j, 0);
                sb_addc(&b, '\n');
                fs_write_atomic(fp, b.p, b.n);
                sb_free(&b);
            }
            break;
        }
    }
    json_free(j);
    state_unlock();
    free(fp);
    free(root);
    gunlock();
}

/* A fault point at the entry of a call: returns a failure HRESULT to return, 0 to go on. Aborts the
 * process for "abort" entries unless deferAbort (the call then aborts at its own chosen point). */
static int32_t fault_point(const char *iface, const char *method, fault_hit *hit, int deferAbort) {
    fault_take(iface, method, hit);
    if (hit->kind == FK_ABORT && !deferAbort) die_now(hit->exitCode);
    if (hit->kind == FK_FAIL) return hit->hr ? hit->hr : SD_E_FAIL;
    return 0;
}
#define FAULT(iface, meth)                                       \
    fault_hit fh_;                                               \
    do {                                                         \
        int32_t fr_ = fault_point(iface, meth, &fh_, 0);         \
        if (fr_) return fr_;                                     \
    } while (0)

/* ============================================================================================== */
/* 10. Machine cache, snapshot engine, demo machine                                               */
/* ============================================================================================== */

static sim_machine *g_machine;
static char *g_machine_root;
static int64_t g_machine_mtime, g_machine_size;
static int demo_create(const char *root);

static void machine_drop_cache(void) {
    glock();
    machine_unref(g_machine);
    g_machine = NULL;
    free(g_machine_root);
    g_machine_root = NULL;
    gunlock();
}

/* The current machine (a new reference) and, if rootOut, the root it lives in (malloc'd).
 * Creates the demo machine when the root has no machine.json. NULL when machine.json is invalid. */
static sim_machine *machine_get(char **rootOut) {
    glock();
    char *root = current_root();
    char *mp = path_join(root, "machine.json");
    fs_info st;
    if (fs_stat(mp, &st) != 0) {
        demo_create(root);
        if (fs_stat(mp, &st) != 0) {
            fprintf(stderr, "shadowdesk-vss: cannot create the demo machine in %s\n", root);
            free(mp); free(root);
            gunlock();
            return NULL;
        }
    }
    sim_machine *m = NULL;
    if (g_machine && !strcmp(g_machine_root, root) && st.mtime == g_machine_mtime && st.size == g_machine_size) {
        m = machine_ref(g_machine);
    } else {
        size_t len;
        char *text = fs_read(mp, &len);
        char *err = NULL;
        m = text ? machine_parse(text, &err) : NULL;
        free(text);
        if (!m) {
            fprintf(stderr, "shadowdesk-vss: %s\n", err ? err : "cannot read machine.json");
            free(err);
        } else {
            machine_unref(g_machine);
            g_machine = machine_ref(m);
            free(g_machine_root);
            g_machine_root = xstrdup(root);
            g_machine_mtime = st.mtime;
            g_machine_size = st.size;
        }
    }
    free(mp);
    if (rootOut && m) *rootOut = root;
    else free(root);
    gunlock();
    return m;
}

typedef struct { uint32_t pid; int64_t start; uint64_t obj; } owner_t;

static char *live_dir(const char *root, char letter) {
    char L[2] = {letter, 0};
    return path_join3(root, "volumes", L);
}
static int64_t storage_used(const sim_state *st, char vol) {
    int64_t u = 0;
    for (size_t k = 0; k < st->nsnaps; k++) if (st->snaps[k].vol == vol) u += st->snaps[k].bytes;
    return u;
}
#define ALLOC_GRANULARITY (1LL << 20) /* allocated = used rounded up to 1 MiB, capped at the maximum */
static int64_t storage_allocated(int64_t used, int64_t max) {
    if (used <= 0) return 0;
    int64_t a = (used + ALLOC_GRANULARITY - 1) / ALLOC_GRANULARITY * ALLOC_GRANULARITY;
    if (max >= 0 && a > max) a = max;
    if (a < used) a = used;
    return a;
}
/* bytes of shadow storage hosted on volume `host` */
static int64_t storage_hosted_on(const sim_state *st, char host) {
    int64_t a = 0;
    for (size_t k = 0; k < st->nstor; k++)
        if (st->stor[k].diffVol == host) a += storage_allocated(storage_used(st, st->stor[k].vol), st->stor[k].maxBytes);
    return a;
}
/* used bytes of a volume: baseline + its live folder + shadow storage it hosts */
static int64_t volume_used_bytes(const sim_machine *m, const char *root, const sim_state *st, int vi) {
    const sim_volume *v = &m->vols[vi];
    char *d = live_dir(root, v->letter);
    int64_t u = v->baseUsed + fs_treesize(d);
    free(d);
    if (st) u += storage_hosted_on(st, v->letter);
    if (u > v->capacity) u = v->capacity;
    return u;
}
static int default_storage_host(const sim_machine *m, int vi) {
    if (m->vols[vi].storageHost) return vi;
    for (size_t k = 0; k < m->nvols; k++) if (m->vols[k].storageHost) return (int)k;
    return -1;
}
/* association for volume vi; created on first use on the volume itself with max = 10% of its capacity */
static st_storage *ensure_storage(const sim_machine *m, sim_state *st, int vi) {
    st_storage *s = state_storage_for(st, m->vols[vi].letter);
    if (s) return s;
    int host = default_storage_host(m, vi);
    if (host < 0) return NULL;
    return state_storage_add(st, m->vols[vi].letter, m->vols[host].letter, m->vols[host].capacity / 10);
}
static int snap_index(const sim_state *st, const sd_GUID *id) {
    for (size_t k = 0; k < st->nsnaps; k++) if (guid_eq(&st->snaps[k].id, id)) return (int)k;
    return -1;
}
static int snap_visible(const st_snap *s, int32_t ctx) { return ctx == CTX_ALL || s->ctx == ctx; }
static int count_snaps_on(const sim_state *st, char vol, int clientAccessibleOnly) {
    int n = 0;
    for (size_t k = 0; k < st->nsnaps; k++)
        if (st->snaps[k].vol == vol && (!clientAccessibleOnly || (st->snaps[k].attrs & ATTR_CLIENT_ACCESSIBLE))) n++;
    return n;
}
static int oldest_snap_on(const sim_state *st, char vol) {
    int best = -1;
    for (size_t k = 0; k < st->nsnaps; k++) {
        const st_snap *s = &st->snaps[k];
        if (s->vol != vol) continue;
        if (best < 0 || s->created < st->snaps[best].created || (s->created == st->snaps[best].created && s->dev < st->snaps[best].dev))
            best = (int)k;
    }
    return best;
}
/* deletes the oldest copies of `vol` until used + extra <= max */
static void storage_make_room(sim_state *st, char vol, int64_t max, int64_t extra) {
    if (max < 0) return;
    while (storage_used(st, vol) + extra > max) {
        int k = oldest_snap_on(st, vol);
        if (k < 0) break;
        state_remove_snap_at(st, (size_t)k);
    }
}
/* can a new copy of volume vi be added in context ctx? */
static int32_t engine_check_volume(const sim_machine *m, const sim_state *st, int vi, int32_t ctx) {
    const sim_volume *v = &m->vols[vi];
    if (!v->supported) return VSSE_VOLUME_NOT_SUPPORTED;
    if ((ctx & ATTR_CLIENT_ACCESSIBLE) && count_snaps_on(st, v->letter, 1) >= MAX_CLIENT_ACCESSIBLE_PER_VOLUME)
        return VSSE_MAXIMUM_NUMBER_OF_SNAPSHOTS_REACHED;
    if (count_snaps_on(st, v->letter, 0) >= MAX_SNAPSHOTS_PER_VOLUME) return VSSE_MAXIMUM_NUMBER_OF_SNAPSHOTS_REACHED;
    return SD_S_OK;
}

/* Freezes the live trees of the given volumes into new shadow copies forming one set. State lock held.
 * On failure nothing is created (copies made so far are removed). abortExit > 0 kills the process
 * half-way through freezing (fault injection). */
static int32_t engine_create_set(const sim_machine *m, sim_state *st, const int *vis, size_t n, int32_t ctx, int64_t created,
                                 owner_t owner, const sd_GUID *setId, const sd_GUID *snapIds, int abortExit) {
    if (n == 0) return VSSE_BAD_STATE;
    int64_t *bytes = xcalloc(n, sizeof *bytes);
    int32_t hr = SD_S_OK;
    /* 1. checks for every volume before touching anything */
    for (size_t k = 0; k < n && hr == SD_S_OK; k++) {
        hr = engine_check_volume(m, st, vis[k], ctx);
        if (hr) break;
        char *d = live_dir(st->root, m->vols[vis[k]].letter);
        fs_mkdirs(d);
        bytes[k] = fs_treesize(d);
        free(d);
        st_storage *s = ensure_storage(m, st, vis[k]);
        if (!s) { hr = VSSE_INSUFFICIENT_STORAGE; break; }
        if (s->maxBytes >= 0 && bytes[k] > s->maxBytes) hr = VSSE_INSUFFICIENT_STORAGE;
    }
    if (hr) { free(bytes); return hr; }
    /* 2. make room (oldest copies go first), then freeze */
    size_t made = 0;
    for (size_t k = 0; k < n; k++) {
        const sim_volume *v = &m->vols[vis[k]];
        st_storage *s = state_storage_for(st, v->letter);
        storage_make_room(st, v->letter, s ? s->maxBytes : -1, bytes[k]);
        uint32_t dev = st->nextDevice++;
        st->dirty = 1;
        char *dst = shadow_dir(st->root, dev);
        char *src = live_dir(st->root, v->letter);
        fs_rmtree(dst);
        int64_t copied = 0;
        int rc = fs_copytree(src, dst, &copied);
        free(src);
        if (abortExit > 0) die_now(abortExit); /* leaves a half-made set and the in-progress marker */
        if (rc != 0) {
            fs_rmtree(dst);
            free(dst);
            hr = VSSE_UNEXPECTED_PROVIDER_ERROR;
            break;
        }
        free(dst);
        st->snaps = xrealloc(st->snaps, (st->nsnaps + 1) * sizeof *st->snaps);
        st_snap *sn = &st->snaps[st->nsnaps++];
        memset(sn, 0, sizeof *sn);
        sn->id = snapIds[k];
        sn->set = *setId;
        sn->count = (int32_t)n;
        sn->vol = v->letter;
        sn->dev = dev;
        sn->ctx = ctx;
        sn->attrs = ctx | ATTR_DIFFERENTIAL;
        sn->created = created;
        sn->bytes = copied;
        sn->autoRelease = !(ctx & ATTR_NO_AUTO_RELEASE);
        sn->ownerPid = owner.pid;
        sn->ownerStart = owner.start;
        sn->ownerObj = owner.obj;
        made++;
    }
    if (hr) {
        for (size_t k = 0; k < made; k++) {
            int i = snap_index(st, &snapIds[k]);
            if (i >= 0) state_remove_snap_at(st, (size_t)i);
        }
    }
    free(bytes);
    return hr;
}

/* ---- demo machine ---- */
static const char DEMO_MACHINE_JSON[] =
    "{\n"
    "  \"$comment\": \"ShadowDesk simulated machine (created as a demo; edit freely, see native/standin/README.md)\",\n"
    "  \"machineName\": \"ANA-LAPTOP\",\n"
    "  \"volumes\": [\n"
    "    {\"letter\": \"C\", \"guid\": \"{a3d5c8e2-41f7-4b0e-9c62-1f8e0d7b5a34}\", \"label\": \"Windows\", \"fileSystem\": \"NTFS\",\n"
    "     \"capacityBytes\": 274877906944, \"usedBytes\": 131941395333, \"driveType\": \"fixed\",\n"
    "     \"shadowStorage\": {\"onVolume\": \"C\", \"maxBytes\": 27487790694}},\n"
    "    {\"letter\": \"D\", \"guid\": \"{6e2b9f14-8c3a-4d57-b1e0-92f4c6a8d713}\", \"label\": \"Data\", \"fileSystem\": \"NTFS\",\n"
    "     \"capacityBytes\": 1000202039296, \"usedBytes\": 412316860416, \"driveType\": \"fixed\",\n"
    "     \"shadowStorage\": {\"onVolume\": \"D\", \"maxBytes\": 53687091200}},\n"
    "    {\"letter\": \"E\", \"guid\": \"{c91f0a76-2d4e-11ef-8b3c-806e6f6e6963}\", \"label\": \"USB STICK\", \"fileSystem\": \"FAT32\",\n"
    "     \"capacityBytes\": 31016878080, \"usedBytes\": 9663676416, \"driveType\": \"removable\", \"shadowCopySupported\": false}\n"
    "  ],\n"
    "  \"writers\": [\n"
    "    {\"name\": \"System Writer\", \"writerId\": \"{e8132975-6f93-4464-a53e-1050253ae220}\",\n"
    "     \"instanceId\": \"{1a7c3f52-0b8e-4d61-9f3a-6c2e8d4b7a10}\", \"state\": \"STABLE\", \"lastError\": \"S_OK\",\n"
    "     \"usage\": \"BOOTABLESYSTEMSTATE\", \"source\": \"OTHER\", \"restoreMethod\": \"RESTORE_IF_CAN_REPLACE\",\n"
    "     \"components\": [\n"
    "       {\"name\": \"System Files\", \"logicalPath\": \"\", \"caption\": \"System Files\", \"type\": \"FILEGROUP\", \"selectable\": false,\n"
    "        \"files\": [{\"path\": \"C:\\\\Windows\\\\System32\", \"filespec\": \"*.dll\", \"recursive\": false},\n"
    "                  {\"path\": \"C:\\\\Windows\\\\System32\\\\drivers\", \"filespec\": \"*.sys\", \"recursive\": false}]},\n"
    "       {\"name\": \"Win32 Services Files\", \"logicalPath\": \"\", \"caption\": \"Win32 Services Files\", \"type\": \"FILEGROUP\", \"selectable\": true,\n"
    "        \"files\": [{\"path\": \"C:\\\\Windows\\\\System32\", \"filespec\": \"svchost.exe\", \"recursive\": false}]}]},\n"
    "    {\"name\": \"Registry Writer\", \"writerId\": \"{afbab4a2-367d-4d15-a586-71dbb18f8485}\",\n"
    "     \"instanceId\": \"{5c9e2d41-7a3b-4f08-8e6d-2b1f9c0a4e57}\", \"state\": \"STABLE\", \"lastError\": \"S_OK\",\n"
    "     \"usage\": \"BOOTABLESYSTEMSTATE\", \"source\": \"OTHER\",\n"
    "     \"components\": [{\"name\": \"Registry\", \"logicalPath\": \"\", \"caption\": \"Registry\", \"type\": \"FILEGROUP\", \"selectable\": false,\n"
    "        \"files\": [{\"path\": \"C:\\\\Windows\\\\System32\\\\config\", \"filespec\": \"*\", \"recursive\": false}]}]},\n"
    "    {\"name\": \"WMI Writer\", \"writerId\": \"{a6ad56c2-b509-4e6c-bb19-49d8f43532f0}\",\n"
    "     \"instanceId\": \"{9d4b7e13-2c6f-4a85-b03e-7f1a5c8d2e96}\", \"state\": \"FAILED_AT_FREEZE\",\n"
    "     \"lastError\": \"VSS_E_WRITERERROR_RETRYABLE\", \"usage\": \"BOOTABLESYSTEMSTATE\", \"source\": \"OTHER\",\n"
    "     \"restoreService\": \"Winmgmt\", \"restoreMethod\": \"RESTORE_STOP_START\",\n"
    "     \"components\": [{\"name\": \"WMI\", \"logicalPath\": \"\", \"caption\": \"Windows Management Instrumentation\", \"type\": \"FILEGROUP\",\n"
    "        \"selectable\": false,\n"
    "        \"files\": [{\"path\": \"C:\\\\Windows\\\\System32\\\\wbem\\\\Repository\", \"filespec\": \"*.*\", \"recursive\": true}]}]},\n"
    "    {\"name\": \"COM+ REGDB Writer\", \"writerId\": \"{542da469-d3e1-473c-9f4f-7847f01fc64f}\",\n"
    "     \"instanceId\": \"{3e8f1a6c-9b2d-4e70-a5c4-8d0b6f2e1a39}\", \"state\": \"STABLE\", \"lastError\": \"S_OK\",\n"
    "     \"usage\": \"BOOTABLESYSTEMSTATE\", \"source\": \"OTHER\",\n"
    "     \"components\": [{\"name\": \"COM+ REGDB\", \"logicalPath\": \"\", \"caption\": \"COM+ Registration Database\", \"type\": \"FILEGROUP\",\n"
    "        \"selectable\": false,\n"
    "        \"files\": [{\"path\": \"C:\\\\Windows\\\\Registration\", \"filespec\": \"*.clb\", \"recursive\": false}]}]},\n"
    "    {\"name\": \"ASR Writer\", \"writerId\": \"{be000cbe-11fe-4426-9c58-531aa6355fc4}\",\n"
    "     \"instanceId\": \"{7b2d9c40-5e1f-4a36-8c7b-0e4f3a9d6b21}\", \"state\": \"STABLE\", \"lastError\": \"S_OK\",\n"
    "     \"usage\": \"BOOTABLESYSTEMSTATE\", \"source\": \"OTHER\",\n"
    "     \"components\": [{\"name\": \"ASR Config\", \"logicalPath\": \"\", \"caption\": \"ASR Config\", \"type\": \"FILEGROUP\", \"selectable\": true},\n"
    "                    {\"name\": \"BCD\", \"logicalPath\": \"\", \"caption\": \"Boot Configuration Data\", \"type\": \"FILEGROUP\", \"selectable\": false,\n"
    "                     \"files\": [{\"path\": \"C:\\\\Boot\", \"filespec\": \"BCD\", \"recursive\": false}]}]},\n"
    "    {\"name\": \"Shadow Copy Optimization Writer\", \"writerId\": \"{4dc3bdd4-ab48-4d07-adb0-3bee2926fd7f}\",\n"
    "     \"instanceId\": \"{c2f6a8d1-3b7e-4f95-9a0c-5d8e1b4f7c63}\", \"state\": \"STABLE\", \"lastError\": \"S_OK\",\n"
    "     \"usage\": \"OTHER\", \"source\": \"OTHER\",\n"
    "     \"excludeFiles\": [{\"path\": \"C:\\\\\", \"filespec\": \"pagefile.sys\", \"recursive\": false},\n"
    "                      {\"path\": \"C:\\\\\", \"filespec\": \"hiberfil.sys\", \"recursive\": false},\n"
    "                      {\"path\": \"C:\\\\Windows\\\\Temp\", \"filespec\": \"*\", \"recursive\": true},\n"
    "                      {\"path\": \"C:\\\\Users\\\\ana\\\\AppData\\\\Local\\\\Temp\", \"filespec\": \"*\", \"recursive\": true}]},\n"
    "    {\"name\": \"MSSearch Service Writer\", \"writerId\": \"{cd3f2362-8bef-46c7-9181-d62844cdc0b2}\",\n"
    "     \"instanceId\": \"{e5a19b7f-6c2d-4038-b4e1-9f7c3a2d5b80}\", \"state\": \"STABLE\", \"lastError\": \"S_OK\",\n"
    "     \"usage\": \"USERDATA\", \"source\": \"OTHER\",\n"
    "     \"excludeFiles\": [{\"path\": \"C:\\\\ProgramData\\\\Microsoft\\\\Search\\\\Data\\\\Applications\\\\Windows\", \"filespec\": \"*\", \"recursive\": true}]},\n"
    "    {\"name\": \"BITS Writer\", \"writerId\": \"{4969d978-be47-48b0-b100-f328f07ac1e0}\",\n"
    "     \"instanceId\": \"{0f3c8e25-1d9a-4b67-8f2e-6a4d0c9b3e18}\", \"state\": \"STABLE\", \"lastError\": \"S_OK\",\n"
    "     \"usage\": \"USERDATA\", \"source\": \"OTHER\",\n"
    "     \"excludeFiles\": [{\"path\": \"C:\\\\ProgramData\\\\Microsoft\\\\Network\\\\Downloader\", \"filespec\": \"qmgr*.dat\", \"recursive\": false}]},\n"
    "    {\"name\": \"Performance Counters Writer\", \"writerId\": \"{0bada1de-01a9-4625-8278-69e735f39dd2}\",\n"
    "     \"instanceId\": \"{8a6e4c13-f7b2-4d09-a3c5-1e9b7d2f0a64}\", \"state\": \"STABLE\", \"lastError\": \"S_OK\",\n"
    "     \"usage\": \"BOOTABLESYSTEMSTATE\", \"source\": \"OTHER\",\n"
    "     \"components\": [{\"name\": \"PerformanceCounters\", \"logicalPath\": \"\", \"caption\": \"Performance Counters\", \"type\": \"FILEGROUP\",\n"
    "        \"selectable\": false,\n"
    "        \"files\": [{\"path\": \"C:\\\\Windows\\\\System32\", \"filespec\": \"perf?00?.dat\", \"recursive\": false}]}]}\n"
    "  ]\n"
    "}\n";

static uint32_t crc32_update(uint32_t crc, const uint8_t *p, size_t n) {
    crc = ~crc;
    for (size_t i = 0; i < n; i++) {
        crc ^= p[i];
        for (int k = 0; k < 8; k++) crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
    }
    return ~crc;
}
static void be32(sbuf *b, uint32_t v) {
    char o[4] = {(char)(v >> 24), (char)(v >> 16), (char)(v >> 8), (char)v};
    sb_addn(b, o, 4);
}
static void png_chunk(sbuf *b, const char *type, const uint8_t *data, size_t n) {
    be32(b, (uint32_t)n);
    size_t at = b->n;
    sb_addn(b, type, 4);
    if (n) sb_addn(b, (const char *)data, n);
    be32(b, crc32_update(0, (const uint8_t *)b->p + at, n + 4));
}
/* A small valid RGB PNG (zlib stream of stored blocks): a sunset-like gradient with a "sun". */
static void png_make(sbuf *out, int w, int h, int variant) {
    sb_addn(out, "\x89PNG\r\n\x1a\n", 8);
    uint8_t ihdr[13] = {0, 0, 0, (uint8_t)w, 0, 0, 0, (uint8_t)h, 8, 2, 0, 0, 0};
    png_chunk(out, "IHDR", ihdr, 13);
    size_t rowlen = (size_t)w * 3 + 1, rawlen = rowlen * (size_t)h;
    uint8_t *raw = xmalloc(rawlen);
    for (int y = 0; y < h; y++) {
        uint8_t *r = raw + (size_t)y * rowlen;
        r[0] = 0;
        for (int x = 0; x < w; x++) {
            int dx = x - w * 2 / 3, dy = y - h / 3;
            int sun = dx * dx + dy * dy < (h / 6) * (h / 6);
            uint8_t R = (uint8_t)(sun ? 255 : 40 + y * 200 / h);
            uint8_t G = (uint8_t)(sun ? 220 : 60 + (variant ? 40 : 0) + y * 80 / h);
            uint8_t B = (uint8_t)(sun ? 120 : 160 - y * 120 / h);
            if (y > h * 3 / 4) { R = 30; G = (uint8_t)(90 + (x % 7) * 4); B = 160; }
            r[1 + x * 3] = R; r[2 + x * 3] = G; r[3 + x * 3] = B;
        }
    }
    sbuf z = {0};
    sb_addn(&z, "\x78\x01", 2);
    size_t off = 0;
    while (off < rawlen || off == 0) {
        size_t chunk = rawlen - off > 65535 ? 65535 : rawlen - off;
        uint8_t hdr[5] = {(uint8_t)(off + chunk >= rawlen ? 1 : 0), (uint8_t)(chunk & 0xFF), (uint8_t)(chunk >> 8),
                          (uint8_t)(~chunk & 0xFF), (uint8_t)((~chunk >> 8) & 0xFF)};
        sb_addn(&z, (const char *)hdr, 5);
        sb_addn(&z, (const char *)raw + off, chunk);
        off += chunk;
        if (off >= rawlen) break;
    }
    uint32_t a = 1, bsum = 0;
    for (size_t i = 0; i < rawlen; i++) { a = (a + raw[i]) % 65521; bsum = (bsum + a) % 65521; }
    be32(&z, (bsum << 16) | a);
    png_chunk(out, "IDAT", (const uint8_t *)z.p, z.n);
    png_chunk(out, "IEND", NULL, 0);
    sb_free(&z);
    free(raw);
}

static void demo_put(const char *root, char letter, const char *rel, const char *data, size_t len, int64_t mtime) {
    char *d = live_dir(root, letter);
    char *p = path_join(d, rel);
    char *slash = strrchr(p, '/');
    if (slash) { *slash = 0; fs_mkdirs(p); *slash = '/'; }
    fs_write(p, data, len);
    fs_set_mtime(p, mtime);
    free(p);
    free(d);
}
static void demo_text(const char *root, char letter, const char *rel, const char *text, int64_t mtime) {
    demo_put(root, letter, rel, text, strlen(text), mtime);
}
static void demo_rm(const char *root, char letter, const char *rel) {
    char *d = live_dir(root, letter);
    char *p = path_join(d, rel);
    fs_rmtree(p);
    free(p);
    free(d);
}

static const char REPORT_V1[] =
    "Quarterly report - Q3\r\n=====================\r\n\r\nPrepared by: Ana Ribeiro\r\n\r\n"
    "1. Summary\r\nRevenue grew 4% over Q2. Support tickets fell by a fifth after the new onboarding guide.\r\n\r\n"
    "2. Open points\r\n- Renew the hosting contract before November.\r\n- Hire a second support engineer.\r\n";
static const char REPORT_V2[] =
    "Quarterly report - Q3\r\n=====================\r\n\r\nPrepared by: Ana Ribeiro\r\nReviewed by: Marco Bianchi\r\n\r\n"
    "1. Summary\r\nRevenue grew 4.3% over Q2. Support tickets fell by 21% after the new onboarding guide.\r\n\r\n"
    "2. Open points\r\n- Renew the hosting contract before November (quote received: 1,840 EUR/month).\r\n"
    "- Hire a second support engineer.\r\n\r\n3. Risks\r\n- One large customer is evaluating a competitor.\r\n";
static const char REPORT_V3[] =
    "Quarterly report - Q3 (FINAL DRAFT)\r\n===================================\r\n\r\nPrepared by: Ana Ribeiro\r\nReviewed by: Marco Bianchi\r\n\r\n"
    "1. Summary\r\nRevenue grew 4.3% over Q2. Support tickets fell by 21% after the new onboarding guide.\r\n"
    "Churn stayed flat at 1.9%.\r\n\r\n"
    "2. Open points\r\n- Renew the hosting contract before November (quote received: 1,840 EUR/month).\r\n"
    "- Hire a second support engineer (interviews scheduled).\r\n\r\n3. Risks\r\n- One large customer is evaluating a competitor.\r\n"
    "- Exchange-rate exposure on the US contracts.\r\n\r\n4. Next steps\r\nPresent to the board on the 28th.\r\n";
static const char REPORT_V4[] =
    "Quarterly report\r\n\r\n(started over - paste the final text here)\r\n";

static int demo_create(const char *root) {
    fs_mkdirs(root);
    state_lock(root);
    char *mp = path_join(root, "machine.json");
    if (fs_exists(mp)) { free(mp); state_unlock(); return 0; }
    char *err = NULL;
    sim_machine *m = machine_parse(DEMO_MACHINE_JSON, &err);
    if (!m) { fprintf(stderr, "shadowdesk-vss: demo machine: %s\n", err); free(err); free(mp); state_unlock(); return -1; }
    /* start clean: a root without machine.json gets a consistent demo */
    char *p;
    p = path_join3(root, "state", "state.json"); fs_remove_file(p); free(p);
    p = path_join(root, "shadows"); fs_rmtree(p); free(p);
    p = path_join(root, "faults.json"); fs_remove_file(p); free(p);
    for (size_t v = 0; v < m->nvols; v++) { p = live_dir(root, m->vols[v].letter); fs_rmtree(p); fs_mkdirs(p); free(p); }

    const int64_t H = 3600LL * FT_PER_SEC;
    int64_t now = now_filetime();
    int64_t t14 = now - 14 * FT_PER_DAY, t7 = now - 7 * FT_PER_DAY, t3 = now - 3 * FT_PER_DAY, t1 = now - FT_PER_DAY;
    sbuf png = {0};

    /* --- stage 0: two weeks ago --- */
    demo_text(root, 'C', "Windows/win.ini", "; for 16-bit app support\r\n[fonts]\r\n[extensions]\r\n[mci extensions]\r\n[files]\r\n[Mail]\r\nMAPI=1\r\n", t14 - 200 * FT_PER_DAY);
    demo_text(root, 'C', "Windows/System32/drivers/etc/hosts",
              "# Copyright (c) 1993-2009 Microsoft Corp.\r\n#\r\n# This is a sample HOSTS file used by Microsoft TCP/IP for Windows.\r\n#\r\n"
              "# localhost name resolution is handled within DNS itself.\r\n#\t127.0.0.1       localhost\r\n#\t::1             localhost\r\n", t14 - 300 * FT_PER_DAY);
    demo_text(root, 'C', "Windows/System32/config/SYSTEM.LOG1", "regf simulated transaction log\r\n", t14 - 2 * H);
    demo_text(root, 'C', "Users/Public/Documents/readme.txt", "Files in this folder are shared with every user of this PC.\r\n", t14 - 90 * FT_PER_DAY);
    demo_text(root, 'C', "Users/ana/Documents/report.txt", REPORT_V1, t14 - 26 * H);
    demo_text(root, 'C', "Users/ana/Documents/notes.txt",
              "Notes\r\n-----\r\n* Call the bank about the mortgage rate.\r\n* Dentist on Thursday 10:30.\r\n", t14 - 50 * H);
    demo_text(root, 'C', "Users/ana/Documents/budget.csv",
              "month,rent,groceries,utilities,transport,savings\r\nJuly,950,410,132,85,400\r\nAugust,950,388,120,92,450\r\n", t14 - 5 * H);
    demo_text(root, 'C', "Users/ana/Documents/letter-draft.txt",
              "Dear Mr. Conti,\r\n\r\nthank you for your letter of the 3rd. I would be glad to meet next week to discuss the lease renewal.\r\n\r\nKind regards,\r\nAna Ribeiro\r\n", t14 - 3 * H);
    demo_text(root, 'C', "Users/ana/Documents/Caff\xc3\xa8 e appunti.txt", "Lista per la riunione: caff\xc3\xa8, verbale, preventivo.\r\n", t14 - 30 * H);
    png_make(&png, 48, 32, 0);
    demo_put(root, 'C', "Users/ana/Pictures/holiday.png", png.p, png.n, t14 - 20 * FT_PER_DAY);
    sb_free(&png);
    demo_text(root, 'C', "Users/ana/Desktop/todo.txt", "TODO\r\n[ ] finish Q3 report\r\n[ ] send budget to Marco\r\n[ ] book train tickets\r\n", t14 - 4 * H);
    demo_text(root, 'C', "Users/ana/Downloads/setup-log.txt", "Installer 2.4.1 finished with exit code 0\r\n", t14 - 9 * FT_PER_DAY);
    demo_text(root, 'D', "Projects/website/index.html",
              "<!doctype html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><title>Ribeiro Design</title></head>\n<body>\n  <h1>Ribeiro Design</h1>\n  <p>Interiors and small spaces.</p>\n  <script src=\"src/app.js\"></script>\n</body>\n</html>\n", t14 - 6 * FT_PER_DAY);
    demo_text(root, 'D', "Projects/website/src/app.js",
              "// Entry point of the site\nfunction greet(name) {\n  return `Hello, ${name}!`;\n}\n\ndocument.addEventListener('DOMContentLoaded', () => {\n  console.log(greet('visitor'));\n});\n", t14 - 6 * FT_PER_DAY);
    demo_text(root, 'D', "Projects/website/README.md", "# Website\n\nStatic site. Open index.html in a browser.\n", t14 - 6 * FT_PER_DAY);
    demo_text(root, 'D', "Projects/website/old-notes.md", "# Old notes\n\n- Colours: sand, olive, white.\n- Fonts: something humanist.\n", t14 - 40 * FT_PER_DAY);
    demo_text(root, 'D', "Projects/budget-tool/main.py",
              "import csv\nimport sys\n\n\ndef total(path):\n    with open(path, newline='') as f:\n        rows = list(csv.DictReader(f))\n    return sum(float(r['amount']) for r in rows)\n\n\nif __name__ == '__main__':\n    print(total(sys.argv[1]))\n", t14 - 10 * FT_PER_DAY);
    demo_text(root, 'D', "Projects/budget-tool/data/2024.csv", "date,amount,category\n2024-01-03,54.20,groceries\n2024-01-05,950.00,rent\n", t14 - 10 * FT_PER_DAY);
    png_make(&png, 40, 30, 1);
    demo_put(root, 'D', "Photos/2024/beach.png", png.p, png.n, t14 - 60 * FT_PER_DAY);
    sb_free(&png);
    demo_text(root, 'E', "Backup notes.txt", "USB stick - copy of the tax documents is in the Taxes folder.\r\n", t14 - 30 * FT_PER_DAY);
    demo_text(root, 'E', "Taxes/2023-summary.txt", "Tax return 2023 submitted on 2024-06-12.\r\n", t14 - 100 * FT_PER_DAY);

    sim_state st;
    state_load(root, m, &st);
    int cd[2] = {machine_find_letter(m, 'C'), machine_find_letter(m, 'D')};
    owner_t none = {0, 0, 0};
    sd_GUID set, ids[2];
#define DEMO_SNAP(when)                                                                                   \
    do {                                                                                                  \
        guid_new(&set); guid_new(&ids[0]); guid_new(&ids[1]);                                             \
        engine_create_set(m, &st, cd, 2, CTX_CLIENT_ACCESSIBLE, (when), none, &set, ids, 0);               \
    } while (0)
    DEMO_SNAP(t14);

    /* --- stage 1: a week ago --- */
    demo_text(root, 'C', "Users/ana/Documents/report.txt", REPORT_V2, t7 - 6 * H);
    demo_text(root, 'C', "Users/ana/Documents/budget.csv",
              "month,rent,groceries,utilities,transport,savings\r\nJuly,950,410,132,85,400\r\nAugust,950,388,120,92,450\r\nSeptember,950,402,141,80,420\r\n", t7 - 8 * H);
    demo_text(root, 'C', "Users/ana/Documents/meeting-minutes.txt",
              "Minutes - team meeting\r\nPresent: Ana, Marco, Giulia\r\n- Q3 report: Ana to circulate the draft by Friday.\r\n- Hosting: Marco asks for two more quotes.\r\n", t7 - 30 * H);
    demo_text(root, 'C', "Users/ana/Desktop/todo.txt", "TODO\r\n[x] finish Q3 report (draft)\r\n[ ] send budget to Marco\r\n[ ] book train tickets\r\n", t7 - 7 * H);
    demo_text(root, 'D', "Projects/website/src/app.js",
              "// Entry point of the site\nimport { formatDate } from './util.js';\n\nfunction greet(name) {\n  return `Hello, ${name}!`;\n}\n\ndocument.addEventListener('DOMContentLoaded', () => {\n  console.log(greet('visitor'), formatDate(new Date()));\n});\n", t7 - 20 * H);
    demo_text(root, 'D', "Projects/website/src/util.js",
              "export function formatDate(d) {\n  return d.toISOString().slice(0, 10);\n}\n", t7 - 20 * H);
    DEMO_SNAP(t7);

    /* --- stage 2: three days ago --- */
    demo_rm(root, 'C', "Users/ana/Documents/letter-draft.txt");
    demo_text(root, 'C', "Users/ana/Documents/report.txt", REPORT_V3, t3 - 5 * H);
    demo_text(root, 'C', "Users/ana/Documents/notes.txt",
              "Notes\r\n-----\r\n* Call the bank about the mortgage rate. -> done, 3.1% fixed\r\n* Dentist on Thursday 10:30.\r\n* Buy a birthday present for Giulia.\r\n", t3 - 9 * H);
    demo_text(root, 'D', "Projects/budget-tool/main.py",
              "import csv\nimport sys\nfrom collections import defaultdict\n\n\ndef totals(path):\n    out = defaultdict(float)\n    with open(path, newline='') as f:\n        for r in csv.DictReader(f):\n            out[r['category']] += float(r['amount'])\n    return dict(out)\n\n\nif __name__ == '__main__':\n    for k, v in sorted(totals(sys.argv[1]).items()):\n        print(f'{k:12} {v:10.2f}')\n", t3 - 26 * H);
    demo_text(root, 'D', "Projects/website/README.md", "# Website\n\nStatic site. Open index.html in a browser.\n\n## Deploy\n\nCopy the folder to the web host with `rsync -av`.\n", t3 - 28 * H);
    demo_rm(root, 'D', "Projects/website/old-notes.md");
    DEMO_SNAP(t3);

    /* --- stage 3: yesterday --- */
    demo_text(root, 'C', "Users/ana/Documents/budget.csv",
              "month,rent,groceries,utilities,transport,savings\r\nJuly,950,410,132,85,400\r\nAugust,950,388,120,92,450\r\nSeptember,950,402,141,80,420\r\nOctober,950,395,150,78,430\r\n", t1 - 3 * H);
    demo_text(root, 'D', "Projects/website/src/app.js",
              "// Entry point of the site\nimport { formatDate } from './util.js';\n\nconst GREETING = 'Hello';\n\nfunction greet(name) {\n  return `${GREETING}, ${name}!`;\n}\n\ndocument.addEventListener('DOMContentLoaded', () => {\n  document.querySelector('h1').title = greet('visitor');\n  console.log(greet('visitor'), formatDate(new Date()));\n});\n", t1 - 5 * H);
    DEMO_SNAP(t1);
#undef DEMO_SNAP

    /* --- live: this morning --- */
    demo_text(root, 'C', "Users/ana/Documents/report.txt", REPORT_V4, now - 2 * H);
    demo_rm(root, 'C', "Users/ana/Desktop/todo.txt");
    demo_text(root, 'C', "Users/ana/Documents/new-ideas.txt", "Ideas\r\n- A shared calendar for the office.\r\n- Move the archive to D:.\r\n", now - 1 * H);

    state_save(&st);
    state_free(&st);
    machine_unref(m);
    /* machine.json last: its presence means the demo is complete */
    int rc = fs_write_atomic(mp, DEMO_MACHINE_JSON, strlen(DEMO_MACHINE_JSON));
    free(mp);
    state_unlock();
    return rc;
}

/* ============================================================================================== */
/* 11. COM object plumbing, vtable layouts, IVssAsync, enumerators                                */
/* ============================================================================================== */

typedef int32_t (*fn_QueryInterface)(void *self, const sd_GUID *riid, void **ppv);
typedef uint32_t (*fn_AddRef)(void *self);
typedef uint32_t (*fn_Release)(void *self);
/* Slots we do not simulate: they take `self` (and whatever the caller passes after it, which the
 * x64 calling conventions let a callee ignore) and honestly return E_NOTIMPL. */
typedef int32_t (*fn_stub)(void *self);
#define IUNKNOWN_SLOTS          \
    fn_QueryInterface QueryInterface; \
    fn_AddRef AddRef;           \
    fn_Release Release;

typedef struct sd_IUnknownVtbl { IUNKNOWN_SLOTS } sd_IUnknownVtbl;

typedef struct sd_IVssBackupComponentsVtbl {
    IUNKNOWN_SLOTS
    int32_t (*GetWriterComponentsCount)(void *self, uint32_t *pcComponents);                 /* 3 */
    fn_stub GetWriterComponents;                                                             /* 4 */
    int32_t (*InitializeForBackup)(void *self, WCH *bstrXML);                                /* 5 */
    int32_t (*SetBackupState)(void *self, uint8_t selectComponents, uint8_t bootableSystemState, int32_t backupType,
                              uint8_t partialFileSupport);                                   /* 6 */
    fn_stub InitializeForRestore;                                                            /* 7 */
    fn_stub SetRestoreState;                                                                 /* 8 */
    int32_t (*GatherWriterMetadata)(void *self, void **ppAsync);                             /* 9 */
    int32_t (*GetWriterMetadataCount)(void *self, uint32_t *pcWriters);                      /* 10 */
    int32_t (*GetWriterMetadata)(void *self, uint32_t iWriter, sd_GUID *pidInstance, void **ppMetadata); /* 11 */
    int32_t (*FreeWriterMetadata)(void *self);                                               /* 12 */
    fn_stub AddComponent;                                                                    /* 13 */
    int32_t (*PrepareForBackup)(void *self, void **ppAsync);                                 /* 14 */
    int32_t (*AbortBackup)(void *self);                                                      /* 15 */
    int32_t (*GatherWriterStatus)(void *self, void **ppAsync);                               /* 16 */
    int32_t (*GetWriterStatusCount)(void *self, uint32_t *pcWriters);                        /* 17 */
    int32_t (*FreeWriterStatus)(void *self);                                                 /* 18 */
    int32_t (*GetWriterStatus)(void *self, uint32_t iWriter, sd_GUID *pidInstance, sd_GUID *pidWriter, WCH **pbstrWriter,
                               int32_t *pnStatus, int32_t *phResultFailure);                  /* 19 */
    fn_stub SetBackupSucceeded;                                                              /* 20 */
    fn_stub SetBackupOptions;                                                                /* 21 */
    fn_stub SetSelectedForRestore;                                                           /* 22 */
    fn_stub SetRestoreOptions;                                                               /* 23 */
    fn_stub SetAdditionalRestores;                                                           /* 24 */
    fn_stub SetPreviousBackupStamp;                                                          /* 25 */
    fn_stub SaveAsXML;                                                                       /* 26 */
    int32_t (*BackupComplete)(void *self, void **ppAsync);                                   /* 27 */
    fn_stub AddAlternativeLocationMapping;                                                   /* 28 */
    fn_stub AddRestoreSubcomponent;                                                          /* 29 */
    fn_stub SetFileRestoreStatus;                                                            /* 30 */
    fn_stub AddNewTarget;                                                                    /* 31 */
    fn_stub SetRangesFilePath;                                                               /* 32 */
    fn_stub PreRestore;                                                                      /* 33 */
    fn_stub PostRestore;                                                                     /* 34 */
    int32_t (*SetContext)(void *self, int32_t lContext);                                     /* 35 */
    int32_t (*StartSnapshotSet)(void *self, sd_GUID *pSnapshotSetId);                        /* 36 */
    int32_t (*AddToSnapshotSet)(void *self, WCH *pwszVolumeName, sd_GUID ProviderId, sd_GUID *pidSnapshot); /* 37 */
    int32_t (*DoSnapshotSet)(void *self, void **ppAsync);                                    /* 38 */
    int32_t (*DeleteSnapshots)(void *self, sd_GUID SourceObjectId, int32_t eSourceObjectType, int32_t bForceDelete,
                               int32_t *plDeletedSnapshots, sd_GUID *pNondeletedSnapshotID); /* 39 */
    fn_stub ImportSnapshots;                                                                 /* 40 */
    fn_stub BreakSnapshotSet;                                                                /* 41 */
    int32_t (*GetSnapshotProperties)(void *self, sd_GUID SnapshotId, sd_VSS_SNAPSHOT_PROP *pProp); /* 42 */
    int32_t (*Query)(void *self, sd_GUID QueriedObjectId, int32_t eQueriedObjectType, int32_t eReturnedObjectsType,
                     void **ppEnum);                                                         /* 43 */
    int32_t (*IsVolumeSupported)(void *self, sd_GUID ProviderId, WCH *pwszVolumeName, int32_t *pbSupportedByThisProvider); /* 44 */
    fn_stub DisableWriterClasses;                                                            /* 45 */
    fn_stub EnableWriterClasses;                                                             /* 46 */
    fn_stub DisableWriterInstances;                                                          /* 47 */
    fn_stub ExposeSnapshot;                                                                  /* 48 */
    fn_stub RevertToSnapshot;                                                                /* 49 */
    fn_stub QueryRevertStatus;                                                               /* 50 */
} sd_IVssBackupComponentsVtbl;

typedef struct sd_IVssAsyncVtbl {
    IUNKNOWN_SLOTS
    int32_t (*Cancel)(void *self);
    int32_t (*Wait)(void *self, uint32_t dwMilliseconds);
    int32_t (*QueryStatus)(void *self, int32_t *pHrResult, int32_t *pReserved);
} sd_IVssAsyncVtbl;

typedef struct sd_IVssEnumObjectVtbl {
    IUNKNOWN_SLOTS
    int32_t (*Next)(void *self, uint32_t celt, sd_VSS_OBJECT_PROP *rgelt, uint32_t *pceltFetched);
    int32_t (*Skip)(void *self, uint32_t celt);
    int32_t (*Reset)(void *self);
    int32_t (*Clone)(void *self, void **ppenum);
} sd_IVssEnumObjectVtbl;

typedef struct sd_IVssEnumMgmtObjectVtbl {
    IUNKNOWN_SLOTS
    int32_t (*Next)(void *self, uint32_t celt, sd_VSS_MGMT_OBJECT_PROP *rgelt, uint32_t *pceltFetched);
    int32_t (*Skip)(void *self, uint32_t celt);
    int32_t (*Reset)(void *self);
    int32_t (*Clone)(void *self, void **ppenum);
} sd_IVssEnumMgmtObjectVtbl;

typedef struct sd_IVssExamineWriterMetadataVtbl {
    IUNKNOWN_SLOTS
    int32_t (*GetIdentity)(void *self, sd_GUID *pidInstance, sd_GUID *pidWriter, WCH **pbstrWriterName, int32_t *pUsage,
                           int32_t *pSource);
    int32_t (*GetFileCounts)(void *self, uint32_t *pcIncludeFiles, uint32_t *pcExcludeFiles, uint32_t *pcComponents);
    int32_t (*GetIncludeFile)(void *self, uint32_t iFile, void **ppFiledesc);
    int32_t (*GetExcludeFile)(void *self, uint32_t iFile, void **ppFiledesc);
    int32_t (*GetComponent)(void *self, uint32_t iComponent, void **ppComponent);
    int32_t (*GetRestoreMethod)(void *self, int32_t *pMethod, WCH **pbstrService, WCH **pbstrUserProcedure,
                                int32_t *pwriterRestore, uint8_t *pbRebootRequired, uint32_t *pcMappings);
    int32_t (*GetAlternateLocationMapping)(void *self, uint32_t iMapping, void **ppFiledesc);
    int32_t (*GetBackupSchema)(void *self, uint32_t *pdwSchemaMask);
    fn_stub GetDocument;
    fn_stub SaveAsXML;
    fn_stub LoadFromXML;
} sd_IVssExamineWriterMetadataVtbl;

typedef struct sd_IVssWMComponentVtbl {
    IUNKNOWN_SLOTS
    int32_t (*GetComponentInfo)(void *self, sd_VSS_COMPONENTINFO **ppInfo);
    int32_t (*FreeComponentInfo)(void *self, sd_VSS_COMPONENTINFO *pInfo);
    int32_t (*GetFile)(void *self, uint32_t iFile, void **ppFiledesc);
    int32_t (*GetDatabaseFile)(void *self, uint32_t iDBFile, void **ppFiledesc);
    int32_t (*GetDatabaseLogFile)(void *self, uint32_t iDbLogFile, void **ppFiledesc);
    int32_t (*GetDependency)(void *self, uint32_t iDependency, void **ppDependency);
} sd_IVssWMComponentVtbl;

typedef struct sd_IVssWMFiledescVtbl {
    IUNKNOWN_SLOTS
    int32_t (*GetPath)(void *self, WCH **pbstrPath);
    int32_t (*GetFilespec)(void *self, WCH **pbstrFilespec);
    int32_t (*GetRecursive)(void *self, uint8_t *pbRecursive);
    int32_t (*GetAlternateLocation)(void *self, WCH **pbstrAlternateLocation);
    int32_t (*GetBackupTypeMask)(void *self, uint32_t *pdwTypeMask);
} sd_IVssWMFiledescVtbl;

typedef struct sd_IVssSnapshotMgmtVtbl {
    IUNKNOWN_SLOTS
    int32_t (*GetProviderMgmtInterface)(void *self, sd_GUID ProviderId, const sd_GUID *InterfaceId, void **ppItf);
    int32_t (*QueryVolumesSupportedForSnapshots)(void *self, sd_GUID ProviderId, int32_t lContext, void **ppEnum);
    int32_t (*QuerySnapshotsByVolume)(void *self, WCH *pwszVolumeName, sd_GUID ProviderId, void **ppEnum);
} sd_IVssSnapshotMgmtVtbl;

typedef struct sd_IVssDifferentialSoftwareSnapshotMgmtVtbl {
    IUNKNOWN_SLOTS
    int32_t (*AddDiffArea)(void *self, WCH *pwszVolumeName, WCH *pwszDiffAreaVolumeName, int64_t llMaximumDiffSpace);
    int32_t (*ChangeDiffAreaMaximumSize)(void *self, WCH *pwszVolumeName, WCH *pwszDiffAreaVolumeName, int64_t llMaximumDiffSpace);
    int32_t (*QueryVolumesSupportedForDiffAreas)(void *self, WCH *pwszOriginalVolumeName, void **ppEnum);
    int32_t (*QueryDiffAreasForVolume)(void *self, WCH *pwszVolumeName, void **ppEnum);
    int32_t (*QueryDiffAreasOnVolume)(void *self, WCH *pwszVolumeName, void **ppEnum);
    int32_t (*QueryDiffAreasForSnapshot)(void *self, sd_GUID SnapshotId, void **ppEnum);
} sd_IVssDifferentialSoftwareSnapshotMgmtVtbl;

static int32_t stub_notimpl(void *self) { (void)self; return SD_E_NOTIMPL; }

/* ---- generic object ---- */
typedef struct sd_obj {
    const void *vtbl;
    atomic_uint refs;
    const sd_GUID *iid; /* the interface's own IID; NULL for interfaces that have none */
    void (*destroy)(struct sd_obj *);
} sd_obj;

static void *obj_new(size_t size, const void *vtbl, const sd_GUID *iid, void (*destroy)(sd_obj *)) {
    sd_obj *o = xcalloc(1, size);
    o->vtbl = vtbl;
    atomic_store(&o->refs, 1);
    o->iid = iid;
    o->destroy = destroy;
    atomic_fetch_add(&g_live_objects, 1);
    return o;
}
static uint32_t obj_AddRef(void *self) { return atomic_fetch_add(&((sd_obj *)self)->refs, 1) + 1; }
static uint32_t obj_Release(void *self) {
    sd_obj *o = self;
    uint32_t r = atomic_fetch_sub(&o->refs, 1) - 1;
    if (r == 0) {
        glock();
        if (o->destroy) o->destroy(o);
        gunlock();
        free(o);
        atomic_fetch_sub(&g_live_objects, 1);
    }
    return r;
}
static int32_t obj_QueryInterface(void *self, const sd_GUID *riid, void **ppv) {
    if (!ppv) return SD_E_POINTER;
    *ppv = NULL;
    if (!riid) return SD_E_INVALIDARG;
    sd_obj *o = self;
    if (guid_eq(riid, &IID_IUnknown_) || (o->iid && guid_eq(riid, o->iid))) {
        obj_AddRef(self);
        *ppv = self;
        return SD_S_OK;
    }
    return SD_E_NOINTERFACE;
}
#define IUNKNOWN_IMPL obj_QueryInterface, obj_AddRef, obj_Release

/* ---- IVssAsync ---- */
enum { AS_PENDING, AS_RUNNING, AS_DONE, AS_CANCELLED };
typedef struct async_obj async_obj;
typedef int32_t (*async_work_fn)(async_obj *a);
struct async_obj {
    sd_obj base;
    int status;
    int32_t hr;
    int64_t deadline;
    async_work_fn work;
    void (*on_cancel)(async_obj *a);
    sd_obj *owner; /* referenced while the async lives */
    int abortExit;
};
static int32_t async_Cancel(void *self) {
    async_obj *a = self;
    amu_lock();
    if (a->status == AS_PENDING) {
        a->status = AS_CANCELLED;
        acv_broadcast();
        amu_unlock();
        if (a->on_cancel) { glock(); a->on_cancel(a); gunlock(); }
        return SD_S_OK;
    }
    while (a->status == AS_RUNNING) acv_wait(-1);
    int32_t r = a->status == AS_CANCELLED ? VSSS_ASYNC_CANCELLED : VSSS_ASYNC_FINISHED;
    amu_unlock();
    return r;
}
static int32_t async_Wait(void *self, uint32_t ms) {
    async_obj *a = self;
    int64_t until = ms == 0xFFFFFFFFu ? -1 : monotonic_ms() + ms;
    amu_lock();
    while (a->status == AS_PENDING || a->status == AS_RUNNING) {
        if (until < 0) { acv_wait(-1); continue; }
        int64_t left = until - monotonic_ms();
        if (left <= 0) break;
        acv_wait(left);
    }
    amu_unlock();
    return SD_S_OK;
}
static int32_t async_QueryStatus(void *self, int32_t *pHr, int32_t *reserved) {
    (void)reserved;
    async_obj *a = self;
    if (!pHr) return SD_E_INVALIDARG;
    amu_lock();
    switch (a->status) {
    case AS_PENDING:
    case AS_RUNNING: *pHr = VSSS_ASYNC_PENDING; break;
    case AS_CANCELLED: *pHr = VSSS_ASYNC_CANCELLED; break;
    default: *pHr = a->hr; break;
    }
    amu_unlock();
    return SD_S_OK;
}
static void async_destroy(sd_obj *o) {
    async_obj *a = (async_obj *)o;
    if (a->owner) obj_Release(a->owner);
}
static const sd_IVssAsyncVtbl ASYNC_VTBL = {IUNKNOWN_IMPL, async_Cancel, async_Wait, async_QueryStatus};

static void async_thread(void *p) {
    async_obj *a = p;
    amu_lock();
    while (a->status == AS_PENDING) {
        int64_t left = a->deadline - monotonic_ms();
        if (left <= 0) break;
        acv_wait(left);
    }
    int run = a->status == AS_PENDING;
    if (run) a->status = AS_RUNNING;
    amu_unlock();
    if (run) {
        glock();
        int32_t hr = a->work(a);
        gunlock();
        amu_lock();
        a->hr = hr;
        a->status = AS_DONE;
        acv_broadcast();
        amu_unlock();
    }
    obj_Release(a);
}
/* Starts an operation: runs it now, or after delayMs (fault injection) on a background thread. */
static async_obj *async_start(sd_obj *owner, async_work_fn work, void (*on_cancel)(async_obj *), uint32_t delayMs, int abortExit) {
    async_obj *a = obj_new(sizeof *a, &ASYNC_VTBL, &IID_IVssAsync_, async_destroy);
    a->work = work;
    a->on_cancel = on_cancel;
    a->owner = owner;
    a->abortExit = abortExit;
    if (owner) obj_AddRef(owner);
    if (delayMs) {
        a->status = AS_PENDING;
        a->deadline = monotonic_ms() + delayMs;
        obj_AddRef(a);
        if (thread_spawn(async_thread, a) == 0) return a;
        obj_Release(a);
    }
    a->hr = work(a);
    a->status = AS_DONE;
    return a;
}

/* ---- object lists for the enumerators ---- */
static WCH *wdup_tm(const WCH *s) {
    if (!s) return NULL;
    size_t n = wlen(s);
    WCH *r = tm_calloc((n + 1) * sizeof(WCH));
    memcpy(r, s, (n + 1) * sizeof(WCH));
    return r;
}
typedef WCH *(*wstr_maker)(const char *);
static WCH *mk_malloc(const char *s) { return utf8_to_utf16(s); }
static WCH *mk_tm(const char *s) { return tm_wstr(s); }

/* An enumerator's elements, shared (refcounted) by the enumerator and its clones. The strings in the
 * items are malloc'd; Next hands out CoTaskMem copies. The kind says what the elements are. */
#define PROP_MAX_STRINGS 8
typedef struct {
    size_t size;                                         /* sizeof one element */
    int (*strings)(void *elem, WCH **f[PROP_MAX_STRINGS]); /* the element's string fields, by its Type */
    const void *vtbl;                                    /* the enumerator interface's vtable */
    const sd_GUID *iid;
} propkind;
typedef struct { atomic_uint refs; size_t n; const propkind *kind; unsigned char *items; } proplist;

static int snapprop_strings(sd_VSS_SNAPSHOT_PROP *p, WCH **f[PROP_MAX_STRINGS]) {
    f[0] = &p->m_pwszSnapshotDeviceObject; f[1] = &p->m_pwszOriginalVolumeName;
    f[2] = &p->m_pwszOriginatingMachine; f[3] = &p->m_pwszServiceMachine;
    f[4] = &p->m_pwszExposedName; f[5] = &p->m_pwszExposedPath;
    return 6;
}
static int objprop_strings(void *elem, WCH **f[PROP_MAX_STRINGS]) {
    sd_VSS_OBJECT_PROP *p = elem;
    int n = 0;
    if (p->Type == SD_VSS_OBJECT_SNAPSHOT) {
        n = snapprop_strings(&p->Obj.Snap, f);
    } else if (p->Type == SD_VSS_OBJECT_PROVIDER) {
        f[n++] = &p->Obj.Prov.m_pwszProviderName; f[n++] = &p->Obj.Prov.m_pwszProviderVersion;
    }
    return n;
}
static int mgmtprop_strings(void *elem, WCH **f[PROP_MAX_STRINGS]) {
    sd_VSS_MGMT_OBJECT_PROP *p = elem;
    int n = 0;
    if (p->Type == SD_VSS_MGMT_OBJECT_VOLUME) { f[n++] = &p->Obj.Vol.m_pwszVolumeName; f[n++] = &p->Obj.Vol.m_pwszVolumeDisplayName; }
    else if (p->Type == SD_VSS_MGMT_OBJECT_DIFF_VOLUME) { f[n++] = &p->Obj.DiffVol.m_pwszVolumeName; f[n++] = &p->Obj.DiffVol.m_pwszVolumeDisplayName; }
    else if (p->Type == SD_VSS_MGMT_OBJECT_DIFF_AREA) { f[n++] = &p->Obj.DiffArea.m_pwszVolumeName; f[n++] = &p->Obj.DiffArea.m_pwszDiffAreaVolumeName; }
    return n;
}
static void *proplist_at(const proplist *l, size_t k) { return l->items + k * l->kind->size; }
static void proplist_unref(proplist *l) {
    if (!l || atomic_fetch_sub(&l->refs, 1) != 1) return;
    for (size_t k = 0; k < l->n; k++) {
        WCH **f[PROP_MAX_STRINGS];
        int n = l->kind->strings(proplist_at(l, k), f);
        for (int i = 0; i < n; i++) { free(*f[i]); *f[i] = NULL; }
    }
    free(l->items);
    free(l);
}
static proplist *proplist_new(const propkind *kind) {
    proplist *l = xcalloc(1, sizeof *l);
    atomic_store(&l->refs, 1);
    l->kind = kind;
    return l;
}
/* a new zeroed element at the end (its type is the list's kind) */
static void *proplist_push(proplist *l) {
    size_t size = l->kind->size;
    l->items = xrealloc(l->items, (l->n + 1) * size);
    memset(l->items + l->n * size, 0, size);
    return l->items + l->n++ * size;
}

/* ---- IVssEnumObject, IVssEnumMgmtObject: one enumerator over a proplist ---- */
typedef struct { sd_obj base; proplist *l; size_t pos; } propenum;
static void propenum_destroy(sd_obj *o) { proplist_unref(((propenum *)o)->l); }
static propenum *propenum_new(proplist *l /* reference taken over */) {
    propenum *e = obj_new(sizeof *e, l->kind->vtbl, l->kind->iid, propenum_destroy);
    e->l = l;
    return e;
}
static int32_t propenum_next(void *self, uint32_t celt, void *rgelt, uint32_t *fetched) {
    propenum *e = self;
    if (!rgelt && celt) return SD_E_INVALIDARG;
    if (!fetched && celt > 1) return SD_E_INVALIDARG;
    size_t size = e->l->kind->size;
    uint32_t got = 0;
    glock();
    while (got < celt && e->pos < e->l->n) {
        void *out = (unsigned char *)rgelt + (size_t)got * size;
        memcpy(out, proplist_at(e->l, e->pos++), size);
        WCH **f[PROP_MAX_STRINGS];
        int n = e->l->kind->strings(out, f);
        for (int i = 0; i < n; i++) *f[i] = wdup_tm(*f[i]);
        got++;
    }
    gunlock();
    if (fetched) *fetched = got;
    return got == celt ? SD_S_OK : SD_S_FALSE;
}
static int32_t propenum_Skip(void *self, uint32_t celt) {
    propenum *e = self;
    size_t left = e->l->n - e->pos;
    if (celt > left) { e->pos = e->l->n; return SD_S_FALSE; }
    e->pos += celt;
    return SD_S_OK;
}
static int32_t propenum_Reset(void *self) { ((propenum *)self)->pos = 0; return SD_S_OK; }
static int32_t propenum_Clone(void *self, void **pp) {
    if (!pp) return SD_E_POINTER;
    propenum *e = self;
    atomic_fetch_add(&e->l->refs, 1);
    propenum *c = propenum_new(e->l);
    c->pos = e->pos;
    *pp = c;
    return SD_S_OK;
}
/* Next is the only slot whose type names the element type */
static int32_t enumobj_Next(void *self, uint32_t celt, sd_VSS_OBJECT_PROP *rgelt, uint32_t *fetched) {
    return propenum_next(self, celt, rgelt, fetched);
}
static int32_t enummgmt_Next(void *self, uint32_t celt, sd_VSS_MGMT_OBJECT_PROP *rgelt, uint32_t *fetched) {
    return propenum_next(self, celt, rgelt, fetched);
}
static const sd_IVssEnumObjectVtbl ENUMOBJ_VTBL = {IUNKNOWN_IMPL, enumobj_Next, propenum_Skip, propenum_Reset, propenum_Clone};
static const sd_IVssEnumMgmtObjectVtbl ENUMMGMT_VTBL = {IUNKNOWN_IMPL, enummgmt_Next, propenum_Skip, propenum_Reset,
                                                        propenum_Clone};
static const propkind OBJPROP_KIND = {sizeof(sd_VSS_OBJECT_PROP), objprop_strings, &ENUMOBJ_VTBL, &IID_IVssEnumObject_};
static const propkind MGMTPROP_KIND = {sizeof(sd_VSS_MGMT_OBJECT_PROP), mgmtprop_strings, &ENUMMGMT_VTBL,
                                       &IID_IVssEnumMgmtObject_};

/* ---- property builders ---- */
static char *device_object_name(uint32_t dev) { return strfmt("\\\\?\\GLOBALROOT\\Device\\HarddiskVolumeShadowCopy%u", (unsigned)dev); }
static void snap_fill(const sim_machine *m, const st_snap *s, sd_VSS_SNAPSHOT_PROP *p, wstr_maker mk) {
    memset(p, 0, sizeof *p);
    p->m_SnapshotId = s->id;
    p->m_SnapshotSetId = s->set;
    p->m_lSnapshotsCount = s->count;
    char *dev = device_object_name(s->dev);
    p->m_pwszSnapshotDeviceObject = mk(dev);
    free(dev);
    int vi = machine_find_letter(m, s->vol);
    char *vol = vi >= 0 ? vol_guid_path(&m->vols[vi]) : strfmt("%c:\\", s->vol);
    p->m_pwszOriginalVolumeName = mk(vol);
    free(vol);
    p->m_pwszOriginatingMachine = mk(m->name);
    p->m_pwszServiceMachine = mk(m->name);
    p->m_ProviderId = VSS_SWPRV_ProviderId_;
    p->m_lSnapshotAttributes = s->attrs;
    p->m_tsCreationTimestamp = s->created;
    p->m_eStatus = SD_VSS_SS_CREATED;
}
static void provider_fill(sd_VSS_PROVIDER_PROP *p, wstr_maker mk) {
    memset(p, 0, sizeof *p);
    p->m_ProviderId = VSS_SWPRV_ProviderId_;
    p->m_pwszProviderName = mk("Microsoft Software Shadow Copy provider 1.0");
    p->m_eProviderType = 1; /* VSS_PROV_SYSTEM */
    p->m_pwszProviderVersion = mk("1.0.0.7");
    p->m_ProviderVersionId = SWPRV_VersionId_;
    p->m_ClassId = SWPRV_ClassId_;
}
static void diffarea_fill(const sim_machine *m, const sim_state *st, const st_storage *s, sd_VSS_MGMT_OBJECT_PROP *p) {
    p->Type = SD_VSS_MGMT_OBJECT_DIFF_AREA;
    int vi = machine_find_letter(m, s->vol), di = machine_find_letter(m, s->diffVol);
    char *a = vi >= 0 ? vol_guid_path(&m->vols[vi]) : strfmt("%c:\\", s->vol);
    char *b = di >= 0 ? vol_guid_path(&m->vols[di]) : strfmt("%c:\\", s->diffVol);
    p->Obj.DiffArea.m_pwszVolumeName = mk_malloc(a);
    p->Obj.DiffArea.m_pwszDiffAreaVolumeName = mk_malloc(b);
    free(a); free(b);
    int64_t used = storage_used(st, s->vol);
    p->Obj.DiffArea.m_llMaximumDiffSpace = s->maxBytes;
    p->Obj.DiffArea.m_llUsedDiffSpace = used;
    p->Obj.DiffArea.m_llAllocatedDiffSpace = storage_allocated(used, s->maxBytes);
}

/* ============================================================================================== */
/* 12. Writer metadata objects                                                                    */
/* ============================================================================================== */

/* state/session helpers used by every stateful call */
typedef struct { sim_machine *m; char *root; sim_state st; } sess;
static int32_t sess_open(sess *s) {
    memset(s, 0, sizeof *s);
    s->m = machine_get(&s->root);
    if (!s->m) return VSSE_UNEXPECTED;
    state_lock(s->root);
    state_load(s->root, s->m, &s->st);
    return SD_S_OK;
}
static void sess_close(sess *s) {
    if (!s->m) return;
    if (s->st.dirty) state_save(&s->st);
    state_free(&s->st);
    state_unlock();
    machine_unref(s->m);
    free(s->root);
    memset(s, 0, sizeof *s);
}
static void writer_effective(const sim_machine *m, sim_state *st, size_t wi, int *state, int32_t *err) {
    const sim_writer *w = &m->writers[wi];
    st_writer *o = state_writer(st, &w->id, 0);
    *state = o ? o->state : w->state;
    *err = o ? o->lastError : w->lastError;
}
static void writer_set(sim_state *st, const sim_writer *w, int state, int32_t err) {
    st_writer *o = state_writer(st, &w->id, 1);
    if (o->state != state || o->lastError != err) st->dirty = 1;
    o->state = state;
    o->lastError = err;
}

typedef struct { sd_obj base; sim_machine *m; const sim_filedesc *fd; } filedesc_obj;
static void filedesc_destroy(sd_obj *o) { machine_unref(((filedesc_obj *)o)->m); }
static int32_t fd_GetPath(void *self, WCH **p) {
    FAULT("IVssWMFiledesc", "GetPath");
    if (!p) return SD_E_INVALIDARG;
    *p = bstr_utf8(((filedesc_obj *)self)->fd->path);
    return SD_S_OK;
}
static int32_t fd_GetFilespec(void *self, WCH **p) {
    FAULT("IVssWMFiledesc", "GetFilespec");
    if (!p) return SD_E_INVALIDARG;
    *p = bstr_utf8(((filedesc_obj *)self)->fd->filespec);
    return SD_S_OK;
}
static int32_t fd_GetRecursive(void *self, uint8_t *p) {
    FAULT("IVssWMFiledesc", "GetRecursive");
    if (!p) return SD_E_INVALIDARG;
    *p = (uint8_t)(((filedesc_obj *)self)->fd->recursive ? 1 : 0);
    return SD_S_OK;
}
static int32_t fd_GetAlternateLocation(void *self, WCH **p) {
    FAULT("IVssWMFiledesc", "GetAlternateLocation");
    if (!p) return SD_E_INVALIDARG;
    const char *a = ((filedesc_obj *)self)->fd->alt;
    *p = a ? bstr_utf8(a) : NULL;
    return SD_S_OK;
}
static int32_t fd_GetBackupTypeMask(void *self, uint32_t *p) {
    FAULT("IVssWMFiledesc", "GetBackupTypeMask");
    if (!p) return SD_E_INVALIDARG;
    *p = ((filedesc_obj *)self)->fd->typeMask;
    return SD_S_OK;
}
static const sd_IVssWMFiledescVtbl FILEDESC_VTBL = {IUNKNOWN_IMPL, fd_GetPath, fd_GetFilespec, fd_GetRecursive,
                                                    fd_GetAlternateLocation, fd_GetBackupTypeMask};
static int32_t filedesc_out(sim_machine *m, const sim_filedesc *arr, size_t n, uint32_t i, void **pp) {
    if (!pp) return SD_E_INVALIDARG;
    *pp = NULL;
    if (i >= n) return VSSE_OBJECT_NOT_FOUND;
    filedesc_obj *f = obj_new(sizeof *f, &FILEDESC_VTBL, NULL, filedesc_destroy); /* IVssWMFiledesc has no IID */
    f->m = machine_ref(m);
    f->fd = &arr[i];
    *pp = f;
    return SD_S_OK;
}

typedef struct { sd_obj base; sim_machine *m; size_t wi, ci; } wmcomp_obj;
static void wmcomp_destroy(sd_obj *o) { machine_unref(((wmcomp_obj *)o)->m); }
static const sim_component *wmcomp_c(void *self) {
    wmcomp_obj *c = self;
    return &c->m->writers[c->wi].comps[c->ci];
}
static int32_t wmc_GetComponentInfo(void *self, sd_VSS_COMPONENTINFO **pp) {
    FAULT("IVssWMComponent", "GetComponentInfo");
    if (!pp) return SD_E_INVALIDARG;
    const sim_component *c = wmcomp_c(self);
    sd_VSS_COMPONENTINFO *i = tm_calloc(sizeof *i);
    i->type = c->type;
    i->bstrLogicalPath = c->logicalPath && *c->logicalPath ? bstr_utf8(c->logicalPath) : NULL;
    i->bstrComponentName = bstr_utf8(c->name);
    i->bstrCaption = c->caption && *c->caption ? bstr_utf8(c->caption) : NULL;
    i->pbIcon = NULL;
    i->cbIcon = 0;
    i->bRestoreMetadata = (uint8_t)(c->restoreMetadata != 0);
    i->bNotifyOnBackupComplete = (uint8_t)(c->notifyOnBackupComplete != 0);
    i->bSelectable = (uint8_t)(c->selectable != 0);
    i->bSelectableForRestore = (uint8_t)(c->selectableForRestore != 0);
    i->dwComponentFlags = c->flags;
    i->cFileCount = (uint32_t)c->nfiles;
    i->cDatabases = (uint32_t)c->ndb;
    i->cLogFiles = (uint32_t)c->nlog;
    i->cDependencies = 0;
    *pp = i;
    return SD_S_OK;
}
static int32_t wmc_FreeComponentInfo(void *self, sd_VSS_COMPONENTINFO *i) {
    (void)self;
    if (!i) return SD_S_OK;
    SD_EXPORT(SysFreeString)(i->bstrLogicalPath);
    SD_EXPORT(SysFreeString)(i->bstrComponentName);
    SD_EXPORT(SysFreeString)(i->bstrCaption);
    SD_EXPORT(CoTaskMemFree)(i);
    return SD_S_OK;
}
static int32_t wmc_GetFile(void *self, uint32_t i, void **pp) {
    FAULT("IVssWMComponent", "GetFile");
    const sim_component *c = wmcomp_c(self);
    return filedesc_out(((wmcomp_obj *)self)->m, c->files, c->nfiles, i, pp);
}
static int32_t wmc_GetDatabaseFile(void *self, uint32_t i, void **pp) {
    FAULT("IVssWMComponent", "GetDatabaseFile");
    const sim_component *c = wmcomp_c(self);
    return filedesc_out(((wmcomp_obj *)self)->m, c->dbFiles, c->ndb, i, pp);
}
static int32_t wmc_GetDatabaseLogFile(void *self, uint32_t i, void **pp) {
    FAULT("IVssWMComponent", "GetDatabaseLogFile");
    const sim_component *c = wmcomp_c(self);
    return filedesc_out(((wmcomp_obj *)self)->m, c->logFiles, c->nlog, i, pp);
}
static int32_t wmc_GetDependency(void *self, uint32_t i, void **pp) {
    (void)self; (void)i;
    if (!pp) return SD_E_INVALIDARG;
    *pp = NULL;
    return VSSE_OBJECT_NOT_FOUND; /* components never declare dependencies here (cDependencies = 0) */
}
static const sd_IVssWMComponentVtbl WMCOMP_VTBL = {IUNKNOWN_IMPL, wmc_GetComponentInfo, wmc_FreeComponentInfo, wmc_GetFile,
                                                   wmc_GetDatabaseFile, wmc_GetDatabaseLogFile, wmc_GetDependency};

typedef struct { sd_obj base; sim_machine *m; size_t wi; } examine_obj;
static void examine_destroy(sd_obj *o) { machine_unref(((examine_obj *)o)->m); }
static const sim_writer *ex_w(void *self) { examine_obj *e = self; return &e->m->writers[e->wi]; }
static int32_t ex_GetIdentity(void *self, sd_GUID *inst, sd_GUID *wid, WCH **name, int32_t *usage, int32_t *source) {
    FAULT("IVssExamineWriterMetadata", "GetIdentity");
    if (!inst || !wid || !name || !usage || !source) return SD_E_INVALIDARG;
    const sim_writer *w = ex_w(self);
    *inst = w->inst;
    *wid = w->id;
    *name = bstr_utf8(w->name);
    *usage = w->usage;
    *source = w->source;
    return SD_S_OK;
}
static int32_t ex_GetFileCounts(void *self, uint32_t *incl, uint32_t *excl, uint32_t *comps) {
    FAULT("IVssExamineWriterMetadata", "GetFileCounts");
    if (!incl || !excl || !comps) return SD_E_INVALIDARG;
    const sim_writer *w = ex_w(self);
    *incl = (uint32_t)w->nincl;
    *excl = (uint32_t)w->nexcl;
    *comps = (uint32_t)w->ncomps;
    return SD_S_OK;
}
static int32_t ex_GetIncludeFile(void *self, uint32_t i, void **pp) {
    FAULT("IVssExamineWriterMetadata", "GetIncludeFile");
    const sim_writer *w = ex_w(self);
    return filedesc_out(((examine_obj *)self)->m, w->incl, w->nincl, i, pp);
}
static int32_t ex_GetExcludeFile(void *self, uint32_t i, void **pp) {
    FAULT("IVssExamineWriterMetadata", "GetExcludeFile");
    const sim_writer *w = ex_w(self);
    return filedesc_out(((examine_obj *)self)->m, w->excl, w->nexcl, i, pp);
}
static int32_t ex_GetComponent(void *self, uint32_t i, void **pp) {
    FAULT("IVssExamineWriterMetadata", "GetComponent");
    if (!pp) return SD_E_INVALIDARG;
    *pp = NULL;
    examine_obj *e = self;
    const sim_writer *w = ex_w(self);
    if (i >= w->ncomps) return VSSE_OBJECT_NOT_FOUND;
    wmcomp_obj *c = obj_new(sizeof *c, &WMCOMP_VTBL, NULL, wmcomp_destroy); /* IVssWMComponent has no IID */
    c->m = machine_ref(e->m);
    c->wi = e->wi;
    c->ci = i;
    *pp = c;
    return SD_S_OK;
}
static int32_t ex_GetRestoreMethod(void *self, int32_t *method, WCH **svc, WCH **userProc, int32_t *wre, uint8_t *reboot,
                                   uint32_t *mappings) {
    FAULT("IVssExamineWriterMetadata", "GetRestoreMethod");
    if (!method || !svc || !userProc || !wre || !reboot || !mappings) return SD_E_INVALIDARG;
    const sim_writer *w = ex_w(self);
    *method = w->restoreMethod;
    *svc = w->restoreService ? bstr_utf8(w->restoreService) : NULL;
    *userProc = NULL;
    *wre = w->writerRestore;
    *reboot = (uint8_t)(w->rebootRequired != 0);
    *mappings = 0;
    return SD_S_OK;
}
static int32_t ex_GetAlternateLocationMapping(void *self, uint32_t i, void **pp) {
    (void)self; (void)i;
    if (!pp) return SD_E_INVALIDARG;
    *pp = NULL;
    return VSSE_OBJECT_NOT_FOUND; /* no alternate location mappings (GetRestoreMethod reports 0) */
}
static int32_t ex_GetBackupSchema(void *self, uint32_t *mask) {
    FAULT("IVssExamineWriterMetadata", "GetBackupSchema");
    if (!mask) return SD_E_INVALIDARG;
    *mask = ex_w(self)->backupSchema;
    return SD_S_OK;
}
static const sd_IVssExamineWriterMetadataVtbl EXAMINE_VTBL = {
    IUNKNOWN_IMPL, ex_GetIdentity, ex_GetFileCounts, ex_GetIncludeFile, ex_GetExcludeFile, ex_GetComponent,
    ex_GetRestoreMethod, ex_GetAlternateLocationMapping, ex_GetBackupSchema, stub_notimpl, stub_notimpl, stub_notimpl};

/* ============================================================================================== */
/* 13. IVssBackupComponents                                                                       */
/* ============================================================================================== */

enum { SET_NONE, SET_STARTED, SET_CREATING, SET_DONE, SET_ABORTED };
typedef struct { size_t wi; int state; int32_t err; } wstatus;
typedef struct bc {
    sd_obj base;
    uint64_t id;
    int initialized, ctxLocked, ctxSet;
    int32_t ctx;
    uint8_t selComp, bootable, partial;
    int32_t backupType;
    sim_machine *meta;
    size_t *metaIdx;
    size_t nmeta;
    int metaGathered;
    sim_machine *statM;
    wstatus *status;
    size_t nstatus;
    int statusGathered;
    int prepared;
    int setPhase;
    sd_GUID setId;
    char vols[MAX_VOLUMES_PER_SET];
    sd_GUID snapIds[MAX_VOLUMES_PER_SET];
    size_t nvols;
} bc;
static _Atomic uint64_t g_next_objid = 1;

static int ctx_valid(int32_t c) {
    return c == CTX_BACKUP || c == CTX_FILE_SHARE_BACKUP || c == CTX_APP_ROLLBACK || c == CTX_NAS_ROLLBACK ||
           c == CTX_CLIENT_ACCESSIBLE_WRITERS || c == CTX_CLIENT_ACCESSIBLE || c == CTX_ALL;
}
static int ctx_writers(int32_t c) { return c != CTX_ALL && !(c & ATTR_NO_WRITERS); }
static int provider_ok(const sd_GUID *p) { return guid_is_null(p) || guid_eq(p, &VSS_SWPRV_ProviderId_); }

/* every call except InitializeForBackup/SetContext/GetWriterComponentsCount: needs initialization and
 * fixes the context (SetContext afterwards is VSS_E_BAD_STATE) */
static int32_t bc_use(bc *b) {
    if (!b->initialized) return VSSE_BAD_STATE;
    b->ctxLocked = 1;
    return SD_S_OK;
}
static void bc_clear_meta(bc *b) {
    machine_unref(b->meta);
    b->meta = NULL;
    free(b->metaIdx);
    b->metaIdx = NULL;
    b->nmeta = 0;
    b->metaGathered = 0;
}
static void bc_clear_status(bc *b) {
    machine_unref(b->statM);
    b->statM = NULL;
    free(b->status);
    b->status = NULL;
    b->nstatus = 0;
    b->statusGathered = 0;
}
static int progress_mine(const sim_state *st, const bc *b) {
    return st->prog.active && st->prog.pid == self_pid() && st->prog.obj == b->id;
}
static void progress_release(sim_state *st, const bc *b) {
    if (progress_mine(st, b)) { memset(&st->prog, 0, sizeof st->prog); st->dirty = 1; }
}
/* writers failing at `phase` get FAILED_AT_<phase> with their error (they keep it until restarted) */
static void writers_fail_phase(const sim_machine *m, sim_state *st, int phase) {
    for (size_t w = 0; w < m->nwriters; w++)
        if (m->writers[w].failPhase == phase) writer_set(st, &m->writers[w], PHASE_FAIL_STATE[phase], m->writers[w].failError);
}

static void bc_destroy(sd_obj *o) {
    bc *b = (bc *)o;
    live_bc_remove(b->id);
    /* reloading the state now drops this object's in-progress marker and auto-release copies */
    sess s;
    if (sess_open(&s) == SD_S_OK) sess_close(&s);
    bc_clear_meta(b);
    bc_clear_status(b);
}

static int32_t bc_GetWriterComponentsCount(void *self, uint32_t *pc) {
    FAULT("IVssBackupComponents", "GetWriterComponentsCount");
    bc *b = self;
    if (!pc) return SD_E_INVALIDARG;
    if (!b->initialized) return VSSE_BAD_STATE;
    *pc = 0; /* no components are added to the backup components document here */
    return SD_S_OK;
}
static int32_t bc_InitializeForBackup(void *self, WCH *xml) {
    FAULT("IVssBackupComponents", "InitializeForBackup");
    (void)xml; /* a saved backup components document is accepted but not interpreted */
    bc *b = self;
    glock();
    int32_t hr = SD_S_OK;
    if (b->initialized) hr = VSSE_BAD_STATE;
    else b->initialized = 1;
    gunlock();
    return hr;
}
static int32_t bc_SetContext(void *self, int32_t ctx) {
    FAULT("IVssBackupComponents", "SetContext");
    bc *b = self;
    glock();
    int32_t hr = SD_S_OK;
    if (!b->initialized || b->ctxSet || b->ctxLocked) hr = VSSE_BAD_STATE;
    else if (!ctx_valid(ctx)) hr = SD_E_INVALIDARG;
    else { b->ctx = ctx; b->ctxSet = 1; }
    gunlock();
    return hr;
}
static int32_t bc_SetBackupState(void *self, uint8_t selComp, uint8_t bootable, int32_t type, uint8_t partial) {
    FAULT("IVssBackupComponents", "SetBackupState");
    bc *b = self;
    glock();
    int32_t hr = bc_use(b);
    if (!hr && (type < 0 || type > 6)) hr = SD_E_INVALIDARG;
    if (!hr) { b->selComp = selComp; b->bootable = bootable; b->backupType = type; b->partial = partial; }
    gunlock();
    return hr;
}

/* The asynchronous calls (GatherWriterMetadata, PrepareForBackup, GatherWriterStatus, BackupComplete,
 * DoSnapshotSet): check the out pointer, take the fault point, then under the lock bc_use, the call's own
 * state check (`ready`, VSS_E_BAD_STATE when it says no), `begin` and the start of `work`. */
typedef struct {
    const char *method;
    int (*ready)(const bc *b);  /* NULL: no state check of its own */
    void (*begin)(bc *b);       /* NULL: nothing to do before the start */
    async_work_fn work;
    void (*on_cancel)(async_obj *a);
    int deferAbort;             /* an "abort" fault kills the process inside the work, not at the fault point */
} bc_async_op;
static int32_t bc_start_async(void *self, void **pp, const bc_async_op *op) {
    bc *b = self;
    if (!pp) return SD_E_INVALIDARG;
    *pp = NULL;
    fault_hit fh;
    int32_t fr = fault_point("IVssBackupComponents", op->method, &fh, op->deferAbort);
    if (fr) return fr;
    glock();
    int32_t hr = bc_use(b);
    if (!hr && op->ready && !op->ready(b)) hr = VSSE_BAD_STATE;
    if (!hr) {
        if (op->begin) op->begin(b);
        *pp = async_start(&b->base, op->work, op->on_cancel, fh.kind == FK_DELAY ? fh.delayMs : 0,
                          fh.kind == FK_ABORT ? (fh.exitCode > 0 ? fh.exitCode : 3) : 0);
    }
    gunlock();
    return hr;
}

static int32_t work_gather_meta(async_obj *a) {
    bc *b = (bc *)a->owner;
    sess s;
    int32_t hr = sess_open(&s);
    if (hr) return hr;
    bc_clear_meta(b);
    b->meta = machine_ref(s.m);
    b->metaIdx = xcalloc(s.m->nwriters + 1, sizeof *b->metaIdx);
    for (size_t w = 0; w < s.m->nwriters; w++) {
        if (s.m->writers[w].failPhase == PH_IDENTIFY) {
            /* the writer does not answer OnIdentify: no metadata, status FAILED_AT_IDENTIFY */
            writer_set(&s.st, &s.m->writers[w], WS_FAILED_AT_IDENTIFY, s.m->writers[w].failError);
            continue;
        }
        b->metaIdx[b->nmeta++] = w;
    }
    b->metaGathered = 1;
    sess_close(&s);
    return VSSS_ASYNC_FINISHED;
}
static int32_t bc_GatherWriterMetadata(void *self, void **pp) {
    static const bc_async_op op = {"GatherWriterMetadata", NULL, NULL, work_gather_meta, NULL, 0};
    return bc_start_async(self, pp, &op);
}
/* Get...Count of gathered writer metadata or status: VSS_E_BAD_STATE until gathered */
static int32_t bc_gathered_count(bc *b, uint32_t *pc, const int *gathered, const size_t *n) {
    if (!pc) return SD_E_INVALIDARG;
    glock();
    int32_t hr = bc_use(b);
    if (!hr && !*gathered) hr = VSSE_BAD_STATE;
    if (!hr) *pc = (uint32_t)*n;
    gunlock();
    return hr;
}
/* Free... of gathered writer metadata or status */
static int32_t bc_gathered_free(bc *b, void (*clear)(bc *)) {
    glock();
    int32_t hr = bc_use(b);
    if (!hr) clear(b);
    gunlock();
    return hr;
}
static int32_t bc_GetWriterMetadataCount(void *self, uint32_t *pc) {
    FAULT("IVssBackupComponents", "GetWriterMetadataCount");
    bc *b = self;
    return bc_gathered_count(b, pc, &b->metaGathered, &b->nmeta);
}
static int32_t bc_GetWriterMetadata(void *self, uint32_t i, sd_GUID *inst, void **pp) {
    FAULT("IVssBackupComponents", "GetWriterMetadata");
    bc *b = self;
    if (!inst || !pp) return SD_E_INVALIDARG;
    *pp = NULL;
    glock();
    int32_t hr = bc_use(b);
    if (!hr && !b->metaGathered) hr = VSSE_BAD_STATE;
    if (!hr && i >= b->nmeta) hr = SD_E_INVALIDARG;
    if (!hr) {
        examine_obj *e = obj_new(sizeof *e, &EXAMINE_VTBL, &IID_IVssExamineWriterMetadata_, examine_destroy);
        e->m = machine_ref(b->meta);
        e->wi = b->metaIdx[i];
        *inst = b->meta->writers[e->wi].inst;
        *pp = e;
    }
    gunlock();
    return hr;
}
static int32_t bc_FreeWriterMetadata(void *self) {
    FAULT("IVssBackupComponents", "FreeWriterMetadata");
    return bc_gathered_free(self, bc_clear_meta);
}

static int32_t work_prepare(async_obj *a) {
    bc *b = (bc *)a->owner;
    if (ctx_writers(b->ctx)) {
        sess s;
        int32_t hr = sess_open(&s);
        if (hr) return hr;
        /* a new backup session: writers start from STABLE (except those that cannot even identify) */
        for (size_t w = 0; w < s.m->nwriters; w++) {
            const sim_writer *wr = &s.m->writers[w];
            if (wr->failPhase == PH_IDENTIFY) writer_set(&s.st, wr, WS_FAILED_AT_IDENTIFY, wr->failError);
            else writer_set(&s.st, wr, WS_STABLE, 0);
        }
        writers_fail_phase(s.m, &s.st, PH_PREPARE_BACKUP);
        sess_close(&s);
    }
    b->prepared = 1;
    return VSSS_ASYNC_FINISHED;
}
static int prepare_ready(const bc *b) { return b->ctx != CTX_ALL; }
static int32_t bc_PrepareForBackup(void *self, void **pp) {
    static const bc_async_op op = {"PrepareForBackup", prepare_ready, NULL, work_prepare, NULL, 0};
    return bc_start_async(self, pp, &op);
}
static int32_t bc_AbortBackup(void *self) {
    FAULT("IVssBackupComponents", "AbortBackup");
    bc *b = self;
    glock();
    int32_t hr = bc_use(b);
    if (!hr) {
        sess s;
        if (sess_open(&s) == SD_S_OK) {
            progress_release(&s.st, b);
            if (b->setPhase == SET_DONE) {
                /* auto-release copies of the set go; persistent ones stay */
                for (size_t k = 0; k < s.st.nsnaps;) {
                    if (guid_eq(&s.st.snaps[k].set, &b->setId) && s.st.snaps[k].autoRelease) state_remove_snap_at(&s.st, k);
                    else k++;
                }
            }
            sess_close(&s);
        }
        if (b->setPhase == SET_STARTED || b->setPhase == SET_CREATING || b->setPhase == SET_DONE) b->setPhase = SET_ABORTED;
    }
    gunlock();
    return hr;
}

static int32_t work_gather_status(async_obj *a) {
    bc *b = (bc *)a->owner;
    sess s;
    int32_t hr = sess_open(&s);
    if (hr) return hr;
    bc_clear_status(b);
    b->statM = machine_ref(s.m);
    b->status = xcalloc(s.m->nwriters + 1, sizeof *b->status);
    for (size_t w = 0; w < s.m->nwriters; w++) {
        wstatus *ws = &b->status[b->nstatus++];
        ws->wi = w;
        writer_effective(s.m, &s.st, w, &ws->state, &ws->err);
    }
    b->statusGathered = 1;
    sess_close(&s);
    return VSSS_ASYNC_FINISHED;
}
static int32_t bc_GatherWriterStatus(void *self, void **pp) {
    static const bc_async_op op = {"GatherWriterStatus", NULL, NULL, work_gather_status, NULL, 0};
    return bc_start_async(self, pp, &op);
}
static int32_t bc_GetWriterStatusCount(void *self, uint32_t *pc) {
    FAULT("IVssBackupComponents", "GetWriterStatusCount");
    bc *b = self;
    return bc_gathered_count(b, pc, &b->statusGathered, &b->nstatus);
}
static int32_t bc_FreeWriterStatus(void *self) {
    FAULT("IVssBackupComponents", "FreeWriterStatus");
    return bc_gathered_free(self, bc_clear_status);
}
static int32_t bc_GetWriterStatus(void *self, uint32_t i, sd_GUID *inst, sd_GUID *wid, WCH **name, int32_t *state, int32_t *hrFail) {
    FAULT("IVssBackupComponents", "GetWriterStatus");
    bc *b = self;
    if (!inst || !wid || !name || !state || !hrFail) return SD_E_INVALIDARG;
    glock();
    int32_t hr = bc_use(b);
    if (!hr && !b->statusGathered) hr = VSSE_BAD_STATE;
    if (!hr && i >= b->nstatus) hr = SD_E_INVALIDARG;
    if (!hr) {
        const wstatus *ws = &b->status[i];
        const sim_writer *w = &b->statM->writers[ws->wi];
        *inst = w->inst;
        *wid = w->id;
        *name = bstr_utf8(w->name);
        *state = ws->state;
        *hrFail = ws->err;
    }
    gunlock();
    return hr;
}

static int32_t work_backup_complete(async_obj *a) {
    bc *b = (bc *)a->owner;
    if (ctx_writers(b->ctx)) {
        sess s;
        int32_t hr = sess_open(&s);
        if (hr) return hr;
        writers_fail_phase(s.m, &s.st, PH_BACKUP_COMPLETE);
        sess_close(&s);
    }
    return VSSS_ASYNC_FINISHED;
}
static int backup_complete_ready(const bc *b) { return b->setPhase == SET_DONE; }
static int32_t bc_BackupComplete(void *self, void **pp) {
    static const bc_async_op op = {"BackupComplete", backup_complete_ready, NULL, work_backup_complete, NULL, 0};
    return bc_start_async(self, pp, &op);
}

static int32_t bc_StartSnapshotSet(void *self, sd_GUID *setId) {
    FAULT("IVssBackupComponents", "StartSnapshotSet");
    bc *b = self;
    if (!setId) return SD_E_INVALIDARG;
    glock();
    int32_t hr = bc_use(b);
    if (!hr && b->ctx == CTX_ALL) hr = VSSE_BAD_STATE; /* VSS_CTX_ALL is for queries and deletion only */
    if (!hr && (b->setPhase == SET_STARTED || b->setPhase == SET_CREATING)) hr = VSSE_SNAPSHOT_SET_IN_PROGRESS;
    sess s;
    if (!hr) hr = sess_open(&s);
    if (!hr) {
        if (s.st.prog.active && !progress_mine(&s.st, b)) {
            hr = VSSE_SNAPSHOT_SET_IN_PROGRESS; /* another object or process is creating a set */
        } else {
            guid_new(&b->setId);
            s.st.prog.active = 1;
            s.st.prog.pid = self_pid();
            s.st.prog.start = self_start();
            s.st.prog.obj = b->id;
            s.st.prog.setId = b->setId;
            s.st.prog.since = now_filetime();
            s.st.dirty = 1;
            b->setPhase = SET_STARTED;
            b->nvols = 0;
            *setId = b->setId;
        }
        sess_close(&s);
    }
    gunlock();
    return hr;
}
static int32_t bc_AddToSnapshotSet(void *self, WCH *vol, sd_GUID provider, sd_GUID *snapId) {
    FAULT("IVssBackupComponents", "AddToSnapshotSet");
    bc *b = self;
    if (!vol || !snapId) return SD_E_INVALIDARG;
    char *name = utf16_to_utf8(vol);
    glock();
    int32_t hr = bc_use(b);
    if (!hr && b->setPhase != SET_STARTED) hr = VSSE_BAD_STATE;
    if (!hr && !provider_ok(&provider)) hr = VSSE_PROVIDER_NOT_REGISTERED;
    sess s;
    int opened = 0;
    if (!hr) { hr = sess_open(&s); opened = !hr; }
    if (!hr) {
        int vi = machine_find_volume(s.m, name);
        if (vi == -2) hr = SD_E_INVALIDARG;
        else if (vi < 0) hr = VSSE_OBJECT_NOT_FOUND;
        else {
            char L = s.m->vols[vi].letter;
            for (size_t k = 0; k < b->nvols; k++) if (b->vols[k] == L) hr = VSSE_OBJECT_ALREADY_EXISTS;
            if (!hr && b->nvols >= MAX_VOLUMES_PER_SET) hr = VSSE_MAXIMUM_NUMBER_OF_VOLUMES_REACHED;
            if (!hr) hr = engine_check_volume(s.m, &s.st, vi, b->ctx);
            if (!hr) {
                b->vols[b->nvols] = L;
                guid_new(&b->snapIds[b->nvols]);
                *snapId = b->snapIds[b->nvols];
                b->nvols++;
            }
        }
    }
    if (opened) sess_close(&s);
    gunlock();
    free(name);
    return hr;
}
static int32_t work_do_snapshot_set(async_obj *a) {
    bc *b = (bc *)a->owner;
    sess s;
    int32_t hr = sess_open(&s);
    if (hr) { b->setPhase = SET_ABORTED; return hr; }
    int vis[MAX_VOLUMES_PER_SET];
    for (size_t k = 0; k < b->nvols && !hr; k++) {
        vis[k] = machine_find_letter(s.m, b->vols[k]);
        if (vis[k] < 0) hr = VSSE_OBJECT_NOT_FOUND;
    }
    if (!hr && ctx_writers(b->ctx)) {
        /* writer failures do not fail the set: they show in GetWriterStatus */
        writers_fail_phase(s.m, &s.st, PH_PREPARE_SNAPSHOT);
        writers_fail_phase(s.m, &s.st, PH_FREEZE);
        writers_fail_phase(s.m, &s.st, PH_THAW);
        writers_fail_phase(s.m, &s.st, PH_POST_SNAPSHOT);
    }
    if (!hr) {
        owner_t owner = {self_pid(), self_start(), b->id};
        hr = engine_create_set(s.m, &s.st, vis, b->nvols, b->ctx, now_filetime(), owner, &b->setId, b->snapIds, a->abortExit);
    }
    progress_release(&s.st, b);
    b->setPhase = hr ? SET_ABORTED : SET_DONE;
    sess_close(&s);
    return hr ? hr : VSSS_ASYNC_FINISHED;
}
static void cancel_do_snapshot_set(async_obj *a) {
    bc *b = (bc *)a->owner;
    sess s;
    if (sess_open(&s) == SD_S_OK) {
        progress_release(&s.st, b);
        sess_close(&s);
    }
    b->setPhase = SET_ABORTED;
}
static int do_snapshot_set_ready(const bc *b) {
    if (b->setPhase != SET_STARTED || b->nvols == 0) return 0;
    return !(ctx_writers(b->ctx) && !b->prepared); /* PrepareForBackup first */
}
static void do_snapshot_set_begin(bc *b) { b->setPhase = SET_CREATING; }
static int32_t bc_DoSnapshotSet(void *self, void **pp) {
    static const bc_async_op op = {"DoSnapshotSet", do_snapshot_set_ready, do_snapshot_set_begin, work_do_snapshot_set,
                                   cancel_do_snapshot_set, 1};
    return bc_start_async(self, pp, &op);
}
static int32_t bc_DeleteSnapshots(void *self, sd_GUID src, int32_t type, int32_t force, int32_t *deleted, sd_GUID *nondeleted) {
    FAULT("IVssBackupComponents", "DeleteSnapshots");
    (void)force;
    bc *b = self;
    if (!deleted || !nondeleted) return SD_E_INVALIDARG;
    *deleted = 0;
    *nondeleted = GUID_ZERO;
    glock();
    int32_t hr = bc_use(b);
    if (!hr && type != SD_VSS_OBJECT_SNAPSHOT && type != SD_VSS_OBJECT_SNAPSHOT_SET) hr = SD_E_INVALIDARG;
    sess s;
    if (!hr) hr = sess_open(&s);
    if (!hr) {
        int n = 0;
        for (size_t k = 0; k < s.st.nsnaps;) {
            st_snap *sn = &s.st.snaps[k];
            int match = type == SD_VSS_OBJECT_SNAPSHOT ? guid_eq(&sn->id, &src) : guid_eq(&sn->set, &src);
            if (match && snap_visible(sn, b->ctx)) { state_remove_snap_at(&s.st, k); n++; continue; }
            k++;
        }
        if (n == 0) hr = VSSE_OBJECT_NOT_FOUND;
        *deleted = n;
        sess_close(&s);
    }
    gunlock();
    return hr;
}
static int32_t bc_GetSnapshotProperties(void *self, sd_GUID id, sd_VSS_SNAPSHOT_PROP *prop) {
    FAULT("IVssBackupComponents", "GetSnapshotProperties");
    bc *b = self;
    if (!prop) return SD_E_INVALIDARG;
    glock();
    int32_t hr = bc_use(b);
    sess s;
    if (!hr) hr = sess_open(&s);
    if (!hr) {
        int k = snap_index(&s.st, &id);
        if (k < 0 || !snap_visible(&s.st.snaps[k], b->ctx)) hr = VSSE_OBJECT_NOT_FOUND;
        else snap_fill(s.m, &s.st.snaps[k], prop, mk_tm);
        sess_close(&s);
    }
    gunlock();
    return hr;
}
static int32_t bc_Query(void *self, sd_GUID qid, int32_t qtype, int32_t rtype, void **pp) {
    FAULT("IVssBackupComponents", "Query");
    bc *b = self;
    if (!pp) return SD_E_INVALIDARG;
    *pp = NULL;
    if (!guid_is_null(&qid) || qtype != SD_VSS_OBJECT_NONE) return SD_E_INVALIDARG;
    if (rtype != SD_VSS_OBJECT_SNAPSHOT && rtype != SD_VSS_OBJECT_PROVIDER) return SD_E_INVALIDARG;
    glock();
    int32_t hr = bc_use(b);
    sess s;
    if (!hr) hr = sess_open(&s);
    if (!hr) {
        proplist *l = proplist_new(&OBJPROP_KIND);
        if (rtype == SD_VSS_OBJECT_PROVIDER) {
            sd_VSS_OBJECT_PROP *p = proplist_push(l);
            p->Type = SD_VSS_OBJECT_PROVIDER;
            provider_fill(&p->Obj.Prov, mk_malloc);
        } else {
            for (size_t k = 0; k < s.st.nsnaps; k++) {
                if (!snap_visible(&s.st.snaps[k], b->ctx)) continue;
                sd_VSS_OBJECT_PROP *p = proplist_push(l);
                p->Type = SD_VSS_OBJECT_SNAPSHOT;
                snap_fill(s.m, &s.st.snaps[k], &p->Obj.Snap, mk_malloc);
            }
        }
        hr = l->n ? SD_S_OK : SD_S_FALSE;
        *pp = propenum_new(l);
        sess_close(&s);
    }
    gunlock();
    return hr;
}
static int32_t bc_IsVolumeSupported(void *self, sd_GUID provider, WCH *vol, int32_t *supported) {
    FAULT("IVssBackupComponents", "IsVolumeSupported");
    bc *b = self;
    if (!vol || !supported) return SD_E_INVALIDARG;
    *supported = 0;
    glock();
    int32_t hr = bc_use(b);
    if (!hr && !provider_ok(&provider)) hr = VSSE_PROVIDER_NOT_REGISTERED;
    if (!hr) {
        sim_machine *m = machine_get(NULL);
        if (!m) hr = VSSE_UNEXPECTED;
        else {
            char *name = utf16_to_utf8(vol);
            int vi = machine_find_volume(m, name);
            free(name);
            if (vi == -2) hr = SD_E_INVALIDARG;
            else if (vi < 0) hr = VSSE_OBJECT_NOT_FOUND;
            else *supported = m->vols[vi].supported ? 1 : 0;
            machine_unref(m);
        }
    }
    gunlock();
    return hr;
}

static const sd_IVssBackupComponentsVtbl BC_VTBL = {
    IUNKNOWN_IMPL,
    bc_GetWriterComponentsCount, stub_notimpl, bc_InitializeForBackup, bc_SetBackupState, stub_notimpl, stub_notimpl,
    bc_GatherWriterMetadata, bc_GetWriterMetadataCount, bc_GetWriterMetadata, bc_FreeWriterMetadata, stub_notimpl,
    bc_PrepareForBackup, bc_AbortBackup, bc_GatherWriterStatus, bc_GetWriterStatusCount, bc_FreeWriterStatus,
    bc_GetWriterStatus, stub_notimpl, stub_notimpl, stub_notimpl, stub_notimpl, stub_notimpl, stub_notimpl, stub_notimpl,
    bc_BackupComplete, stub_notimpl, stub_notimpl, stub_notimpl, stub_notimpl, stub_notimpl, stub_notimpl, stub_notimpl,
    bc_SetContext, bc_StartSnapshotSet, bc_AddToSnapshotSet, bc_DoSnapshotSet, bc_DeleteSnapshots, stub_notimpl,
    stub_notimpl, bc_GetSnapshotProperties, bc_Query, bc_IsVolumeSupported, stub_notimpl, stub_notimpl, stub_notimpl,
    stub_notimpl, stub_notimpl, stub_notimpl};

/* ============================================================================================== */
/* 14. IVssSnapshotMgmt, IVssDifferentialSoftwareSnapshotMgmt                                     */
/* ============================================================================================== */

/* resolves a volume name argument: 0 ok (*vi set), else the HRESULT to return */
static int32_t resolve_volume(const sim_machine *m, const WCH *w, int *vi) {
    if (!w) return SD_E_INVALIDARG;
    char *name = utf16_to_utf8(w);
    int r = machine_find_volume(m, name);
    free(name);
    if (r == -2) return SD_E_INVALIDARG;
    if (r < 0) return VSSE_OBJECT_NOT_FOUND;
    *vi = r;
    return SD_S_OK;
}
/* opens the session and resolves a volume name argument in it: 0 ok, else the HRESULT to return.
 * sess_close either way (it does nothing when the open failed). */
static int32_t sess_open_volume(sess *s, const WCH *w, int *vi) {
    int32_t hr = sess_open(s);
    return hr ? hr : resolve_volume(s->m, w, vi);
}

typedef struct { sd_obj base; } diffmgmt_obj;
static int32_t dm_AddDiffArea(void *self, WCH *vol, WCH *diffVol, int64_t max) {
    (void)self;
    FAULT("IVssDifferentialSoftwareSnapshotMgmt", "AddDiffArea");
    sess s;
    int vi = -1, di = -1;
    int32_t hr = sess_open_volume(&s, vol, &vi);
    if (!hr) hr = resolve_volume(s.m, diffVol, &di);
    if (!hr && (max < -1 || max == 0)) hr = SD_E_INVALIDARG;
    if (!hr && !s.m->vols[vi].supported) hr = VSSE_VOLUME_NOT_SUPPORTED;
    if (!hr && !s.m->vols[di].storageHost) hr = VSSE_VOLUME_NOT_SUPPORTED;
    if (!hr && state_storage_for(&s.st, s.m->vols[vi].letter)) hr = VSSE_OBJECT_ALREADY_EXISTS;
    if (!hr && max > s.m->vols[di].capacity) hr = VSSE_INSUFFICIENT_STORAGE;
    if (!hr) state_storage_add(&s.st, s.m->vols[vi].letter, s.m->vols[di].letter, max);
    sess_close(&s);
    return hr;
}
static int32_t dm_ChangeDiffAreaMaximumSize(void *self, WCH *vol, WCH *diffVol, int64_t max) {
    (void)self;
    FAULT("IVssDifferentialSoftwareSnapshotMgmt", "ChangeDiffAreaMaximumSize");
    sess s;
    int vi = -1, di = -1;
    int32_t hr = sess_open_volume(&s, vol, &vi);
    if (!hr) hr = resolve_volume(s.m, diffVol, &di);
    if (!hr && max < -1) hr = SD_E_INVALIDARG;
    if (!hr) {
        char L = s.m->vols[vi].letter, D = s.m->vols[di].letter;
        st_storage *st = state_storage_for(&s.st, L);
        if (st && st->diffVol != D) hr = VSSE_OBJECT_NOT_FOUND; /* the volume's storage is elsewhere */
        else if (max == 0) {
            /* VSS_ASSOC_REMOVE */
            if (!st) hr = VSSE_OBJECT_NOT_FOUND;
            else if (count_snaps_on(&s.st, L, 0) > 0) hr = VSSE_VOLUME_IN_USE;
            else {
                size_t k = (size_t)(st - s.st.stor);
                memmove(&s.st.stor[k], &s.st.stor[k + 1], (s.st.nstor - k - 1) * sizeof *s.st.stor);
                s.st.nstor--;
                s.st.dirty = 1;
            }
        } else if (!st) {
            /* Windows 7 and later create the association when it is missing */
            if (!s.m->vols[vi].supported || !s.m->vols[di].storageHost) hr = VSSE_VOLUME_NOT_SUPPORTED;
            else if (max > s.m->vols[di].capacity) hr = VSSE_INSUFFICIENT_STORAGE;
            else state_storage_add(&s.st, L, D, max);
        } else {
            if (max > s.m->vols[di].capacity) hr = VSSE_INSUFFICIENT_STORAGE;
            else {
                st->maxBytes = max;
                s.st.dirty = 1;
                storage_make_room(&s.st, L, max, 0); /* shrinking below what is used deletes the oldest copies */
            }
        }
    }
    sess_close(&s);
    return hr;
}
static void add_volume_item(proplist *l, const sim_volume *v, int type, const sim_machine *m, const sim_state *st, const char *root, int vi) {
    sd_VSS_MGMT_OBJECT_PROP *p = proplist_push(l);
    p->Type = type;
    char *g = vol_guid_path(v), *r = vol_root_path(v);
    if (type == SD_VSS_MGMT_OBJECT_VOLUME) {
        p->Obj.Vol.m_pwszVolumeName = mk_malloc(g);
        p->Obj.Vol.m_pwszVolumeDisplayName = mk_malloc(r);
    } else {
        p->Obj.DiffVol.m_pwszVolumeName = mk_malloc(g);
        p->Obj.DiffVol.m_pwszVolumeDisplayName = mk_malloc(r);
        p->Obj.DiffVol.m_llVolumeTotalSpace = v->capacity;
        p->Obj.DiffVol.m_llVolumeFreeSpace = v->capacity - volume_used_bytes(m, root, st, vi);
    }
    free(g); free(r);
}
static int32_t dm_QueryVolumesSupportedForDiffAreas(void *self, WCH *orig, void **pp) {
    (void)self;
    if (!pp) return SD_E_INVALIDARG;
    *pp = NULL;
    FAULT("IVssDifferentialSoftwareSnapshotMgmt", "QueryVolumesSupportedForDiffAreas");
    sess s;
    int vi;
    int32_t hr = sess_open_volume(&s, orig, &vi);
    if (!hr) {
        proplist *l = proplist_new(&MGMTPROP_KIND);
        for (size_t k = 0; k < s.m->nvols; k++)
            if (s.m->vols[k].storageHost) add_volume_item(l, &s.m->vols[k], SD_VSS_MGMT_OBJECT_DIFF_VOLUME, s.m, &s.st, s.root, (int)k);
        *pp = propenum_new(l);
    }
    sess_close(&s);
    return hr;
}
static int32_t dm_query_areas(WCH *vol, int on, void **pp) {
    if (!pp) return SD_E_INVALIDARG;
    *pp = NULL;
    sess s;
    int vi;
    int32_t hr = sess_open_volume(&s, vol, &vi);
    if (!hr) {
        char L = s.m->vols[vi].letter;
        proplist *l = proplist_new(&MGMTPROP_KIND);
        for (size_t k = 0; k < s.st.nstor; k++)
            if ((on ? s.st.stor[k].diffVol : s.st.stor[k].vol) == L) diffarea_fill(s.m, &s.st, &s.st.stor[k], proplist_push(l));
        *pp = propenum_new(l);
    }
    sess_close(&s);
    return hr;
}
static int32_t dm_QueryDiffAreasForVolume(void *self, WCH *vol, void **pp) {
    (void)self;
    FAULT("IVssDifferentialSoftwareSnapshotMgmt", "QueryDiffAreasForVolume");
    return dm_query_areas(vol, 0, pp);
}
static int32_t dm_QueryDiffAreasOnVolume(void *self, WCH *vol, void **pp) {
    (void)self;
    FAULT("IVssDifferentialSoftwareSnapshotMgmt", "QueryDiffAreasOnVolume");
    return dm_query_areas(vol, 1, pp);
}
static int32_t dm_QueryDiffAreasForSnapshot(void *self, sd_GUID id, void **pp) {
    (void)self;
    if (!pp) return SD_E_INVALIDARG;
    *pp = NULL;
    FAULT("IVssDifferentialSoftwareSnapshotMgmt", "QueryDiffAreasForSnapshot");
    sess s;
    int32_t hr = sess_open(&s);
    if (hr) return hr;
    int k = snap_index(&s.st, &id);
    if (k < 0) hr = VSSE_OBJECT_NOT_FOUND;
    else {
        proplist *l = proplist_new(&MGMTPROP_KIND);
        st_storage *st = state_storage_for(&s.st, s.st.snaps[k].vol);
        if (st) diffarea_fill(s.m, &s.st, st, proplist_push(l));
        *pp = propenum_new(l);
    }
    sess_close(&s);
    return hr;
}
static const sd_IVssDifferentialSoftwareSnapshotMgmtVtbl DIFFMGMT_VTBL = {
    IUNKNOWN_IMPL, dm_AddDiffArea, dm_ChangeDiffAreaMaximumSize, dm_QueryVolumesSupportedForDiffAreas,
    dm_QueryDiffAreasForVolume, dm_QueryDiffAreasOnVolume, dm_QueryDiffAreasForSnapshot};

typedef struct { sd_obj base; } snapmgmt_obj;
static int32_t sm_GetProviderMgmtInterface(void *self, sd_GUID provider, const sd_GUID *iid, void **pp) {
    (void)self;
    if (!pp) return SD_E_INVALIDARG;
    *pp = NULL;
    FAULT("IVssSnapshotMgmt", "GetProviderMgmtInterface");
    if (!iid) return SD_E_INVALIDARG;
    if (!guid_eq(&provider, &VSS_SWPRV_ProviderId_)) return VSSE_PROVIDER_NOT_REGISTERED;
    if (!guid_eq(iid, &IID_IVssDifferentialSoftwareSnapshotMgmt_) && !guid_eq(iid, &IID_IUnknown_)) return SD_E_NOINTERFACE;
    *pp = obj_new(sizeof(diffmgmt_obj), &DIFFMGMT_VTBL, &IID_IVssDifferentialSoftwareSnapshotMgmt_, NULL);
    return SD_S_OK;
}
static int32_t sm_QueryVolumesSupportedForSnapshots(void *self, sd_GUID provider, int32_t ctx, void **pp) {
    (void)self;
    if (!pp) return SD_E_INVALIDARG;
    *pp = NULL;
    FAULT("IVssSnapshotMgmt", "QueryVolumesSupportedForSnapshots");
    if (!guid_eq(&provider, &VSS_SWPRV_ProviderId_)) return VSSE_PROVIDER_NOT_REGISTERED;
    if (!ctx_valid(ctx)) return SD_E_INVALIDARG;
    sess s;
    int32_t hr = sess_open(&s);
    if (hr) return hr;
    proplist *l = proplist_new(&MGMTPROP_KIND);
    for (size_t k = 0; k < s.m->nvols; k++)
        if (s.m->vols[k].supported) add_volume_item(l, &s.m->vols[k], SD_VSS_MGMT_OBJECT_VOLUME, s.m, &s.st, s.root, (int)k);
    *pp = propenum_new(l);
    sess_close(&s);
    return SD_S_OK;
}
static int32_t sm_QuerySnapshotsByVolume(void *self, WCH *vol, sd_GUID provider, void **pp) {
    (void)self;
    if (!pp) return SD_E_INVALIDARG;
    *pp = NULL;
    FAULT("IVssSnapshotMgmt", "QuerySnapshotsByVolume");
    if (!guid_eq(&provider, &VSS_SWPRV_ProviderId_)) return VSSE_PROVIDER_NOT_REGISTERED;
    sess s;
    int vi;
    int32_t hr = sess_open_volume(&s, vol, &vi);
    if (!hr) {
        proplist *l = proplist_new(&OBJPROP_KIND);
        for (size_t k = 0; k < s.st.nsnaps; k++) {
            if (s.st.snaps[k].vol != s.m->vols[vi].letter) continue;
            sd_VSS_OBJECT_PROP *p = proplist_push(l);
            p->Type = SD_VSS_OBJECT_SNAPSHOT;
            snap_fill(s.m, &s.st.snaps[k], &p->Obj.Snap, mk_malloc);
        }
        *pp = propenum_new(l);
    }
    sess_close(&s);
    return hr;
}
static const sd_IVssSnapshotMgmtVtbl SNAPMGMT_VTBL = {IUNKNOWN_IMPL, sm_GetProviderMgmtInterface,
                                                      sm_QueryVolumesSupportedForSnapshots, sm_QuerySnapshotsByVolume};

/* ============================================================================================== */
/* 15. Flat exports                                                                               */
/* ============================================================================================== */

/* ---- ole32 ---- */
static _Thread_local int t_com_count;
static _Thread_local int t_com_sta;
static atomic_int g_com_threads;
static atomic_int g_security_done;
static int com_ready(void) { return t_com_count > 0 || atomic_load(&g_com_threads) > 0; }

SD_API int32_t SD_EXPORT(CoInitializeEx)(void *reserved, uint32_t coinit) {
    (void)reserved;
    FAULT("ole32", "CoInitializeEx");
    int sta = (coinit & 0x2) != 0; /* COINIT_APARTMENTTHREADED */
    if (t_com_count > 0) {
        if (sta != t_com_sta) return SD_RPC_E_CHANGED_MODE;
        t_com_count++;
        return SD_S_FALSE;
    }
    t_com_count = 1;
    t_com_sta = sta;
    atomic_fetch_add(&g_com_threads, 1);
    return SD_S_OK;
}
SD_API int32_t SD_EXPORT(CoInitialize)(void *reserved) { return SD_EXPORT(CoInitializeEx)(reserved, 0x2); }
SD_API void SD_EXPORT(CoUninitialize)(void) {
    if (t_com_count <= 0) return;
    if (--t_com_count == 0) atomic_fetch_sub(&g_com_threads, 1);
}
SD_API int32_t SD_EXPORT(CoInitializeSecurity)(void *sd, int32_t cAuthSvc, void *asAuthSvc, void *r1, uint32_t authnLevel,
                                               uint32_t impLevel, void *authList, uint32_t caps, void *r3) {
    (void)sd; (void)cAuthSvc; (void)asAuthSvc; (void)r1; (void)authnLevel; (void)impLevel; (void)authList; (void)caps; (void)r3;
    FAULT("ole32", "CoInitializeSecurity");
    if (!com_ready()) return SD_CO_E_NOTINITIALIZED;
    int expected = 0;
    if (!atomic_compare_exchange_strong(&g_security_done, &expected, 1)) return SD_RPC_E_TOO_LATE;
    return SD_S_OK;
}
SD_API int32_t SD_EXPORT(CoCreateInstance)(const sd_GUID *clsid, void *outer, uint32_t clsctx, const sd_GUID *iid, void **ppv) {
    (void)clsctx;
    if (!ppv) return SD_E_POINTER;
    *ppv = NULL;
    FAULT("ole32", "CoCreateInstance");
    if (!clsid || !iid) return SD_E_INVALIDARG;
    if (!com_ready()) return SD_CO_E_NOTINITIALIZED;
    if (!guid_eq(clsid, &CLSID_VssSnapshotMgmt_)) return SD_REGDB_E_CLASSNOTREG;
    if (outer) return SD_CLASS_E_NOAGGREGATION;
    if (!guid_eq(iid, &IID_IVssSnapshotMgmt_) && !guid_eq(iid, &IID_IUnknown_)) return SD_E_NOINTERFACE;
    *ppv = obj_new(sizeof(snapmgmt_obj), &SNAPMGMT_VTBL, &IID_IVssSnapshotMgmt_, NULL);
    return SD_S_OK;
}

/* ---- vssapi ---- */
SD_API int32_t SD_EXPORT(CreateVssBackupComponentsInternal)(void **pp) {
    if (!pp) return SD_E_INVALIDARG;
    *pp = NULL;
    FAULT("vssapi", "CreateVssBackupComponentsInternal");
    if (!com_ready()) return SD_CO_E_NOTINITIALIZED;
    sim_machine *m = machine_get(NULL); /* creates the demo machine on first use */
    if (!m) return VSSE_UNEXPECTED;
    machine_unref(m);
    bc *b = obj_new(sizeof *b, &BC_VTBL, &IID_IVssBackupComponents_, bc_destroy);
    b->id = atomic_fetch_add(&g_next_objid, 1);
    b->ctx = CTX_BACKUP;
    live_bc_add(b->id);
    *pp = b;
    return SD_S_OK;
}
SD_API void SD_EXPORT(VssFreeSnapshotPropertiesInternal)(sd_VSS_SNAPSHOT_PROP *p) {
    if (!p) return;
    WCH **f[PROP_MAX_STRINGS];
    int n = snapprop_strings(p, f);
    for (int k = 0; k < n; k++) { SD_EXPORT(CoTaskMemFree)(*f[k]); *f[k] = NULL; }
}
SD_API void SD_EXPORT(VssFreeSnapshotProperties)(sd_VSS_SNAPSHOT_PROP *p) { SD_EXPORT(VssFreeSnapshotPropertiesInternal)(p); }
SD_API int32_t SD_EXPORT(IsVolumeSnapshottedInternal)(const WCH *vol, int32_t *present, int32_t *capability) {
    FAULT("vssapi", "IsVolumeSnapshotted");
    if (!vol || !present || !capability) return SD_E_INVALIDARG;
    *present = 0;
    *capability = 0;
    sess s;
    int vi;
    int32_t hr = sess_open_volume(&s, vol, &vi);
    if (!hr) *present = count_snaps_on(&s.st, s.m->vols[vi].letter, 0) > 0;
    sess_close(&s);
    return hr;
}
SD_API int32_t SD_EXPORT(IsVolumeSnapshotted)(const WCH *vol, int32_t *present, int32_t *capability) {
    return SD_EXPORT(IsVolumeSnapshottedInternal)(vol, present, capability);
}
SD_API int32_t SD_EXPORT(CreateVssExamineWriterMetadataInternal)(WCH *xml, void **pp) {
    (void)xml;
    if (pp) *pp = NULL;
    return SD_E_NOTIMPL; /* writer metadata comes from GatherWriterMetadata only */
}

/* ---- kernel32 ---- */
static _Thread_local uint32_t t_last_error;
SD_API uint32_t SD_EXPORT(GetLastError)(void) { return t_last_error; }
SD_API void SD_EXPORT(SetLastError)(uint32_t e) { t_last_error = e; }
static uint32_t win32_from_hr(int32_t hr) {
    uint32_t u = (uint32_t)hr;
    return (u & 0xFFFF0000u) == 0x80070000u ? (u & 0xFFFFu) : u;
}
#define KFAULT(meth, failret)                                             \
    do {                                                                  \
        fault_hit kh_;                                                    \
        int32_t kr_ = fault_point("kernel32", meth, &kh_, 0);             \
        if (kr_) { t_last_error = win32_from_hr(kr_); return failret; }   \
    } while (0)

#define VOLFIND_MAGIC 0x564F4C46u
typedef struct { uint32_t magic; size_t next, n; char **names; } volfind;
static volfind **g_volfinds;
static size_t g_nvolfinds;
static int volfind_valid(volfind *f) {
    for (size_t k = 0; k < g_nvolfinds; k++) if (g_volfinds[k] == f) return f->magic == VOLFIND_MAGIC;
    return 0;
}
/* copies a UTF-8 string into a caller's UTF-16 buffer; 0 if it does not fit */
static int put_w(const char *s, WCH *buf, uint32_t cch) {
    size_t n;
    WCH *w = utf8_to_utf16_len(s, &n);
    int ok = buf && n + 1 <= cch;
    if (ok) memcpy(buf, w, (n + 1) * sizeof(WCH));
    free(w);
    return ok;
}
SD_API void *SD_EXPORT(FindFirstVolumeW)(WCH *buf, uint32_t cch) {
    void *INVALID = (void *)(intptr_t)-1;
    KFAULT("FindFirstVolumeW", INVALID);
    if (!buf || cch == 0) { t_last_error = SD_ERROR_INVALID_PARAMETER; return INVALID; }
    sim_machine *m = machine_get(NULL);
    if (!m) { t_last_error = SD_ERROR_FILE_NOT_FOUND; return INVALID; }
    if (m->nvols == 0) { machine_unref(m); t_last_error = SD_ERROR_NO_MORE_FILES; return INVALID; }
    volfind *f = xcalloc(1, sizeof *f);
    f->magic = VOLFIND_MAGIC;
    f->n = m->nvols;
    f->names = xcalloc(m->nvols, sizeof *f->names);
    for (size_t k = 0; k < m->nvols; k++) f->names[k] = vol_guid_path(&m->vols[k]);
    machine_unref(m);
    if (!put_w(f->names[0], buf, cch)) {
        for (size_t k = 0; k < f->n; k++) free(f->names[k]);
        free(f->names);
        free(f);
        t_last_error = SD_ERROR_FILENAME_EXCED_RANGE;
        return INVALID;
    }
    f->next = 1;
    glock();
    g_volfinds = xrealloc(g_volfinds, (g_nvolfinds + 1) * sizeof *g_volfinds);
    g_volfinds[g_nvolfinds++] = f;
    gunlock();
    t_last_error = 0;
    return f;
}
SD_API int32_t SD_EXPORT(FindNextVolumeW)(void *h, WCH *buf, uint32_t cch) {
    KFAULT("FindNextVolumeW", 0);
    glock();
    volfind *f = h;
    int32_t ok = 0;
    if (!volfind_valid(f)) t_last_error = SD_ERROR_INVALID_HANDLE;
    else if (!buf) t_last_error = SD_ERROR_INVALID_PARAMETER;
    else if (f->next >= f->n) t_last_error = SD_ERROR_NO_MORE_FILES;
    else if (!put_w(f->names[f->next], buf, cch)) t_last_error = SD_ERROR_FILENAME_EXCED_RANGE;
    else { f->next++; ok = 1; t_last_error = 0; }
    gunlock();
    return ok;
}
SD_API int32_t SD_EXPORT(FindVolumeClose)(void *h) {
    KFAULT("FindVolumeClose", 0);
    glock();
    volfind *f = h;
    int32_t ok = 0;
    if (!volfind_valid(f)) t_last_error = SD_ERROR_INVALID_HANDLE;
    else {
        for (size_t k = 0; k < g_nvolfinds; k++) if (g_volfinds[k] == f) { g_volfinds[k] = g_volfinds[--g_nvolfinds]; break; }
        f->magic = 0;
        for (size_t k = 0; k < f->n; k++) free(f->names[k]);
        free(f->names);
        free(f);
        ok = 1;
        t_last_error = 0;
    }
    gunlock();
    return ok;
}
SD_API int32_t SD_EXPORT(GetVolumePathNamesForVolumeNameW)(const WCH *vol, WCH *buf, uint32_t cch, uint32_t *returned) {
    KFAULT("GetVolumePathNamesForVolumeNameW", 0);
    if (!vol) { t_last_error = SD_ERROR_INVALID_PARAMETER; return 0; }
    sim_machine *m = machine_get(NULL);
    if (!m) { t_last_error = SD_ERROR_FILE_NOT_FOUND; return 0; }
    char *name = utf16_to_utf8(vol);
    int isGuidPath = startswith_ci(name, "\\\\?\\Volume{");
    int vi = machine_find_volume(m, name);
    free(name);
    int32_t ok = 0;
    if (!isGuidPath || vi == -2) t_last_error = SD_ERROR_INVALID_NAME;
    else if (vi < 0) t_last_error = SD_ERROR_FILE_NOT_FOUND;
    else {
        /* "C:\" NUL NUL */
        uint32_t need = 5;
        if (returned) *returned = need;
        if (!buf || cch < need) t_last_error = SD_ERROR_MORE_DATA;
        else {
            buf[0] = (WCH)m->vols[vi].letter; buf[1] = ':'; buf[2] = '\\'; buf[3] = 0; buf[4] = 0;
            ok = 1;
            t_last_error = 0;
        }
    }
    machine_unref(m);
    return ok;
}
SD_API int32_t SD_EXPORT(GetVolumeNameForVolumeMountPointW)(const WCH *mountPoint, WCH *buf, uint32_t cch) {
    KFAULT("GetVolumeNameForVolumeMountPointW", 0);
    if (!mountPoint || !buf) { t_last_error = SD_ERROR_INVALID_PARAMETER; return 0; }
    sim_machine *m = machine_get(NULL);
    if (!m) { t_last_error = SD_ERROR_FILE_NOT_FOUND; return 0; }
    char *name = utf16_to_utf8(mountPoint);
    int vi = machine_find_volume(m, name);
    free(name);
    int32_t ok = 0;
    if (vi == -2) t_last_error = SD_ERROR_INVALID_PARAMETER; /* no trailing backslash */
    else if (vi < 0) t_last_error = SD_ERROR_FILE_NOT_FOUND;
    else {
        char *g = vol_guid_path(&m->vols[vi]);
        if (!put_w(g, buf, cch)) t_last_error = SD_ERROR_FILENAME_EXCED_RANGE;
        else { ok = 1; t_last_error = 0; }
        free(g);
    }
    machine_unref(m);
    return ok;
}
static uint32_t fs_flags_for(const char *fs) {
    if (streq_ci(fs, "NTFS")) return 0x03E706FFu;
    if (streq_ci(fs, "ReFS")) return 0x03E507AFu;
    return 0x00C20006u; /* FAT32 / exFAT */
}
/* root of a volume for the kernel32 calls: "X:\" or a GUID path; NULL means C:\ */
static int kvolume(const sim_machine *m, const WCH *root, int allowRest) {
    if (!root) return machine_find_letter(m, 'C');
    char *name = utf16_to_utf8(root);
    int vi;
    if (allowRest && strlen(name) == 2 && name[1] == ':') {
        vi = machine_find_letter(m, (char)ascii_upper((unsigned char)name[0]));
    } else {
        vi = machine_find_volume_ex(m, name, allowRest, NULL);
    }
    free(name);
    return vi;
}
SD_API int32_t SD_EXPORT(GetVolumeInformationW)(const WCH *root, WCH *label, uint32_t cchLabel, uint32_t *serial, uint32_t *maxComp,
                                               uint32_t *flags, WCH *fsName, uint32_t cchFs) {
    KFAULT("GetVolumeInformationW", 0);
    sim_machine *m = machine_get(NULL);
    if (!m) { t_last_error = SD_ERROR_FILE_NOT_FOUND; return 0; }
    int vi = kvolume(m, root, 0);
    int32_t ok = 0;
    if (vi == -2) t_last_error = SD_ERROR_INVALID_NAME;
    else if (vi < 0) t_last_error = SD_ERROR_PATH_NOT_FOUND;
    else {
        const sim_volume *v = &m->vols[vi];
        if (label && !put_w(v->label, label, cchLabel)) t_last_error = SD_ERROR_BAD_LENGTH;
        else if (fsName && !put_w(v->fs, fsName, cchFs)) t_last_error = SD_ERROR_BAD_LENGTH;
        else {
            if (serial) *serial = v->serial;
            if (maxComp) *maxComp = 255;
            if (flags) *flags = fs_flags_for(v->fs);
            ok = 1;
            t_last_error = 0;
        }
    }
    machine_unref(m);
    return ok;
}
SD_API int32_t SD_EXPORT(GetDiskFreeSpaceExW)(const WCH *dir, uint64_t *freeToCaller, uint64_t *total, uint64_t *totalFree) {
    KFAULT("GetDiskFreeSpaceExW", 0);
    sess s;
    if (sess_open(&s) != SD_S_OK) { t_last_error = SD_ERROR_FILE_NOT_FOUND; return 0; }
    int vi = kvolume(s.m, dir, 1);
    int32_t ok = 0;
    if (vi < 0) t_last_error = SD_ERROR_PATH_NOT_FOUND;
    else {
        const sim_volume *v = &s.m->vols[vi];
        int64_t used = volume_used_bytes(s.m, s.root, &s.st, vi);
        uint64_t fr = (uint64_t)(v->capacity - used);
        if (freeToCaller) *freeToCaller = fr;
        if (total) *total = (uint64_t)v->capacity;
        if (totalFree) *totalFree = fr;
        ok = 1;
        t_last_error = 0;
    }
    sess_close(&s);
    return ok;
}
SD_API uint32_t SD_EXPORT(GetDriveTypeW)(const WCH *root) {
    KFAULT("GetDriveTypeW", 0);
    sim_machine *m = machine_get(NULL);
    if (!m) return 1;
    int vi = kvolume(m, root, 0);
    uint32_t t = vi < 0 ? 1u /* DRIVE_NO_ROOT_DIR */ : (uint32_t)m->vols[vi].driveType;
    machine_unref(m);
    return t;
}

/* ---- sim-only ---- */
static int32_t put_path_out(const char *path, WCH *buf, uint32_t cch) {
    char *n = native_path(path);
    int ok = put_w(n, buf, cch);
    free(n);
    return ok ? SD_S_OK : SD_HR_INSUFFICIENT_BUFFER;
}
/* appends a Windows-style relative path ("Users\ana") to a folder */
static char *append_rel(const char *base, const char *rest) {
    if (!rest || !*rest) return xstrdup(base);
    char *r = xstrdup(rest);
    for (char *p = r; *p; p++) if (*p == '\\') *p = '/';
    size_t n = strlen(r);
    while (n && r[n - 1] == '/') r[--n] = 0;
    char *out = n ? path_join(base, r) : xstrdup(base);
    free(r);
    return out;
}
/* folder + relative rest, put out as a native path */
static int32_t put_rel_path_out(const char *folder, const char *rest, WCH *buf, uint32_t cch) {
    char *full = append_rel(folder, rest);
    int32_t hr = put_path_out(full, buf, cch);
    free(full);
    return hr;
}
SD_API int32_t SD_EXPORT(ShadowDeskSimSetRoot)(const WCH *root) {
    glock();
    free(g_root_override);
    g_root_override = NULL;
    if (root && root[0]) g_root_override = normalize_root(utf16_to_utf8(root));
    machine_drop_cache();
    gunlock();
    return SD_S_OK;
}
SD_API int32_t SD_EXPORT(ShadowDeskSimGetRoot)(WCH *buf, uint32_t cch) {
    glock();
    char *r = current_root();
    gunlock();
    int32_t hr = put_path_out(r, buf, cch);
    free(r);
    return hr;
}
SD_API int32_t SD_EXPORT(ShadowDeskSimDeviceFolder)(const WCH *device, WCH *buf, uint32_t cch) {
    if (!device) return SD_E_INVALIDARG;
    char *name = utf16_to_utf8(device);
    const char *p = name;
    if (startswith_ci(p, "\\\\?\\GLOBALROOT") || startswith_ci(p, "\\\\.\\GLOBALROOT")) p += 14;
    int32_t hr = VSSE_OBJECT_NOT_FOUND;
    if (startswith_ci(p, "\\Device\\HarddiskVolumeShadowCopy")) {
        p += 32;
        char *end;
        unsigned long dev = strtoul(p, &end, 10);
        if (end != p && (*end == 0 || *end == '\\' || *end == '/')) {
            sess s;
            hr = sess_open(&s);
            if (!hr) {
                hr = VSSE_OBJECT_NOT_FOUND;
                for (size_t k = 0; k < s.st.nsnaps; k++) {
                    if (s.st.snaps[k].dev != dev) continue;
                    char *d = shadow_dir(s.root, (uint32_t)dev);
                    hr = put_rel_path_out(d, *end ? end + 1 : "", buf, cch);
                    free(d);
                    break;
                }
                sess_close(&s);
            }
        }
    }
    free(name);
    return hr;
}
SD_API int32_t SD_EXPORT(ShadowDeskSimVolumeFolder)(const WCH *volume, WCH *buf, uint32_t cch) {
    if (!volume) return SD_E_INVALIDARG;
    char *root = NULL;
    sim_machine *m = machine_get(&root);
    if (!m) return VSSE_UNEXPECTED;
    char *name = utf16_to_utf8(volume);
    const char *rest = "";
    int vi = machine_find_volume_ex(m, name, 1, &rest);
    int32_t hr;
    if (vi == -2) hr = SD_E_INVALIDARG;
    else if (vi < 0) hr = VSSE_OBJECT_NOT_FOUND;
    else {
        char *d = live_dir(root, m->vols[vi].letter);
        fs_mkdirs(d);
        hr = put_rel_path_out(d, rest, buf, cch);
        free(d);
    }
    free(name);
    free(root);
    machine_unref(m);
    return hr;
}
SD_API int32_t SD_EXPORT(ShadowDeskSimSetClock)(int64_t filetime) {
    atomic_store(&g_sim_clock, filetime);
    return SD_S_OK;
}
SD_API int32_t SD_EXPORT(ShadowDeskSimInjectFault)(const WCH *method, int32_t hresult, uint32_t count) {
    if (!method || !method[0]) return SD_E_INVALIDARG;
    char *name = utf16_to_utf8(method);
    glock();
    if (count == 0) {
        for (size_t k = 0; k < g_nmem_faults;) {
            if (streq_ci(g_mem_faults[k].method, name)) { free(g_mem_faults[k].method); g_mem_faults[k] = g_mem_faults[--g_nmem_faults]; }
            else k++;
        }
        free(name);
    } else {
        g_mem_faults = xrealloc(g_mem_faults, (g_nmem_faults + 1) * sizeof *g_mem_faults);
        g_mem_faults[g_nmem_faults].method = name;
        g_mem_faults[g_nmem_faults].hr = hresult;
        g_mem_faults[g_nmem_faults].count = count == 0xFFFFFFFFu ? -1 : (int64_t)count;
        g_nmem_faults++;
    }
    gunlock();
    return SD_S_OK;
}
SD_API int32_t SD_EXPORT(ShadowDeskSimRestartWriters)(void) {
    sess s;
    int32_t hr = sess_open(&s);
    if (hr) return hr;
    if (s.st.nwr) { s.st.nwr = 0; s.st.dirty = 1; }
    sess_close(&s);
    return SD_S_OK;
}

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
