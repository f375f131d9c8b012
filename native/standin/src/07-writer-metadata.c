/* Part of the VSS stand-in: writer metadata objects (IVssExamineWriterMetadata, IVssWMComponent, IVssWMFiledesc).
 * Not a translation unit of its own: vss-standin.c includes every part in order, so internal
 * functions stay static and the library exports only the names VSS and Windows export. */
#ifndef SD_UNITY
#error "compile native/standin/vss-standin.c, which includes this file"
#endif

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
