; Inno Setup 6 script: the Windows installer of Library Workstation (图书馆业务工作站).
;
; Build the program folder first (on Windows, in the project's virtual environment):
;     python installer\build.py
; then compile this script (Inno Setup 6.2 or later):
;     iscc /DAppVersion=0.1.0 installer\workstation.iss
; The installer is written to build\installer\library-workstation-<version>-setup.exe.
;
; What it does: installs the one-folder program into Program Files, adds a Start-menu folder
; (the program in Chinese, the program in English, the uninstaller) and an optional desktop
; icon, and registers an uninstaller. The database is never installed or removed by it: the
; program creates it on first start in the user's data folder
; (%LOCALAPPDATA%\library-workstation\workstation.sqlite3, with the log in its Logs folder)
; and the uninstaller leaves that folder alone, so a reinstall or an upgrade finds the
; library's records where they were. Desks that use a shared PostgreSQL server keep nothing
; locally but their settings (%APPDATA%\library-workstation\workstation.ini).

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppName "图书馆业务工作站"
#define AppNameEn "Library Workstation"
#define AppPublisher "Library Workstation project"
#define AppExe "workstation.exe"
#define DataFolder "library-workstation"

[Setup]
; The AppId identifies the program to Windows across versions: never change it.
AppId={{EA1A1CBF-A407-4F8C-BD1A-34F059E4BED2}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppPublisher}
DefaultDirName={autopf}\{#AppNameEn}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
; Installed once per computer by the IT staff; a user without admin rights may choose a
; per-user install in the dialog.
PrivilegesRequired=admin
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
LicenseFile=..\workstation\resources\licenses\GPL-3.0.txt
SetupIconFile=..\workstation\resources\icons\workstation.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName} ({#AppNameEn}) {#AppVersion}
OutputDir=..\build\installer
OutputBaseFilename=library-workstation-{#AppVersion}-setup
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
; Close a running copy before files are replaced (the program keeps its data in the database,
; one transaction per action, so closing it loses nothing that was saved).
CloseApplications=yes
RestartApplications=no
; Sign the installer and the uninstaller when a certificate is set up (see installer/README.md):
;   iscc /DSignTool=signtool /Ssigntool="signtool sign /fd SHA256 /tr <timestamp URL> /td SHA256 /a $f" ...
#ifdef SignTool
SignTool={#SignTool}
SignedUninstaller=yes
#endif

[Languages]
; Chinese first when the compiler has the translation (Inno Setup's ChineseSimplified.isl,
; from its translations page, copied into its Languages folder); English otherwise.
#if FileExists(AddBackslash(CompilerPath) + "Languages\ChineseSimplified.isl")
Name: "chinesesimplified"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"
#elif FileExists(AddBackslash(CompilerPath) + "Languages\Unofficial\ChineseSimplified.isl")
Name: "chinesesimplified"; MessagesFile: "compiler:Languages\Unofficial\ChineseSimplified.isl"
#endif
Name: "english"; MessagesFile: "compiler:Default.isl"

[CustomMessages]
english.EnglishShortcut={#AppNameEn} (English)
english.DataKept=The library's database and settings were kept in %1. Delete that folder yourself only if this computer's records are no longer needed (make a backup first: workstation-cli backup).
#if FileExists(AddBackslash(CompilerPath) + "Languages\ChineseSimplified.isl") || FileExists(AddBackslash(CompilerPath) + "Languages\Unofficial\ChineseSimplified.isl")
chinesesimplified.EnglishShortcut={#AppName}（英文界面）
chinesesimplified.DataKept=本机的数据库和设置已保留在 %1。只有在确定不再需要本机记录时，才自行删除该文件夹（删除前请先备份：workstation-cli backup）。
#endif

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[Files]
; The whole folder made by PyInstaller: the program, Python, Qt, the font, the translations,
; the icons, the licence texts and the database migrations.
Source: "..\build\dist\workstation\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"; Comment: "{#AppNameEn}"
Name: "{group}\{cm:EnglishShortcut}"; Filename: "{app}\{#AppExe}"; Parameters: "--lang en"; WorkingDir: "{app}"
Name: "{group}\{cm:UninstallProgram,{#AppName}}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"; Tasks: desktopicon

[Run]
; Prove the installed program runs on this computer (offscreen, temporary database), then offer to start it.
Filename: "{app}\workstation-cli.exe"; Parameters: "--self-test"; StatusMsg: "Self-test…"; Flags: runhidden waituntilterminated
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

; No [UninstallDelete] entry names the data folder: the uninstaller removes only the files it
; installed under {app}, never %LOCALAPPDATA%\library-workstation (database, backups, logs)
; nor %APPDATA%\library-workstation (settings).

[Code]
procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
var
  DataDir: String;
begin
  if CurUninstallStep = usPostUninstall then
  begin
    DataDir := ExpandConstant('{localappdata}\{#DataFolder}');
    if DirExists(DataDir) and not UninstallSilent then
      MsgBox(FmtMessage(CustomMessage('DataKept'), [DataDir]), mbInformation, MB_OK);
  end;
end;
