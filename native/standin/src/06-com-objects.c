/* Part of the VSS stand-in: COM object plumbing, vtable layouts, IVssAsync, enumerators.
 * Not a translation unit of its own: vss-standin.c includes every part in order, so internal
 * functions stay static and the library exports only the names VSS and Windows export. */
#ifndef SD_UNITY
#error "compile native/standin/vss-standin.c, which includes this file"
#endif

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

typedef struct sd_IVssSnapshotMgmt2Vtbl {
    IUNKNOWN_SLOTS
    int32_t (*GetMinDiffAreaSize)(void *self, int64_t *pllMinDiffAreaSize);
} sd_IVssSnapshotMgmt2Vtbl;

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
/* The background thread of a delayed operation holds a reference on its async object until it ends.
 * The token (shared by both, not a COM object) says when the thread has given that reference back, so
 * Wait, Cancel and QueryStatus can report a final state only once the thread is out of the way: after
 * that, the caller's Release really frees the object (and the leak counters see it at once). */
typedef struct { atomic_int refs; int done; } async_token;
static void async_token_unref(async_token *t) { if (t && atomic_fetch_sub(&t->refs, 1) == 1) free(t); }
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
    int32_t injectedHr; /* fault injection: the operation fails with this instead of running its work */
    async_token *tok;   /* NULL when the operation ran inside the call */
};
/* With amu held and the status final: waits until the background thread has let go of the object. */
static void async_settle(async_obj *a) {
    while (a->tok && !a->tok->done) acv_wait(-1);
}
/* Runs the operation's work, or ends it with an injected failure. on_cancel is the operation's own
 * undo of what it began (DoSnapshotSet releases the in-progress set), so a failed operation leaves
 * the same state as a cancelled one. */
static int32_t async_run_work(async_obj *a) {
    if (a->injectedHr) {
        if (a->on_cancel) a->on_cancel(a);
        return a->injectedHr;
    }
    return a->work(a);
}
static int32_t async_Cancel(void *self) {
    async_obj *a = self;
    amu_lock();
    if (a->status == AS_PENDING) {
        a->status = AS_CANCELLED;
        acv_broadcast();
        async_settle(a);
        amu_unlock();
        if (a->on_cancel) { glock(); a->on_cancel(a); gunlock(); }
        return SD_S_OK;
    }
    while (a->status == AS_RUNNING) acv_wait(-1);
    async_settle(a);
    int32_t r = a->status == AS_CANCELLED ? VSSS_ASYNC_CANCELLED : VSSS_ASYNC_FINISHED;
    amu_unlock();
    return r;
}
/* IVssAsync::Wait, as Microsoft Learn's page for it (vss.h) describes it: S_OK means "the wait
 * operation was successful. Call IVssAsync::QueryStatus to determine the final status", and "If an
 * operation fails while being waited on, Wait returns the error that operation encountered"; its
 * remarks add "This method can succeed even if the method that returns it failed". So: an operation
 * that fails while this Wait waits for it makes Wait return its error; one that had already ended
 * (failed or not) before Wait was called gives S_OK, and only QueryStatus tells. A requester has to
 * check both, as vshadow's VssClient::WaitAndCheckForAsyncOperation does (vssclient.cpp).
 * A wait that runs out of time returns S_OK with the operation still pending (QueryStatus says
 * VSS_S_ASYNC_PENDING): the page names no timeout code. */
static int32_t async_Wait(void *self, uint32_t ms) {
    async_obj *a = self;
    int64_t until = ms == 0xFFFFFFFFu ? -1 : monotonic_ms() + ms;
    amu_lock();
    int waited = a->status == AS_PENDING || a->status == AS_RUNNING;
    while (a->status == AS_PENDING || a->status == AS_RUNNING) {
        if (until < 0) { acv_wait(-1); continue; }
        int64_t left = until - monotonic_ms();
        if (left <= 0) break;
        acv_wait(left);
    }
    if (a->status == AS_DONE || a->status == AS_CANCELLED) async_settle(a);
    int32_t r = (waited && a->status == AS_DONE && a->hr < 0) ? a->hr : SD_S_OK;
    amu_unlock();
    return r;
}
static int32_t async_QueryStatus(void *self, int32_t *pHr, int32_t *reserved) {
    (void)reserved;
    async_obj *a = self;
    if (!pHr) return SD_E_INVALIDARG;
    amu_lock();
    switch (a->status) {
    case AS_PENDING:
    case AS_RUNNING: *pHr = VSSS_ASYNC_PENDING; break;
    case AS_CANCELLED: async_settle(a); *pHr = VSSS_ASYNC_CANCELLED; break;
    default: async_settle(a); *pHr = a->hr; break;
    }
    amu_unlock();
    return SD_S_OK;
}
static void async_destroy(sd_obj *o) {
    async_obj *a = (async_obj *)o;
    if (a->owner) obj_Release(a->owner);
    async_token_unref(a->tok);
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
        int32_t hr = async_run_work(a);
        gunlock();
        amu_lock();
        a->hr = hr;
        a->status = AS_DONE;
        acv_broadcast();
        amu_unlock();
    }
    async_token *tok = a->tok;
    atomic_fetch_add(&tok->refs, 1);
    obj_Release(a); /* a may be gone after this */
    amu_lock();
    tok->done = 1;
    acv_broadcast();
    amu_unlock();
    async_token_unref(tok);
}
/* Starts an operation: runs it now, or after delayMs (the machine's asyncDelaysMs, or a delay fault)
 * on a background thread. injectedHr != 0 makes the operation end with that failure. */
static async_obj *async_start(sd_obj *owner, async_work_fn work, void (*on_cancel)(async_obj *), uint32_t delayMs, int abortExit,
                              int32_t injectedHr) {
    async_obj *a = obj_new(sizeof *a, &ASYNC_VTBL, &IID_IVssAsync_, async_destroy);
    a->work = work;
    a->on_cancel = on_cancel;
    a->owner = owner;
    a->abortExit = abortExit;
    a->injectedHr = injectedHr;
    if (owner) obj_AddRef(owner);
    if (delayMs) {
        a->status = AS_PENDING;
        a->deadline = monotonic_ms() + delayMs;
        obj_AddRef(a);
        a->tok = xcalloc(1, sizeof *a->tok);
        atomic_store(&a->tok->refs, 1);
        if (thread_spawn(async_thread, a) == 0) return a;
        async_token_unref(a->tok);
        a->tok = NULL;
        obj_Release(a);
    }
    a->hr = async_run_work(a);
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
