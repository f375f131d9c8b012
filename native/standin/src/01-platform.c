/* Part of the VSS stand-in: platform, types, constants, small utilities, exported memory functions and leak counters, threads and locks.
 * Not a translation unit of its own: vss-standin.c includes every part in order, so internal
 * functions stay static and the library exports only the names VSS and Windows export. */
#ifndef SD_UNITY
#error "compile native/standin/vss-standin.c, which includes this file"
#endif

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
#define SD_ERROR_NOT_READY 21u
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
static const sd_GUID IID_IVssSnapshotMgmt2_ = {0x0f61ec39, 0xfe82, 0x45f2, {0xa3, 0xf0, 0x76, 0x8b, 0x5d, 0x42, 0x71, 0x02}};
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
