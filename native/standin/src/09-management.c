/* Part of the VSS stand-in: IVssSnapshotMgmt, IVssDifferentialSoftwareSnapshotMgmt.
 * Not a translation unit of its own: vss-standin.c includes every part in order, so internal
 * functions stay static and the library exports only the names VSS and Windows export. */
#ifndef SD_UNITY
#error "compile native/standin/vss-standin.c, which includes this file"
#endif

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

/* Shadow storage below the machine's minimum (the MinDiffAreaFileSize registry value, 320 MB by
 * default; IVssSnapshotMgmt2::GetMinDiffAreaSize reports it). Microsoft Learn, AddDiffArea:
 * llMaximumDiffSpace "must be at least 320 MB, up to the system-wide limit". [MS-SCMP] 3.1.4.4.3,
 * ChangeDiffAreaMaximumSize: VSS_E_INSUFFICIENT_STORAGE is "returned if a nonzero size is specified
 * in llMaximumDiffSpace that is smaller than the size required for storing a single shadow copy".
 * Neither page names AddDiffArea's code for a too-small size ([MS-SCMP] 3.1.4.4.2 gives E_INVALIDARG
 * only for 0), so the stand-in returns the same VSS_E_INSUFFICIENT_STORAGE there; the product checks
 * the minimum before calling and words either code the same way. */
static int below_minimum(const sim_machine *m, int64_t max) { return max > 0 && max < m->minDiffArea; }

/* Fault points of the management queries. A faults.json entry with a success HRESULT (S_FALSE) does
 * not cut the call short: the query runs and returns that code with its enumerator, empty or not.
 * Microsoft Learn documents S_OK for these queries and [MS-SCMP] an empty enumerator when nothing
 * matches, but S_FALSE is what IVssBackupComponents::Query returns for "no objects" and every COM
 * caller must treat a success code as success (SUCCEEDED), so the product is proved against it. */
#define FAULT_QUERY(iface, meth)                                 \
    fault_hit fh_;                                               \
    int32_t okhr_ = SD_S_OK;                                     \
    do {                                                         \
        int32_t fr_ = fault_point(iface, meth, &fh_, 0);         \
        if (fr_ < 0) return fr_;                                 \
        okhr_ = fr_;                                             \
    } while (0)
#define QUERY_RESULT(hr) ((hr) ? (hr) : okhr_)

typedef struct { sd_obj base; } diffmgmt_obj;
static int32_t dm_AddDiffArea(void *self, WCH *vol, WCH *diffVol, int64_t max) {
    (void)self;
    FAULT("IVssDifferentialSoftwareSnapshotMgmt", "AddDiffArea");
    sess s;
    int vi = -1, di = -1;
    int32_t hr = sess_open_volume(&s, vol, &vi);
    if (!hr) hr = resolve_volume(s.m, diffVol, &di);
    if (!hr && (max < -1 || max == 0)) hr = SD_E_INVALIDARG;
    if (!hr && below_minimum(s.m, max)) hr = VSSE_INSUFFICIENT_STORAGE;
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
    if (!hr && below_minimum(s.m, max)) hr = VSSE_INSUFFICIENT_STORAGE;
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
                /* shrinking below what is used deletes the oldest copies: at once with full-copy
                 * accounting; with copy-on-write when the state is next loaded, since the call "may
                 * not have an immediate effect" (Microsoft Learn, ChangeDiffAreaMaximumSize) */
                if (s.st.fullCopy) storage_make_room(&s.st, L, max, 0);
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
    FAULT_QUERY("IVssDifferentialSoftwareSnapshotMgmt", "QueryVolumesSupportedForDiffAreas");
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
    return QUERY_RESULT(hr);
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
    FAULT_QUERY("IVssDifferentialSoftwareSnapshotMgmt", "QueryDiffAreasForVolume");
    return QUERY_RESULT(dm_query_areas(vol, 0, pp));
}
static int32_t dm_QueryDiffAreasOnVolume(void *self, WCH *vol, void **pp) {
    (void)self;
    FAULT_QUERY("IVssDifferentialSoftwareSnapshotMgmt", "QueryDiffAreasOnVolume");
    return QUERY_RESULT(dm_query_areas(vol, 1, pp));
}
static int32_t dm_QueryDiffAreasForSnapshot(void *self, sd_GUID id, void **pp) {
    (void)self;
    if (!pp) return SD_E_INVALIDARG;
    *pp = NULL;
    FAULT_QUERY("IVssDifferentialSoftwareSnapshotMgmt", "QueryDiffAreasForSnapshot");
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
    return QUERY_RESULT(hr);
}
static const sd_IVssDifferentialSoftwareSnapshotMgmtVtbl DIFFMGMT_VTBL = {
    IUNKNOWN_IMPL, dm_AddDiffArea, dm_ChangeDiffAreaMaximumSize, dm_QueryVolumesSupportedForDiffAreas,
    dm_QueryDiffAreasForVolume, dm_QueryDiffAreasOnVolume, dm_QueryDiffAreasForSnapshot};

