; Included by electron-builder's NSIS installer (build/electron-builder.config.cjs, nsis.include).
; Adds "ShadowDesk: previous versions" to Explorer's context menu for files, folders and a folder's
; background; it starts ShadowDesk with --previous-versions "<path>", which opens the app (or the
; running one) at the previous versions of that path. SHCTX is HKLM for a per-machine install.

!macro shadowdeskVerb ROOT ARG
  WriteRegStr SHCTX "Software\Classes\${ROOT}\shell\ShadowDesk.PreviousVersions" "" "ShadowDesk: previous versions"
  WriteRegStr SHCTX "Software\Classes\${ROOT}\shell\ShadowDesk.PreviousVersions" "Icon" '"$INSTDIR\${APP_EXECUTABLE_FILENAME}",0'
  WriteRegStr SHCTX "Software\Classes\${ROOT}\shell\ShadowDesk.PreviousVersions\command" "" '"$INSTDIR\${APP_EXECUTABLE_FILENAME}" --previous-versions "${ARG}"'
!macroend

!macro customInstall
  !insertmacro shadowdeskVerb "*" "%1"
  !insertmacro shadowdeskVerb "Directory" "%1"
  !insertmacro shadowdeskVerb "Directory\Background" "%V"
!macroend

!macro customUnInstall
  DeleteRegKey SHCTX "Software\Classes\*\shell\ShadowDesk.PreviousVersions"
  DeleteRegKey SHCTX "Software\Classes\Directory\shell\ShadowDesk.PreviousVersions"
  DeleteRegKey SHCTX "Software\Classes\Directory\Background\shell\ShadowDesk.PreviousVersions"
!macroend
