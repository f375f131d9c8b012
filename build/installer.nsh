; Included by electron-builder's NSIS installer (build/electron-builder.config.cjs, nsis.include).
; Adds "ShadowDesk: previous versions" to Explorer's context menu for files, folders and a folder's
; background; it starts ShadowDesk with --previous-versions="<path>" (one argument: Chromium may
; reorder a switch and a separate value in a second launch's command line), which opens the app (or the
; running one) at the previous versions of that path. Registers the shadowdesk:// link scheme the
; same way (electron-builder's NSIS target does not). SHCTX is HKLM for a per-machine install.

; The install folder is fixed: Program Files, whatever /D= or an earlier install's InstallLocation
; said (electron-builder's multiUser.nsh honours both in setInstallModePerAllUsers, which runs in
; .onInit before customInit). Only administrators can write there, which the elevated restart relies on.
!macro customInit
  StrCpy $INSTDIR "$PROGRAMFILES64\${APP_FILENAME}"
!macroend

!macro shadowdeskVerb ROOT ARG
  WriteRegStr SHCTX "Software\Classes\${ROOT}\shell\ShadowDesk.PreviousVersions" "" "ShadowDesk: previous versions"
  WriteRegStr SHCTX "Software\Classes\${ROOT}\shell\ShadowDesk.PreviousVersions" "Icon" '"$INSTDIR\${APP_EXECUTABLE_FILENAME}",0'
  WriteRegStr SHCTX "Software\Classes\${ROOT}\shell\ShadowDesk.PreviousVersions\command" "" '"$INSTDIR\${APP_EXECUTABLE_FILENAME}" --previous-versions="${ARG}"'
!macroend

!macro customInstall
  !insertmacro shadowdeskVerb "*" "%1"
  !insertmacro shadowdeskVerb "Directory" "%1"
  !insertmacro shadowdeskVerb "Directory\Background" "%V"
  WriteRegStr SHCTX "Software\Classes\shadowdesk" "" "URL:ShadowDesk"
  WriteRegStr SHCTX "Software\Classes\shadowdesk" "URL Protocol" ""
  WriteRegStr SHCTX "Software\Classes\shadowdesk\shell\open\command" "" '"$INSTDIR\${APP_EXECUTABLE_FILENAME}" "%1"'
!macroend

!macro customUnInstall
  DeleteRegKey SHCTX "Software\Classes\*\shell\ShadowDesk.PreviousVersions"
  DeleteRegKey SHCTX "Software\Classes\Directory\shell\ShadowDesk.PreviousVersions"
  DeleteRegKey SHCTX "Software\Classes\Directory\Background\shell\ShadowDesk.PreviousVersions"
  DeleteRegKey SHCTX "Software\Classes\shadowdesk"
!macroend