/* The VssSnapshotMgmt object also implements IVssSnapshotMgmt2: "To obtain an instance of the
 * IVssSnapshotMgmt2 interface, call the QueryInterface method of the IVssSnapshotMgmt interface,
 * passing IID_IVssSnapshotMgmt2" (Microsoft Learn, IVssSnapshotMgmt2). A second vtable pointer in the
 * same object, as C++ multiple inheritance lays it out, keeps one identity and one reference count. */
typedef struct { sd_obj base; const void *vtbl2; } snapmgmt_obj;
static const sd_IVssSnapshotMgmt2Vtbl SNAPMGMT2_VTBL;
static snapmgmt_obj *snapmgmt_from2(void *self2) { return (snapmgmt_obj *)((char *)self2 - offsetof(snapmgmt_obj, vtbl2)); }
static int32_t sm_QueryInterface(void *self, const sd_GUID *riid, void **ppv) {
    if (ppv && riid && guid_eq(riid, &IID_IVssSnapshotMgmt2_)) {
        snapmgmt_obj *o = self;
        o->vtbl2 = &SNAPMGMT2_VTBL;
        obj_AddRef(self);
        *ppv = &o->vtbl2;
        return SD_S_OK;
    }
    return obj_QueryInterface(self, riid, ppv);
}
static int32_t sm2_QueryInterface(void *self2, const sd_GUID *riid, void **ppv) { return sm_QueryInterface(snapmgmt_from2(self2), riid, ppv); }
static uint32_t sm2_AddRef(void *self2) { return obj_AddRef(snapmgmt_from2(self2)); }
static uint32_t sm2_Release(void *self2) { return obj_Release(snapmgmt_from2(self2)); }
/* "Returns the current minimum size of the shadow copy storage area" (Microsoft Learn,
 * IVssSnapshotMgmt2::GetMinDiffAreaSize): the per-computer MinDiffAreaFileSize setting. */
static int32_t sm2_GetMinDiffAreaSize(void *self2, int64_t *pllMin) {
    (void)self2;
    if (!pllMin) return SD_E_INVALIDARG;
    *pllMin = 0;
    FAULT("IVssSnapshotMgmt2", "GetMinDiffAreaSize");
    sim_machine *m = machine_get(NULL);
    if (!m) return VSSE_UNEXPECTED;
    *pllMin = m->minDiffArea;
    machine_unref(m);
    return SD_S_OK;
}
static const sd_IVssSnapshotMgmt2Vtbl SNAPMGMT2_VTBL = {sm2_QueryInterface, sm2_AddRef, sm2_Release, sm2_GetMinDiffAreaSize};
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
    FAULT_QUERY("IVssSnapshotMgmt", "QueryVolumesSupportedForSnapshots");
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
    return okhr_;
}
static int32_t sm_QuerySnapshotsByVolume(void *self, WCH *vol, sd_GUID provider, void **pp) {
    (void)self;
    if (!pp) return SD_E_INVALIDARG;
    *pp = NULL;
    FAULT_QUERY("IVssSnapshotMgmt", "QuerySnapshotsByVolume");
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
    return QUERY_RESULT(hr);
}
static const sd_IVssSnapshotMgmtVtbl SNAPMGMT_VTBL = {sm_QueryInterface, obj_AddRef, obj_Release, sm_GetProviderMgmtInterface,
                                                      sm_QueryVolumesSupportedForSnapshots, sm_QuerySnapshotsByVolume};
