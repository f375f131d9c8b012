/* Part of the VSS stand-in: IVssBackupComponents.
 * Not a translation unit of its own: vss-standin.c includes every part in order, so internal
 * functions stay static and the library exports only the names VSS and Windows export. */
#ifndef SD_UNITY
#error "compile native/standin/vss-standin.c, which includes this file"
#endif

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
    int metaGathered;  /* metadata held now (FreeWriterMetadata clears it) */
    int metaCalled;    /* GatherWriterMetadata was called on this object (once only) */
    int metaDone;      /* ... and completed: GatherWriterStatus and a writers DoSnapshotSet need it */
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
/* Writer participation: VSS_CTX_BACKUP, VSS_CTX_APP_ROLLBACK and VSS_CTX_CLIENT_ACCESSIBLE_WRITERS, not
 * the contexts with VSS_VOLSNAP_ATTR_NO_WRITERS (VSS_CTX_FILE_SHARE_BACKUP, VSS_CTX_NAS_ROLLBACK,
 * VSS_CTX_CLIENT_ACCESSIBLE) nor VSS_CTX_ALL (Microsoft Learn, "VSS_SNAPSHOT_CONTEXT enumeration"). */
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
    int delay;                  /* AD_*: which of the machine's asyncDelaysMs the operation takes */
} bc_async_op;
static int32_t bc_start_async(void *self, void **pp, const bc_async_op *op) {
    bc *b = self;
    if (!pp) return SD_E_INVALIDARG;
    *pp = NULL;
    fault_hit fh;
    int32_t fr = fault_point_ex("IVssBackupComponents", op->method, &fh, op->deferAbort, 1);
    if (fr) return fr;
    uint32_t delayMs = 0;
    if (fh.kind == FK_DELAY) {
        delayMs = fh.delayMs;
    } else {
        sim_machine *m = machine_get(NULL);
        if (m) delayMs = m->asyncDelayMs[op->delay];
        machine_unref(m);
    }
    glock();
    int32_t hr = bc_use(b);
    if (!hr && op->ready && !op->ready(b)) hr = VSSE_BAD_STATE;
    if (!hr) {
        if (op->begin) op->begin(b);
        /* a failure fault marked viaAsync (fault_point_ex) becomes the operation's result */
        *pp = async_start(&b->base, op->work, op->on_cancel, delayMs,
                          fh.kind == FK_ABORT ? (fh.exitCode > 0 ? fh.exitCode : 3) : 0,
                          fh.kind == FK_FAIL && fh.viaAsync ? (fh.hr ? fh.hr : SD_E_FAIL) : 0);
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
    b->metaDone = 1;
    sess_close(&s);
    return VSSS_ASYNC_FINISHED;
}
/* Once per object: the GatherWriterMetadata page (Microsoft Learn, vsbackup.h) says it "should be called
 * only once during the lifetime of a given IVssBackupComponents object", and vshadow's
 * VssClient::GatherWriterMetadata (writer.cpp) warns "this call can be performed only once per
 * IVssBackupComponents instance!". A second call gets VSS_E_BAD_STATE, the page's code for "this method
 * has not been called within the correct sequence", even after FreeWriterMetadata. */
static int gather_meta_ready(const bc *b) { return !b->metaCalled; }
static void gather_meta_begin(bc *b) { b->metaCalled = 1; }
static int32_t bc_GatherWriterMetadata(void *self, void **pp) {
    static const bc_async_op op = {"GatherWriterMetadata", gather_meta_ready, gather_meta_begin, work_gather_meta, NULL, 0,
                                   AD_GATHER_METADATA};
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
    b->prepared = 1;
    return VSSS_ASYNC_FINISHED;
}
/* Only in a context with writers. Microsoft Learn's "Shadow Copy Creation Details", on shadow copies
 * without writer participation (VSS_CTX_FILE_SHARE_BACKUP, VSS_CTX_NAS_ROLLBACK): "If requesters call
 * IVssBackupComponents::AddComponent, IVssBackupComponents::PrepareForBackup, or
 * IVssBackupComponents::BackupComplete, an error will be returned." The page names no code; the
 * PrepareForBackup and BackupComplete pages give VSS_E_BAD_STATE for a call "not ... within the correct
 * sequence", and that is what the stand-in returns (also in VSS_CTX_CLIENT_ACCESSIBLE, which carries
 * the same VSS_VOLSNAP_ATTR_NO_WRITERS bit, and in VSS_CTX_ALL). */
static int prepare_ready(const bc *b) { return ctx_writers(b->ctx); }
static int32_t bc_PrepareForBackup(void *self, void **pp) {
    static const bc_async_op op = {"PrepareForBackup", prepare_ready, NULL, work_prepare, NULL, 0, AD_PREPARE_FOR_BACKUP};
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
/* GatherWriterStatus reports on the writers GatherWriterMetadata identified, so it needs a completed
 * GatherWriterMetadata on the same object first: vshadow's VssClient::GatherWriterStatus (writer.cpp)
 * says "WARNING: GatherWriterMetadata must be called before". Otherwise VSS_E_BAD_STATE (the
 * GatherWriterStatus page: "not been called within the correct sequence"). */
static int gather_status_ready(const bc *b) { return b->metaDone; }
static int32_t bc_GatherWriterStatus(void *self, void **pp) {
    static const bc_async_op op = {"GatherWriterStatus", gather_status_ready, NULL, work_gather_status, NULL, 0,
                                   AD_GATHER_STATUS};
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
    (void)a;
    sess s;
    int32_t hr = sess_open(&s);
    if (hr) return hr;
    writers_fail_phase(s.m, &s.st, PH_BACKUP_COMPLETE);
    sess_close(&s);
    return VSSS_ASYNC_FINISHED;
}
/* After a completed DoSnapshotSet, and only with writers (see prepare_ready for the source). */
static int backup_complete_ready(const bc *b) { return ctx_writers(b->ctx) && b->setPhase == SET_DONE; }
static int32_t bc_BackupComplete(void *self, void **pp) {
    static const bc_async_op op = {"BackupComplete", backup_complete_ready, NULL, work_backup_complete, NULL, 0,
                                   AD_BACKUP_COMPLETE};
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
/* With writers, DoSnapshotSet needs GatherWriterMetadata first: "If the shadow copy context supports
 * writer participation and IVssBackupComponents::GatherWriterMetadata is not called prior to
 * IVssBackupComponents::DoSnapshotSet, an error will be returned" (Microsoft Learn, "Shadow Copy Creation
 * Details"); the DoSnapshotSet page's code for it is VSS_E_BAD_STATE ("the prerequisite calls for a
 * given shadow copy context have not been made"). PrepareForBackup is required too (see the README). */
static int do_snapshot_set_ready(const bc *b) {
    if (b->setPhase != SET_STARTED || b->nvols == 0) return 0;
    if (!ctx_writers(b->ctx)) return 1;
    return b->metaDone && b->prepared;
}
static void do_snapshot_set_begin(bc *b) { b->setPhase = SET_CREATING; }
static int32_t bc_DoSnapshotSet(void *self, void **pp) {
    static const bc_async_op op = {"DoSnapshotSet", do_snapshot_set_ready, do_snapshot_set_begin, work_do_snapshot_set,
                                   cancel_do_snapshot_set, 1, AD_DO_SNAPSHOT_SET};
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
