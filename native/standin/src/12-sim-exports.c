/* Part of the VSS stand-in: sim-only exports (root, leak counters, fault injection from tests).
 * Not a translation unit of its own: vss-standin.c includes every part in order, so internal
 * functions stay static and the library exports only the names VSS and Windows export. */
#ifndef SD_UNITY
#error "compile native/standin/vss-standin.c, which includes this file"
#endif

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
/* The process's COMGLB_EXCEPTION_HANDLING setting (what IGlobalOptions::Set stored; 0 =
 * COMGLB_EXCEPTION_HANDLE, COM's default), so a test can prove the requester turned it off. Only
 * that property is simulated: others give E_NOTIMPL, unknown ones E_INVALIDARG. */
SD_API int32_t SD_EXPORT(ShadowDeskSimComGlobalOption)(int32_t property, uint64_t *value) {
    if (!value) return SD_E_POINTER;
    *value = 0;
    if (property < SD_COMGLB_EXCEPTION_HANDLING || property > SD_COMGLB_UNMARSHALING_POLICY) return SD_E_INVALIDARG;
    if (property != SD_COMGLB_EXCEPTION_HANDLING) return SD_E_NOTIMPL;
    *value = (uint64_t)atomic_load(&g_com_exception_handling);
    return SD_S_OK;
}
