; NSIS installer for the PyInstaller one-folder build of Tributary (Windows).
; Built by .github/workflows/release.yml:  makensis /DVERSION=x.y.z /DSRCDIR=dist\tributary resources\installer\tributary.nsi
Unicode true
!include "MUI2.nsh"

!ifndef VERSION
  !define VERSION "0.1.0"
!endif
!ifndef SRCDIR
  !define SRCDIR "..\..\dist\tributary"
!endif

Name "Tributary ${VERSION}"
OutFile "..\..\dist\Tributary-${VERSION}-setup.exe"
InstallDir "$PROGRAMFILES64\Tributary"
InstallDirRegKey HKLM "Software\Tributary" "InstallDir"
RequestExecutionLevel admin
SetCompressor /SOLID lzma

!define MUI_ABORTWARNING
!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES

!insertmacro MUI_LANGUAGE "English"
!insertmacro MUI_LANGUAGE "SimpChinese"

LangString DESC_SHORTCUT ${LANG_ENGLISH} "Tributary"
LangString DESC_SHORTCUT ${LANG_SIMPCHINESE} "Tributary 支流"

Function .onInit
  !insertmacro MUI_LANGDLL_DISPLAY
FunctionEnd

Section "Tributary" SecMain
  SetOutPath "$INSTDIR"
  File /r "${SRCDIR}\*.*"
  WriteRegStr HKLM "Software\Tributary" "InstallDir" "$INSTDIR"
  WriteUninstaller "$INSTDIR\Uninstall.exe"
  CreateDirectory "$SMPROGRAMS\Tributary"
  CreateShortcut "$SMPROGRAMS\Tributary\$(DESC_SHORTCUT).lnk" "$INSTDIR\tributary.exe"
  CreateShortcut "$DESKTOP\$(DESC_SHORTCUT).lnk" "$INSTDIR\tributary.exe"
  WriteRegStr HKLM "Software\Microsoft\Windows\CurrentVersion\Uninstall\Tributary" "DisplayName" "Tributary"
  WriteRegStr HKLM "Software\Microsoft\Windows\CurrentVersion\Uninstall\Tributary" "DisplayVersion" "${VERSION}"
  WriteRegStr HKLM "Software\Microsoft\Windows\CurrentVersion\Uninstall\Tributary" "UninstallString" '"$INSTDIR\Uninstall.exe"'
  WriteRegDWORD HKLM "Software\Microsoft\Windows\CurrentVersion\Uninstall\Tributary" "NoModify" 1
SectionEnd

Section "Uninstall"
  Delete "$DESKTOP\$(DESC_SHORTCUT).lnk"
  RMDir /r "$SMPROGRAMS\Tributary"
  RMDir /r "$INSTDIR"
  DeleteRegKey HKLM "Software\Microsoft\Windows\CurrentVersion\Uninstall\Tributary"
  DeleteRegKey HKLM "Software\Tributary"
SectionEnd
