<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
    <context>
        <name>CrmFields</name>
        <message>
            <location filename="../../desktop/ui/settings_crm.py" line="+46" />
            <source>Local address book</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location line="+1" />
            <source>HTTP JSON lookup</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location line="+1" />
            <source>Database file</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location line="+1" />
            <source>Default region</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location line="+1" />
            <source>retailCRM address</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location line="+1" />
            <source>API key</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location line="+1" />
            <source>Store code (site)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location line="+1" />
            <source>Timeout, s</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location line="+1" />
            <source>PUSH address</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location line="+1" />
            <source>Company ID</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location line="+1" />
            <source>Encoding</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location line="+1" />
            <source>Inbound webhook URL</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location line="+1" />
            <source>Create leads for unknown numbers</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location line="+1" />
            <source>Account address</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location line="+1" />
            <source>Long-lived token</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location line="+1" />
            <source>Lookup URL</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location line="+1" />
            <source>Path to results</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location line="+1" />
            <source>Open-customer URL</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location line="+1" />
            <source>Create-customer URL</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location line="+1" />
            <source>Auth header name</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location line="+1" />
            <source>Auth header value</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>CrmTab</name>
        <message>
            <location line="+106" />
            <source>Ringside looks up every caller here and opens their card in this CRM.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location line="+17" />
            <source>CRM:</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>DialHotkey</name>
        <message>
            <location filename="../../desktop/hotkey.py" line="+56" />
            <source>The global hotkey is only available on Linux with X11.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location line="+5" />
            <source>Wayland does not let applications grab global shortcuts. Use “Dial selection” in the tray menu, or bind a desktop shortcut to it.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location line="+6" />
            <source>This is not an X11 session, so there is no global hotkey.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location line="+50" />
            <source>The python-xlib package is missing, so there is no global hotkey.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location line="+47" />
            <location line="+11" />
            <source>“{shortcut}” is not a key combination.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location line="+14" />
            <source>{shortcut} is already used by another application.</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>DialerWindow</name>
        <message>
            <location filename="../../desktop/ui/dialer.py" line="+47" />
            <source>Dial — Ringside</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location line="+13" />
            <source>Call a number</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location line="+4" />
            <source>Your phone rings first. Pick it up and Ringside connects you to the number.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location line="+8" />
            <source>+7 495 123-45-67 or an extension</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location line="+10" />
            <source>Recent</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location line="+8" />
            <source>Will dial</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location line="+12" />
            <source>Numbers you call appear here.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location line="+10" />
            <source>Close</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location line="+2" />
            <source>Call</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location line="+40" />
            <source>Type a phone number or an extension first.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location line="+5" />
            <source>“{text}” is not a phone number Ringside can dial.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location line="+5" />
            <source>Calling your phone… Pick it up to be connected to {number}.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location line="+7" />
            <source>The call could not be placed: {reason}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location line="+26" />
            <source>not a dialable number</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>HistoryModel</name>
        <message>
            <location filename="../../desktop/ui/history_model.py" line="+61" />
            <source>Time</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location line="+0" />
            <source>Number</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location line="+0" />
            <source>Name</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location line="+1" />
            <source>Outcome</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location line="+0" />
            <source>Duration</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location line="+0" />
            <source>Note</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location line="+3" />
            <source>Answered</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location line="+1" />
            <source>Missed</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location line="+1" />
            <source>Busy</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location line="+1" />
            <source>Failed</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location line="+1" />
            <source>Abandoned</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location line="+1" />
            <source>Answered elsewhere</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location line="+1" />
            <source>Transferred</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location line="+1" />
            <source>Ringing</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location line="+3" />
            <source>Inbound</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location line="+1" />
            <source>Outbound</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location line="+1" />
            <source>Internal</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location line="+61" />
            <source>Unknown number</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location line="+47" />
            <source>Waited {wait}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location line="+3" />
            <source>Via {via}</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>HistoryWindow</name>
        <message>
            <location filename="../../desktop/ui/history.py" line="+65" />
            <source>Call history — Ringside</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location line="+11" />
            <source>Call history</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location line="+31" />
            <source>Search by number or name</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location line="+7" />
            <source>All</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location line="+1" />
            <source>Missed</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location line="+1" />
            <source>Inbound</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location line="+1" />
            <source>Outbound</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location line="+52" />
            <source>Play recording</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location line="+2" />
            <source>Open card</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location line="+2" />
            <source>Call back</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location line="+73" />
            <source>No recording for this call</source>
            <translation type="unfinished" />
        </message>
        <message numerus="yes">
            <location line="+5" />
            <source>%n call(s)</source>
            <translation>
                <numerusform>%n call</numerusform>
                <numerusform>%n calls</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <location line="+0" />
            <source>%n missed</source>
            <translation>
                <numerusform>%n missed</numerusform>
                <numerusform>%n missed</numerusform>
            </translation>
        </message>
        <message>
            <location line="+5" />
            <source>No calls match.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location line="+2" />
            <source>No calls yet. Calls you make and receive appear here.</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>SettingsDialog</name>
        <message>
            <location filename="../../desktop/ui/settings.py" line="+75" />
            <source>Settings — Ringside</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location line="+13" />
            <source>No secure keyring is available on this computer ({backend}). Passwords you enter are kept only in memory until Ringside quits, and you will be asked again next time.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location line="+2" />
            <source>none found</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location line="+11" />
            <source>Connection</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location line="+1" />
            <source>CRM</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location line="+1" />
            <source>Popup</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location line="+1" />
            <source>Presence</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location line="+1" />
            <source>General</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location line="+42" />
            <source>TLS</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location line="+5" />
            <source>Port:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location line="+3" />
            <source>PBX (Asterisk Manager Interface)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location line="+1" />
            <source>Host:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location line="+2" />
            <source>AMI user:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location line="+3" />
            <source>Leave empty to keep the saved secret</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location line="+1" />
            <source>Secret:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location line="+2" />
            <source>Stored in: {backend}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location line="+2" />
            <source>Kept in memory only</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location line="+5" />
            <source>Your phone</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location line="+3" />
            <source>Extension:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location line="+2" />
            <source>Device (endpoint):</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location line="+2" />
            <source>Originate context:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location line="+2" />
            <source>optional, e.g. CRM:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location line="+2" />
            <source>Caller ID prefix:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location line="-52" />
            <location line="+229" />
            <location line="+9" />
            <location line="+11" />
            <location line="+6" />
            <source>Test connection</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location line="-199" />
            <source>The popup appears the moment your phone rings.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location line="+3" />
            <source>Also show it for calls from colleagues (internal calls)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location line="+7" />
            <source> s</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location line="+1" />
            <source>Never</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location line="+2" />
            <source>Close after the call ends:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location line="+2" />
            <source>Top right</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location line="+1" />
            <source>Bottom right</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location line="+1" />
            <source>Top left</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location line="+1" />
            <source>Bottom left</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location line="+5" />
            <source>Position on screen:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location line="+6" />
            <source>How “Do not disturb” is set on the PBX. Ask your PBX admin which one your dialplan uses.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location line="+6" />
            <source>FreePBX DND (AstDB key DND/&lt;extension&gt;; the *76 / *78 feature codes)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location line="+3" />
            <source>Custom device state (Custom:DND&lt;extension&gt;, for hand-written dialplans)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location line="+14" />
            <source>System default</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location line="+2" />
            <source>Language:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location line="+1" />
            <source>A new language applies to windows opened afterwards.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location line="+2" />
            <source>Russia</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location line="+0" />
            <source>Ukraine</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location line="+0" />
            <source>Kazakhstan</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location line="+0" />
            <source>Belarus</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location line="+5" />
            <source>Phone region:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location line="+1" />
            <source>Numbers typed without a country code are read as this country's.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location line="+3" />
            <source>Start Ringside when I log in</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location line="+4" />
            <source>Supervisor tools (recordings of all operators, live listen)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location line="+9" />
            <source>Ringside {version}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location line="+64" />
            <source>Settings were not saved: {reason}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location line="+39" />
            <source>no event loop is running</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location line="+17" />
            <source>Testing…</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>_AdapterForm</name>
        <message>
            <location filename="../../desktop/ui/settings_crm.py" line="-100" />
            <source>This CRM needs no settings.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location line="+34" />
            <source>Leave empty to keep the saved value</source>
            <translation type="unfinished" />
        </message>
    </context>
</TS>
