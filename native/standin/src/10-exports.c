/* Part of the VSS stand-in: flat exports of ole32, oleaut32 and vssapi.
 * Not a translation unit of its own: vss-standin.c includes every part in order, so internal
 * functions stay static and the library exports only the names VSS and Windows export. */
#ifndef SD_UNITY
#error "compile native/standin/vss-standin.c, which includes this file"
#endif

/* ============================================================================================== */
/* 15. Flat exports                                                                               */
/* ============================================================================================== */

/* ---- access: who may use VSS ----
 * "A requester typically needs to run under a user that is a member of either the Administrators group or the
 * Backup Operators group, or run as the Local System account. By default, when a requester is acting as a COM
 * client, if it does not run under these accounts, any COM call is automatically rejected with E_ACCESSDENIED,
 * without even getting to the COM method implementation." (Microsoft Learn, "Security Considerations for
 * Requesters"); CreateVssBackupComponents returns E_ACCESSDENIED when "the caller does not have sufficient backup
 * privileges or is not an administrator" (its SDK page). Under UAC an administrator's unelevated token has the
 * Administrators group for deny only, so an unelevated process is refused the same way.
 * SHADOWDESK_SIM_ELEVATED=0 plays such a process (native/elevation/elevation.ts reports it unelevated): every way
 * into VSS (the backup components factory, CLSID_VssSnapshotMgmt, IsVolumeSnapshotted) gives E_ACCESSDENIED, so no
 * VSS object and no method is reachable. kernel32's volume functions need no such rights and keep working. */
static int sim_access_denied(void) {
    char *v = env_utf8("SHADOWDESK_SIM_ELEVATED");
    int denied = v && !strcmp(v, "0");
    free(v);
    return denied;
}

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
/* ---- CLSID_GlobalOptions / IGlobalOptions ----
 * GUIDs, slots and values from mingw-w64's objidl.h (IGlobalOptionsVtbl: QueryInterface, AddRef,
 * Release, Set, Query; GLOBALOPT_PROPERTIES COMGLB_EXCEPTION_HANDLING = 1 ... COMGLB_UNMARSHALING_POLICY
 * = 5; GLOBALOPT_EH_VALUES COMGLB_EXCEPTION_HANDLE = 0, _DONOT_HANDLE(_FATAL) = 1, _DONOT_HANDLE_ANY =
 * 2). CLSID_GlobalOptions is only declared in cguid.h; its value {0000034B-0000-0000-C000-000000000046}
 * is the one mingw-w64's libuuid.a defines. The requester sets COMGLB_EXCEPTION_HANDLING to
 * COMGLB_EXCEPTION_DONOT_HANDLE, as "Security Considerations for Requesters" asks; the setting is
 * process-wide (one COM runtime per process) and read back by ShadowDeskSimComGlobalOption. */
static const sd_GUID CLSID_GlobalOptions_ = {0x0000034b, 0x0000, 0x0000, {0xC0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x46}};
static const sd_GUID IID_IGlobalOptions_ = {0x0000015b, 0x0000, 0x0000, {0xC0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x46}};
#define SD_CLSCTX_INPROC_SERVER 0x1u
#define SD_COMGLB_EXCEPTION_HANDLING 1
#define SD_COMGLB_UNMARSHALING_POLICY 5
#define SD_COMGLB_EXCEPTION_DONOT_HANDLE_ANY 2
typedef struct sd_IGlobalOptionsVtbl {
    IUNKNOWN_SLOTS
    int32_t (*Set)(void *self, int32_t dwProperty, uintptr_t dwValue);    /* 3 */
    int32_t (*Query)(void *self, int32_t dwProperty, uintptr_t *pdwValue); /* 4 */
} sd_IGlobalOptionsVtbl;
static atomic_uintptr_t g_com_exception_handling; /* COMGLB_EXCEPTION_HANDLE (0) until set */
static int32_t globalopts_Set(void *self, int32_t prop, uintptr_t value) {
    (void)self;
    FAULT("IGlobalOptions", "Set");
    if (prop < SD_COMGLB_EXCEPTION_HANDLING || prop > SD_COMGLB_UNMARSHALING_POLICY) return SD_E_INVALIDARG;
    /* Only the exception-handling property is simulated; the others (AppID, RPC thread pool, RO
     * settings, unmarshaling policy) honestly answer E_NOTIMPL rather than pretend. */
    if (prop != SD_COMGLB_EXCEPTION_HANDLING) return SD_E_NOTIMPL;
    if (value > SD_COMGLB_EXCEPTION_DONOT_HANDLE_ANY) return SD_E_INVALIDARG;
    atomic_store(&g_com_exception_handling, value);
    return SD_S_OK;
}
static int32_t globalopts_Query(void *self, int32_t prop, uintptr_t *value) {
    (void)self;
    FAULT("IGlobalOptions", "Query");
    if (!value) return SD_E_POINTER;
    *value = 0;
    if (prop < SD_COMGLB_EXCEPTION_HANDLING || prop > SD_COMGLB_UNMARSHALING_POLICY) return SD_E_INVALIDARG;
    if (prop != SD_COMGLB_EXCEPTION_HANDLING) return SD_E_NOTIMPL;
    *value = atomic_load(&g_com_exception_handling);
    return SD_S_OK;
}
static const sd_IGlobalOptionsVtbl GLOBALOPTS_VTBL = {IUNKNOWN_IMPL, globalopts_Set, globalopts_Query};
/* CLSID_GlobalOptions is an in-process class of the COM runtime (registered as an InprocServer32
 * only), so a class context without CLSCTX_INPROC_SERVER finds no server for it. */
static int32_t globalopts_create(void *outer, uint32_t clsctx, const sd_GUID *iid, void **ppv) {
    if (outer) return SD_CLASS_E_NOAGGREGATION;
    if (!(clsctx & SD_CLSCTX_INPROC_SERVER)) return SD_REGDB_E_CLASSNOTREG;
    if (!guid_eq(iid, &IID_IGlobalOptions_) && !guid_eq(iid, &IID_IUnknown_)) return SD_E_NOINTERFACE;
    *ppv = obj_new(sizeof(sd_obj), &GLOBALOPTS_VTBL, &IID_IGlobalOptions_, NULL);
    return SD_S_OK;
}

SD_API int32_t SD_EXPORT(CoCreateInstance)(const sd_GUID *clsid, void *outer, uint32_t clsctx, const sd_GUID *iid, void **ppv) {
    if (!ppv) return SD_E_POINTER;
    *ppv = NULL;
    FAULT("ole32", "CoCreateInstance");
    if (!clsid || !iid) return SD_E_INVALIDARG;
    if (!com_ready()) return SD_CO_E_NOTINITIALIZED;
    if (guid_eq(clsid, &CLSID_GlobalOptions_)) return globalopts_create(outer, clsctx, iid, ppv);
    if (!guid_eq(clsid, &CLSID_VssSnapshotMgmt_)) return SD_REGDB_E_CLASSNOTREG;
    if (outer) return SD_CLASS_E_NOAGGREGATION;
    if (sim_access_denied()) return SD_E_ACCESSDENIED; /* the VSS service refuses the activation */
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
    if (sim_access_denied()) return SD_E_ACCESSDENIED;
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
    if (sim_access_denied()) return SD_E_ACCESSDENIED;
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
