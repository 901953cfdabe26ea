; Inno Setup script for Ringside (Windows). Build on Windows after PyInstaller:
;   pyinstaller --noconfirm packaging\ringside.spec
;   iscc /DAppVersion=0.1.0 packaging\windows\ringside.iss
; Installs per user (no administrator rights) into %LOCALAPPDATA%\Programs\Ringside,
; registers tel:, callto: and sip: links (HKCU\Software\Classes, plus the
; Capabilities entry Windows 10/11 "Default apps" lists) and, optionally, autostart.
; The keys match ringside-url-handlers.reg.template.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif

[Setup]
AppId={{6C0B6D2E-5B7A-4C55-9B0E-6E9A3F1C2A41}
AppName=Ringside
AppVersion={#AppVersion}
AppPublisher=Ringside
AppComments=Caller cards, click-to-call and call history for Asterisk
DefaultDirName={localappdata}\Programs\Ringside
DefaultGroupName=Ringside
PrivilegesRequired=lowest
OutputDir=..\..\dist\installer
OutputBaseFilename=ringside-{#AppVersion}-setup
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
ArchitecturesInstallIn64BitMode=x64compatible
UninstallDisplayIcon={app}\ringside.exe
ChangesAssociations=yes
CloseApplications=yes

[Languages]
Name: "en"; MessagesFile: "compiler:Default.isl"
Name: "ru"; MessagesFile: "compiler:Languages\Russian.isl"

[CustomMessages]
en.LinksTask=Open tel:, callto: and sip: links with Ringside
ru.LinksTask=Открывать ссылки tel:, callto: и sip: в Ringside
en.AutostartTask=Start Ringside when I sign in
ru.AutostartTask=Запускать Ringside при входе в Windows

[Tasks]
Name: "links"; Description: "{cm:LinksTask}"
Name: "autostart"; Description: "{cm:AutostartTask}"

[Files]
Source: "..\..\dist\ringside\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\Ringside"; Filename: "{app}\ringside.exe"
Name: "{group}\{cm:UninstallProgram,Ringside}"; Filename: "{uninstallexe}"

[Registry]
; the URL schemes
Root: HKCU; Subkey: "Software\Classes\tel"; ValueType: string; ValueName: ""; ValueData: "URL:Telephone call (tel)"; Flags: uninsdeletekey; Tasks: links
Root: HKCU; Subkey: "Software\Classes\tel"; ValueType: string; ValueName: "URL Protocol"; ValueData: ""; Tasks: links
Root: HKCU; Subkey: "Software\Classes\tel\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: """{app}\ringside.exe"",0"; Tasks: links
Root: HKCU; Subkey: "Software\Classes\tel\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\ringside.exe"" ""%1"""; Tasks: links
Root: HKCU; Subkey: "Software\Classes\callto"; ValueType: string; ValueName: ""; ValueData: "URL:Telephone call (callto)"; Flags: uninsdeletekey; Tasks: links
Root: HKCU; Subkey: "Software\Classes\callto"; ValueType: string; ValueName: "URL Protocol"; ValueData: ""; Tasks: links
Root: HKCU; Subkey: "Software\Classes\callto\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: """{app}\ringside.exe"",0"; Tasks: links
Root: HKCU; Subkey: "Software\Classes\callto\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\ringside.exe"" ""%1"""; Tasks: links
Root: HKCU; Subkey: "Software\Classes\sip"; ValueType: string; ValueName: ""; ValueData: "URL:SIP call (sip)"; Flags: uninsdeletekey; Tasks: links
Root: HKCU; Subkey: "Software\Classes\sip"; ValueType: string; ValueName: "URL Protocol"; ValueData: ""; Tasks: links
Root: HKCU; Subkey: "Software\Classes\sip\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: """{app}\ringside.exe"",0"; Tasks: links
Root: HKCU; Subkey: "Software\Classes\sip\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\ringside.exe"" ""%1"""; Tasks: links
; Windows 10/11 "Default apps": list Ringside as a handler of the three schemes
Root: HKCU; Subkey: "Software\Classes\Ringside.Url"; ValueType: string; ValueName: ""; ValueData: "Ringside phone link"; Flags: uninsdeletekey
Root: HKCU; Subkey: "Software\Classes\Ringside.Url"; ValueType: string; ValueName: "URL Protocol"; ValueData: ""
Root: HKCU; Subkey: "Software\Classes\Ringside.Url\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: """{app}\ringside.exe"",0"
Root: HKCU; Subkey: "Software\Classes\Ringside.Url\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\ringside.exe"" ""%1"""
Root: HKCU; Subkey: "Software\Ringside\Capabilities"; ValueType: string; ValueName: "ApplicationName"; ValueData: "Ringside"; Flags: uninsdeletekey
Root: HKCU; Subkey: "Software\Ringside\Capabilities"; ValueType: string; ValueName: "ApplicationDescription"; ValueData: "Caller cards, click-to-call and call history for Asterisk"
Root: HKCU; Subkey: "Software\Ringside\Capabilities\URLAssociations"; ValueType: string; ValueName: "tel"; ValueData: "Ringside.Url"
Root: HKCU; Subkey: "Software\Ringside\Capabilities\URLAssociations"; ValueType: string; ValueName: "callto"; ValueData: "Ringside.Url"
Root: HKCU; Subkey: "Software\Ringside\Capabilities\URLAssociations"; ValueType: string; ValueName: "sip"; ValueData: "Ringside.Url"
Root: HKCU; Subkey: "Software\RegisteredApplications"; ValueType: string; ValueName: "Ringside"; ValueData: "Software\Ringside\Capabilities"; Flags: uninsdeletevalue
; autostart
Root: HKCU; Subkey: "Software\Microsoft\Windows\CurrentVersion\Run"; ValueType: string; ValueName: "Ringside"; ValueData: """{app}\ringside.exe"""; Flags: uninsdeletevalue; Tasks: autostart

[Run]
Filename: "{app}\ringside.exe"; Description: "{cm:LaunchProgram,Ringside}"; Flags: nowait postinstall skipifsilent
