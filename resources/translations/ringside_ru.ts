<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ru_RU">
    <context>
        <name>CrmFields</name>
        <message>
            <location filename="../../desktop/ui/settings_crm.py" line="+46" />
            <source>Local address book</source>
            <translation>Локальная адресная книга</translation>
        </message>
        <message>
            <location line="+1" />
            <source>HTTP JSON lookup</source>
            <translation>Поиск по HTTP (JSON)</translation>
        </message>
        <message>
            <location line="+1" />
            <source>Database file</source>
            <translation>Файл базы данных</translation>
        </message>
        <message>
            <location line="+1" />
            <source>Default region</source>
            <translation>Регион по умолчанию</translation>
        </message>
        <message>
            <location line="+1" />
            <source>retailCRM address</source>
            <translation>Адрес retailCRM</translation>
        </message>
        <message>
            <location line="+1" />
            <source>API key</source>
            <translation>API-ключ</translation>
        </message>
        <message>
            <location line="+1" />
            <source>Store code (site)</source>
            <translation>Код магазина (site)</translation>
        </message>
        <message>
            <location line="+1" />
            <source>Timeout, s</source>
            <translation>Тайм-аут, с</translation>
        </message>
        <message>
            <location line="+1" />
            <source>PUSH address</source>
            <translation>Адрес PUSH</translation>
        </message>
        <message>
            <location line="+1" />
            <source>Company ID</source>
            <translation>ID компании</translation>
        </message>
        <message>
            <location line="+1" />
            <source>Encoding</source>
            <translation>Кодировка</translation>
        </message>
        <message>
            <location line="+1" />
            <source>Inbound webhook URL</source>
            <translation>URL входящего вебхука</translation>
        </message>
        <message>
            <location line="+1" />
            <source>Create leads for unknown numbers</source>
            <translation>Создавать лиды для неизвестных номеров</translation>
        </message>
        <message>
            <location line="+1" />
            <source>Account address</source>
            <translation>Адрес аккаунта</translation>
        </message>
        <message>
            <location line="+1" />
            <source>Long-lived token</source>
            <translation>Долгосрочный токен</translation>
        </message>
        <message>
            <location line="+1" />
            <source>Lookup URL</source>
            <translation>URL поиска</translation>
        </message>
        <message>
            <location line="+1" />
            <source>Path to results</source>
            <translation>Путь к результатам</translation>
        </message>
        <message>
            <location line="+1" />
            <source>Open-customer URL</source>
            <translation>URL карточки клиента</translation>
        </message>
        <message>
            <location line="+1" />
            <source>Create-customer URL</source>
            <translation>URL создания клиента</translation>
        </message>
        <message>
            <location line="+1" />
            <source>Auth header name</source>
            <translation>Заголовок авторизации</translation>
        </message>
        <message>
            <location line="+1" />
            <source>Auth header value</source>
            <translation>Значение заголовка авторизации</translation>
        </message>
    </context>
    <context>
        <name>CrmTab</name>
        <message>
            <location line="+106" />
            <source>Ringside looks up every caller here and opens their card in this CRM.</source>
            <translation>Ringside ищет каждого звонящего в этой CRM и открывает в ней его карточку.</translation>
        </message>
        <message>
            <location line="+17" />
            <source>CRM:</source>
            <translation>CRM:</translation>
        </message>
    </context>
    <context>
        <name>DialHotkey</name>
        <message>
            <location filename="../../desktop/hotkey.py" line="+56" />
            <source>The global hotkey is only available on Linux with X11.</source>
            <translation>Глобальная горячая клавиша есть только в Linux с X11.</translation>
        </message>
        <message>
            <location line="+5" />
            <source>Wayland does not let applications grab global shortcuts. Use “Dial selection” in the tray menu, or bind a desktop shortcut to it.</source>
            <translation>Wayland не даёт приложениям перехватывать глобальные сочетания клавиш. Используйте «Позвонить по выделенному» в меню значка или назначьте на это действие сочетание в настройках рабочего стола.</translation>
        </message>
        <message>
            <location line="+6" />
            <source>This is not an X11 session, so there is no global hotkey.</source>
            <translation>Сеанс не X11, поэтому глобальной горячей клавиши нет.</translation>
        </message>
        <message>
            <location line="+50" />
            <source>The python-xlib package is missing, so there is no global hotkey.</source>
            <translation>Не установлен пакет python-xlib, поэтому глобальной горячей клавиши нет.</translation>
        </message>
        <message>
            <location line="+47" />
            <location line="+11" />
            <source>“{shortcut}” is not a key combination.</source>
            <translation>«{shortcut}» — не сочетание клавиш.</translation>
        </message>
        <message>
            <location line="+14" />
            <source>{shortcut} is already used by another application.</source>
            <translation>Сочетание {shortcut} уже занято другим приложением.</translation>
        </message>
    </context>
    <context>
        <name>DialerWindow</name>
        <message>
            <location filename="../../desktop/ui/dialer.py" line="+47" />
            <source>Dial — Ringside</source>
            <translation>Набор номера — Ringside</translation>
        </message>
        <message>
            <location line="+13" />
            <source>Call a number</source>
            <translation>Позвонить</translation>
        </message>
        <message>
            <location line="+4" />
            <source>Your phone rings first. Pick it up and Ringside connects you to the number.</source>
            <translation>Сначала зазвонит ваш телефон. Снимите трубку — и Ringside соединит вас с номером.</translation>
        </message>
        <message>
            <location line="+8" />
            <source>+7 495 123-45-67 or an extension</source>
            <translation>+7 495 123-45-67 или внутренний номер</translation>
        </message>
        <message>
            <location line="+10" />
            <source>Recent</source>
            <translation>Недавние</translation>
        </message>
        <message>
            <location line="+8" />
            <source>Will dial</source>
            <translation>Будет набран</translation>
        </message>
        <message>
            <location line="+12" />
            <source>Numbers you call appear here.</source>
            <translation>Здесь появятся номера, на которые вы звонили.</translation>
        </message>
        <message>
            <location line="+10" />
            <source>Close</source>
            <translation>Закрыть</translation>
        </message>
        <message>
            <location line="+2" />
            <source>Call</source>
            <translation>Позвонить</translation>
        </message>
        <message>
            <location line="+40" />
            <source>Type a phone number or an extension first.</source>
            <translation>Сначала введите телефон или внутренний номер.</translation>
        </message>
        <message>
            <location line="+5" />
            <source>“{text}” is not a phone number Ringside can dial.</source>
            <translation>«{text}» — не номер, который Ringside может набрать.</translation>
        </message>
        <message>
            <location line="+5" />
            <source>Calling your phone… Pick it up to be connected to {number}.</source>
            <translation>Звоним на ваш телефон… Снимите трубку, чтобы соединиться с {number}.</translation>
        </message>
        <message>
            <location line="+7" />
            <source>The call could not be placed: {reason}</source>
            <translation>Не удалось позвонить: {reason}</translation>
        </message>
        <message>
            <location line="+26" />
            <source>not a dialable number</source>
            <translation>номер не распознан</translation>
        </message>
    </context>
    <context>
        <name>HistoryModel</name>
        <message>
            <location filename="../../desktop/ui/history_model.py" line="+61" />
            <source>Time</source>
            <translation>Время</translation>
        </message>
        <message>
            <location line="+0" />
            <source>Number</source>
            <translation>Номер</translation>
        </message>
        <message>
            <location line="+0" />
            <source>Name</source>
            <translation>Имя</translation>
        </message>
        <message>
            <location line="+1" />
            <source>Outcome</source>
            <translation>Итог</translation>
        </message>
        <message>
            <location line="+0" />
            <source>Duration</source>
            <translation>Длительность</translation>
        </message>
        <message>
            <location line="+0" />
            <source>Note</source>
            <translation>Заметка</translation>
        </message>
        <message>
            <location line="+3" />
            <source>Answered</source>
            <translation>Отвечен</translation>
        </message>
        <message>
            <location line="+1" />
            <source>Missed</source>
            <translation>Пропущен</translation>
        </message>
        <message>
            <location line="+1" />
            <source>Busy</source>
            <translation>Занято</translation>
        </message>
        <message>
            <location line="+1" />
            <source>Failed</source>
            <translation>Ошибка</translation>
        </message>
        <message>
            <location line="+1" />
            <source>Abandoned</source>
            <translation>Брошен</translation>
        </message>
        <message>
            <location line="+1" />
            <source>Answered elsewhere</source>
            <translation>Отвечен другим</translation>
        </message>
        <message>
            <location line="+1" />
            <source>Transferred</source>
            <translation>Переведён</translation>
        </message>
        <message>
            <location line="+1" />
            <source>Ringing</source>
            <translation>Звонит</translation>
        </message>
        <message>
            <location line="+3" />
            <source>Inbound</source>
            <translation>Входящий</translation>
        </message>
        <message>
            <location line="+1" />
            <source>Outbound</source>
            <translation>Исходящий</translation>
        </message>
        <message>
            <location line="+1" />
            <source>Internal</source>
            <translation>Внутренний</translation>
        </message>
        <message>
            <location line="+61" />
            <source>Unknown number</source>
            <translation>Номер скрыт</translation>
        </message>
        <message>
            <location line="+47" />
            <source>Waited {wait}</source>
            <translation>Ожидание {wait}</translation>
        </message>
        <message>
            <location line="+3" />
            <source>Via {via}</source>
            <translation>Через {via}</translation>
        </message>
    </context>
    <context>
        <name>HistoryWindow</name>
        <message>
            <location filename="../../desktop/ui/history.py" line="+65" />
            <source>Call history — Ringside</source>
            <translation>История звонков — Ringside</translation>
        </message>
        <message>
            <location line="+11" />
            <source>Call history</source>
            <translation>История звонков</translation>
        </message>
        <message>
            <location line="+31" />
            <source>Search by number or name</source>
            <translation>Поиск по номеру или имени</translation>
        </message>
        <message>
            <location line="+7" />
            <source>All</source>
            <translation>Все</translation>
        </message>
        <message>
            <location line="+1" />
            <source>Missed</source>
            <translation>Пропущенные</translation>
        </message>
        <message>
            <location line="+1" />
            <source>Inbound</source>
            <translation>Входящие</translation>
        </message>
        <message>
            <location line="+1" />
            <source>Outbound</source>
            <translation>Исходящие</translation>
        </message>
        <message>
            <location line="+52" />
            <source>Play recording</source>
            <translation>Прослушать запись</translation>
        </message>
        <message>
            <location line="+2" />
            <source>Open card</source>
            <translation>Открыть карточку</translation>
        </message>
        <message>
            <location line="+2" />
            <source>Call back</source>
            <translation>Перезвонить</translation>
        </message>
        <message>
            <location line="+73" />
            <source>No recording for this call</source>
            <translation>У этого звонка нет записи</translation>
        </message>
        <message numerus="yes">
            <location line="+5" />
            <source>%n call(s)</source>
            <translation>
                <numerusform>%n звонок</numerusform>
                <numerusform>%n звонка</numerusform>
                <numerusform>%n звонков</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <location line="+0" />
            <source>%n missed</source>
            <translation>
                <numerusform>%n пропущенный</numerusform>
                <numerusform>%n пропущенных</numerusform>
                <numerusform>%n пропущенных</numerusform>
            </translation>
        </message>
        <message>
            <location line="+5" />
            <source>No calls match.</source>
            <translation>Подходящих звонков нет.</translation>
        </message>
        <message>
            <location line="+2" />
            <source>No calls yet. Calls you make and receive appear here.</source>
            <translation>Звонков пока нет. Здесь появятся ваши входящие и исходящие звонки.</translation>
        </message>
    </context>
    <context>
        <name>SettingsDialog</name>
        <message>
            <location filename="../../desktop/ui/settings.py" line="+75" />
            <source>Settings — Ringside</source>
            <translation>Настройки — Ringside</translation>
        </message>
        <message>
            <location line="+13" />
            <source>No secure keyring is available on this computer ({backend}). Passwords you enter are kept only in memory until Ringside quits, and you will be asked again next time.</source>
            <translation>На этом компьютере нет защищённого хранилища паролей ({backend}). Введённые пароли хранятся только в памяти до выхода из Ringside, при следующем запуске их придётся ввести снова.</translation>
        </message>
        <message>
            <location line="+2" />
            <source>none found</source>
            <translation>не найдено</translation>
        </message>
        <message>
            <location line="+11" />
            <source>Connection</source>
            <translation>Подключение</translation>
        </message>
        <message>
            <location line="+1" />
            <source>CRM</source>
            <translation>CRM</translation>
        </message>
        <message>
            <location line="+1" />
            <source>Popup</source>
            <translation>Всплывающее окно</translation>
        </message>
        <message>
            <location line="+1" />
            <source>Presence</source>
            <translation>Статус</translation>
        </message>
        <message>
            <location line="+1" />
            <source>General</source>
            <translation>Общие</translation>
        </message>
        <message>
            <location line="+42" />
            <source>TLS</source>
            <translation>TLS</translation>
        </message>
        <message>
            <location line="+5" />
            <source>Port:</source>
            <translation>Порт:</translation>
        </message>
        <message>
            <location line="+3" />
            <source>PBX (Asterisk Manager Interface)</source>
            <translation>АТС (Asterisk Manager Interface)</translation>
        </message>
        <message>
            <location line="+1" />
            <source>Host:</source>
            <translation>Сервер:</translation>
        </message>
        <message>
            <location line="+2" />
            <source>AMI user:</source>
            <translation>Пользователь AMI:</translation>
        </message>
        <message>
            <location line="+3" />
            <source>Leave empty to keep the saved secret</source>
            <translation>Оставьте пустым, чтобы не менять сохранённый пароль</translation>
        </message>
        <message>
            <location line="+1" />
            <source>Secret:</source>
            <translation>Пароль:</translation>
        </message>
        <message>
            <location line="+2" />
            <source>Stored in: {backend}</source>
            <translation>Хранится в: {backend}</translation>
        </message>
        <message>
            <location line="+2" />
            <source>Kept in memory only</source>
            <translation>Хранится только в памяти</translation>
        </message>
        <message>
            <location line="+5" />
            <source>Your phone</source>
            <translation>Ваш телефон</translation>
        </message>
        <message>
            <location line="+3" />
            <source>Extension:</source>
            <translation>Внутренний номер:</translation>
        </message>
        <message>
            <location line="+2" />
            <source>Device (endpoint):</source>
            <translation>Устройство (endpoint):</translation>
        </message>
        <message>
            <location line="+2" />
            <source>Originate context:</source>
            <translation>Контекст вызова:</translation>
        </message>
        <message>
            <location line="+2" />
            <source>optional, e.g. CRM:</source>
            <translation>необязательно, например CRM:</translation>
        </message>
        <message>
            <location line="+2" />
            <source>Caller ID prefix:</source>
            <translation>Префикс Caller ID:</translation>
        </message>
        <message>
            <location line="-52" />
            <location line="+229" />
            <location line="+9" />
            <location line="+11" />
            <location line="+6" />
            <source>Test connection</source>
            <translation>Проверить подключение</translation>
        </message>
        <message>
            <location line="-199" />
            <source>The popup appears the moment your phone rings.</source>
            <translation>Окно появляется в момент, когда звонит ваш телефон.</translation>
        </message>
        <message>
            <location line="+3" />
            <source>Also show it for calls from colleagues (internal calls)</source>
            <translation>Показывать и при звонках коллег (внутренние звонки)</translation>
        </message>
        <message>
            <location line="+7" />
            <source> s</source>
            <translation> с</translation>
        </message>
        <message>
            <location line="+1" />
            <source>Never</source>
            <translation>Никогда</translation>
        </message>
        <message>
            <location line="+2" />
            <source>Close after the call ends:</source>
            <translation>Закрывать после звонка через:</translation>
        </message>
        <message>
            <location line="+2" />
            <source>Top right</source>
            <translation>Справа сверху</translation>
        </message>
        <message>
            <location line="+1" />
            <source>Bottom right</source>
            <translation>Справа снизу</translation>
        </message>
        <message>
            <location line="+1" />
            <source>Top left</source>
            <translation>Слева сверху</translation>
        </message>
        <message>
            <location line="+1" />
            <source>Bottom left</source>
            <translation>Слева снизу</translation>
        </message>
        <message>
            <location line="+5" />
            <source>Position on screen:</source>
            <translation>Положение на экране:</translation>
        </message>
        <message>
            <location line="+6" />
            <source>How “Do not disturb” is set on the PBX. Ask your PBX admin which one your dialplan uses.</source>
            <translation>Как на АТС включается режим «Не беспокоить». Уточните у администратора АТС, какой способ использует ваш диалплан.</translation>
        </message>
        <message>
            <location line="+6" />
            <source>FreePBX DND (AstDB key DND/&lt;extension&gt;; the *76 / *78 feature codes)</source>
            <translation>DND FreePBX (ключ AstDB DND/&lt;номер&gt;; коды *76 / *78)</translation>
        </message>
        <message>
            <location line="+3" />
            <source>Custom device state (Custom:DND&lt;extension&gt;, for hand-written dialplans)</source>
            <translation>Собственное состояние устройства (Custom:DND&lt;номер&gt;, для своего диалплана)</translation>
        </message>
        <message>
            <location line="+14" />
            <source>System default</source>
            <translation>Как в системе</translation>
        </message>
        <message>
            <location line="+2" />
            <source>Language:</source>
            <translation>Язык:</translation>
        </message>
        <message>
            <location line="+1" />
            <source>A new language applies to windows opened afterwards.</source>
            <translation>Новый язык применяется к окнам, открытым после изменения.</translation>
        </message>
        <message>
            <location line="+2" />
            <source>Russia</source>
            <translation>Россия</translation>
        </message>
        <message>
            <location line="+0" />
            <source>Ukraine</source>
            <translation>Украина</translation>
        </message>
        <message>
            <location line="+0" />
            <source>Kazakhstan</source>
            <translation>Казахстан</translation>
        </message>
        <message>
            <location line="+0" />
            <source>Belarus</source>
            <translation>Беларусь</translation>
        </message>
        <message>
            <location line="+5" />
            <source>Phone region:</source>
            <translation>Регион номеров:</translation>
        </message>
        <message>
            <location line="+1" />
            <source>Numbers typed without a country code are read as this country's.</source>
            <translation>Номера без кода страны считаются номерами этой страны.</translation>
        </message>
        <message>
            <location line="+3" />
            <source>Start Ringside when I log in</source>
            <translation>Запускать Ringside при входе в систему</translation>
        </message>
        <message>
            <location line="+4" />
            <source>Supervisor tools (recordings of all operators, live listen)</source>
            <translation>Инструменты супервизора (записи всех операторов, прослушивание звонков)</translation>
        </message>
        <message>
            <location line="+9" />
            <source>Ringside {version}</source>
            <translation>Ringside {version}</translation>
        </message>
        <message>
            <location line="+64" />
            <source>Settings were not saved: {reason}</source>
            <translation>Настройки не сохранены: {reason}</translation>
        </message>
        <message>
            <location line="+39" />
            <source>no event loop is running</source>
            <translation>цикл событий не запущен</translation>
        </message>
        <message>
            <location line="+17" />
            <source>Testing…</source>
            <translation>Проверяем…</translation>
        </message>
    </context>
    <context>
        <name>_AdapterForm</name>
        <message>
            <location filename="../../desktop/ui/settings_crm.py" line="-100" />
            <source>This CRM needs no settings.</source>
            <translation>Для этой CRM настройки не нужны.</translation>
        </message>
        <message>
            <location line="+34" />
            <source>Leave empty to keep the saved value</source>
            <translation>Оставьте пустым, чтобы не менять сохранённое значение</translation>
        </message>
    </context>
</TS>
