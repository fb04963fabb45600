; Inno Setup script for Anupalan on Windows (per-machine install, Start-menu entry).
; Build the one-folder app first on a Windows machine:
;     py -3.11 -m venv .venv && .venv\Scripts\pip install -e ".[build]"
;     .venv\Scripts\pyinstaller build_installer.spec
; then compile this script with Inno Setup 6, passing the version from app/__init__.py:
;     iscc /DAppVersion=0.1.0 packaging\windows\anupalan.iss
; The program goes to Program Files (read-only for users); the station's data stays in each user's
; %LOCALAPPDATA%\Anupalan (platformdirs), never in the program folder, so upgrades and uninstalls
; leave it alone.

#define AppName "Anupalan"
#ifndef AppVersion
  #error Pass the version: iscc /DAppVersion=X.Y.Z packaging\windows\anupalan.iss
#endif
#define AppExe "anupalan.exe"

[Setup]
AppId={{6C1F3A7E-0B7D-4C52-9E7F-3A1D5B8C0E41}
AppName={#AppName}
AppVersion={#AppVersion}
AppPublisher=Anupalan
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
PrivilegesRequired=admin
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\..\dist
OutputBaseFilename=anupalan-setup
SetupIconFile=..\..\resources\icons\anupalan.ico
UninstallDisplayIcon={app}\{#AppExe}
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
DisableProgramGroupPage=yes

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Files]
Source: "..\..\dist\anupalan\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#AppExe}"
Name: "{group}\{#AppName} (debug console)"; Filename: "{app}\anupalan-debug.exe"
Name: "{commondesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
