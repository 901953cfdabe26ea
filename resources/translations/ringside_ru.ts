<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ru_RU">
<context>
    <name></name>
    <message>
        <location filename="../../desktop/app.py" line="+158"/>
        <source>The Ringside server ended this sign-in</source>
        <translation>Сервер Ringside завершил этот вход</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Call failed: {reason}</source>
        <translation>Не удалось позвонить: {reason}</translation>
    </message>
    <message>
        <location line="+53"/>
        <source>Calling {number}: pick up your phone when it rings, then we dial the customer.</source>
        <translation>Звоним на {number}: снимите трубку, когда зазвонит ваш телефон, — затем наберём клиента.</translation>
    </message>
    <message>
        <location line="+92"/>
        <source>Settings saved. Connecting with the new settings…</source>
        <translation>Настройки сохранены. Подключаемся с новыми настройками…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Settings saved.</source>
        <translation>Настройки сохранены.</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Not signed in to the Ringside server: sign in again</source>
        <translation>Вход на сервер Ringside не выполнен: войдите снова</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No AMI secret stored: open Settings and enter it (Ringside never logs in without one)</source>
        <translation>Пароль AMI не сохранён: откройте настройки и введите его (без пароля Ringside не подключается)</translation>
    </message>
</context>
<context>
    <name>CallDetailsDialog</name>
    <message>
        <location filename="../../desktop/ui/call_details.py" line="+82"/>
        <source>When</source>
        <translation>Когда</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Direction</source>
        <translation>Направление</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Caller</source>
        <translation>Абонент</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Via</source>
        <translation>Через</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Outcome</source>
        <translation>Итог</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Waited / talked</source>
        <translation>Ожидание / разговор</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Recording</source>
        <translation>Запись</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Note about this call…</source>
        <translation>Заметка о звонке…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Outcome…</source>
        <translation>Итог…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Save note</source>
        <translation>Сохранить заметку</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Close</source>
        <translation>Закрыть</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Call with {number} — Ringside</source>
        <translation>Звонок с {number} — Ringside</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Not known</source>
        <translation>Неизвестен</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>queue {queue}</source>
        <translation>очередь {queue}</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Yes</source>
        <translation>Есть</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No recording for this call</source>
        <translation>У этого звонка нет записи</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Notes cannot be saved here.</source>
        <translation>Здесь заметки сохранить нельзя.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Note saved.</source>
        <translation>Заметка сохранена.</translation>
    </message>
</context>
<context>
    <name>CallPopup</name>
    <message>
        <location filename="../../desktop/ui/popup.py" line="+285"/>
        <location line="+22"/>
        <source>Dismiss</source>
        <translation>Закрыть</translation>
    </message>
    <message>
        <location line="-21"/>
        <source>Create in CRM</source>
        <translation>Создать в CRM</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add contact</source>
        <translation>Добавить контакт</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This is the caller</source>
        <translation>Это он</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ignore</source>
        <translation>Не он</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hang up</source>
        <translation>Завершить</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Transfer…</source>
        <translation>Перевести…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hold</source>
        <translation>Удержание</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Extension or number</source>
        <translation>Внутренний или телефон</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Blind</source>
        <translation>Сразу</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Send the caller on now</source>
        <translation>Перевести звонящего сразу</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Attended</source>
        <translation>С консультацией</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Talk to the colleague first, then hand over</source>
        <translation>Сначала поговорить с коллегой, потом передать</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Note about this call…</source>
        <translation>Заметка о звонке…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Outcome…</source>
        <translation>Итог звонка…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Save</source>
        <translation>Сохранить</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open in CRM</source>
        <translation>Открыть в CRM</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Call back</source>
        <translation>Перезвонить</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copy</source>
        <translation>Копировать</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copy number</source>
        <translation>Скопировать номер</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Outgoing call — your phone rings first</source>
        <translation>Исходящий — сначала зазвонит ваш телефон</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Incoming call · queue {queue}</source>
        <translation>Входящий звонок · очередь {queue}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Incoming call</source>
        <translation>Входящий звонок</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>queue {queue}</source>
        <translation>очередь {queue}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Hidden number</source>
        <translation>Номер скрыт</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>to {did}</source>
        <translation>на {did}</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Looking up the customer…</source>
        <translation>Ищем клиента…</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Card unavailable</source>
        <translation>Карточка недоступна</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Unknown number</source>
        <translation>Неизвестный номер</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This number is not in the CRM yet.</source>
        <translation>Этого номера пока нет в CRM.</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>{n} customers may match this number: choose or ignore</source>
        <translation>Этому номеру могут соответствовать {n} клиентов: выберите или отклоните</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Possible match: {name}, choose or ignore</source>
        <translation>Возможно, это {name}: подтвердите или отклоните</translation>
    </message>
    <message>
        <location line="+107"/>
        <source>Missed call — left a voicemail</source>
        <translation>Пропущенный звонок — оставлено голосовое сообщение</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>forwarded to {number}</source>
        <translation>переадресован на {number}</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Parked in {space}</source>
        <translation>На парковке {space}</translation>
    </message>
    <message>
        <location line="+81"/>
        <source>Hang up on your phone: this connection cannot.</source>
        <translation>Завершите звонок на телефоне: через это подключение нельзя.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Hanging up…</source>
        <translation>Завершаем…</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Type the extension or number to transfer to.</source>
        <translation>Введите внутренний или телефон, куда перевести.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Transfer on your phone: this connection cannot.</source>
        <translation>Переведите звонок на телефоне: через это подключение нельзя.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Calling {target} first; the caller waits…</source>
        <translation>Сначала звоним {target}, звонящий ждёт…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Transferring to {target}…</source>
        <translation>Переводим на {target}…</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Hold is not supported by your PBX through Ringside: use the Hold key on your phone.</source>
        <translation>Ваша АТС не даёт Ringside ставить на удержание: нажмите «Удержание» на телефоне.</translation>
    </message>
    <message>
        <location line="-173"/>
        <source>Transferred to {ext}</source>
        <translation>Переведён на {ext}</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>In call</source>
        <translation>Разговор</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Answered by {ext}</source>
        <translation>Ответил {ext}</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Call ended — add a note</source>
        <translation>Звонок завершён — добавьте заметку</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Missed call</source>
        <translation>Пропущенный звонок</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rejected</source>
        <translation>Отклонён</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Caller hung up</source>
        <translation>Абонент положил трубку</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Call failed</source>
        <translation>Звонок не состоялся</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Answered elsewhere</source>
        <translation>Ответил другой оператор</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Transferred</source>
        <translation>Переведён</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Call ended</source>
        <translation>Звонок завершён</translation>
    </message>
    <message>
        <location filename="../../desktop/i18n.py" line="+52"/>
        <source>Resolved</source>
        <translation>Вопрос решён</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Callback needed</source>
        <translation>Нужно перезвонить</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sale</source>
        <translation>Продажа</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Complaint</source>
        <translation>Жалоба</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Wrong number</source>
        <translation>Ошиблись номером</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/popup_style.py" line="+137"/>
        <source>Manager: {name}</source>
        <translation>Менеджер: {name}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>ext. {extension}</source>
        <translation>доб. {extension}</translation>
    </message>
</context>
<context>
    <name>CheckList</name>
    <message>
        <location filename="../../desktop/ui/settings_checks.py" line="+57"/>
        <source>Connecting to the PBX…</source>
        <translation>Подключаемся к АТС…</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>PASS</source>
        <translation>OK</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>WARN</source>
        <translation>ВНИМАНИЕ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>FAIL</source>
        <translation>ОШИБКА</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>SKIP</source>
        <translation>ПРОПУЩЕНО</translation>
    </message>
</context>
<context>
    <name>ContactForm</name>
    <message>
        <location filename="../../desktop/ui/contacts.py" line="+50"/>
        <source>Edit contact</source>
        <translation>Изменить контакт</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>New contact</source>
        <translation>Новый контакт</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Name:</source>
        <translation>Имя:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Company:</source>
        <translation>Компания:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Phones:</source>
        <translation>Телефоны:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>E-mail:</source>
        <translation>Эл. почта:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Note:</source>
        <translation>Заметка:</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>A contact needs a name.</source>
        <translation>У контакта должно быть имя.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Add at least one phone number.</source>
        <translation>Добавьте хотя бы один номер телефона.</translation>
    </message>
</context>
<context>
    <name>ContactsWindow</name>
    <message>
        <location line="+25"/>
        <source>Contacts — Ringside</source>
        <translation>Контакты — Ringside</translation>
    </message>
    <message>
        <location line="+9"/>
        <location line="+120"/>
        <source>Contacts</source>
        <translation>Контакты</translation>
    </message>
    <message>
        <location line="-118"/>
        <source>Search by name, company or number</source>
        <translation>Поиск по имени, компании или номеру</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Name</source>
        <translation>Имя</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Company</source>
        <translation>Компания</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Phones</source>
        <translation>Телефоны</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Add…</source>
        <translation>Добавить…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Edit…</source>
        <translation>Изменить…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete</source>
        <translation>Удалить</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Import…</source>
        <translation>Импорт…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>CSV (UTF-8 or Windows-1251, comma or semicolon) or vCard</source>
        <translation>CSV (UTF-8 или Windows-1251, запятая или точка с запятой) или vCard</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>Added {name}.</source>
        <translation>Добавлен контакт {name}.</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Saved {name}.</source>
        <translation>Контакт {name} сохранён.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Delete {name}?</source>
        <translation>Удалить контакт {name}?</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Deleted {name}.</source>
        <translation>Контакт {name} удалён.</translation>
    </message>
    <message>
        <location filename="../../desktop/screenshots.py" line="+352"/>
        <location filename="../../desktop/ui/contacts.py" line="+10"/>
        <source>Imported {n} contacts from {file}.</source>
        <translation>Импортировано контактов из {file}: {n}.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts.py" line="+3"/>
        <source>Skipped {n}: {what}</source>
        <translation>Пропущено {n}: {what}</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Import contacts</source>
        <translation>Импорт контактов</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Contacts (*.csv *.vcf *.vcard);;All files (*)</source>
        <translation>Контакты (*.csv *.vcf *.vcard);;Все файлы (*)</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Your CRM is not the local address book: add contacts in the CRM.</source>
        <translation>Ваша CRM — не локальная адресная книга: добавляйте контакты в CRM.</translation>
    </message>
</context>
<context>
    <name>CrmFields</name>
    <message>
        <location filename="../../desktop/ui/settings_crm.py" line="+46"/>
        <source>Local address book</source>
        <translation>Локальная адресная книга</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>HTTP JSON lookup</source>
        <translation>Поиск по HTTP (JSON)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Database file</source>
        <translation>Файл базы данных</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Default region</source>
        <translation>Регион по умолчанию</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>retailCRM address</source>
        <translation>Адрес retailCRM</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>API key</source>
        <translation>API-ключ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Store code (site)</source>
        <translation>Код магазина (site)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Timeout, s</source>
        <translation>Тайм-аут, с</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>PUSH address</source>
        <translation>Адрес PUSH</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Company ID</source>
        <translation>ID компании</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Encoding</source>
        <translation>Кодировка</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Inbound webhook URL</source>
        <translation>URL входящего вебхука</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Create leads for unknown numbers</source>
        <translation>Создавать лиды для неизвестных номеров</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Account address</source>
        <translation>Адрес аккаунта</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Long-lived token</source>
        <translation>Долгосрочный токен</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Lookup URL</source>
        <translation>URL поиска</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Path to results</source>
        <translation>Путь к результатам</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open-customer URL</source>
        <translation>URL карточки клиента</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Create-customer URL</source>
        <translation>URL создания клиента</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Auth header name</source>
        <translation>Заголовок авторизации</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Auth header value</source>
        <translation>Значение заголовка авторизации</translation>
    </message>
    <message>
        <location filename="../../desktop/i18n.py" line="+45"/>
        <source>Account time zone</source>
        <translation>Часовой пояс аккаунта</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Field names</source>
        <translation>Имена полей</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Empty: addressbook.sqlite3 in Ringside&apos;s data folder.</source>
        <translation>Пусто: addressbook.sqlite3 в папке данных Ringside.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Optional.</source>
        <translation>Необязательно.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>e.g. data.items; empty = root</source>
        <translation>например, data.items; пусто — корень</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>IANA name such as Europe/Moscow; empty: this computer&apos;s zone</source>
        <translation>Имя IANA, например Europe/Moscow; пусто — пояс этого компьютера</translation>
    </message>
</context>
<context>
    <name>CrmTab</name>
    <message>
        <location filename="../../desktop/ui/settings_crm.py" line="+106"/>
        <source>Ringside looks up every caller here and opens their card in this CRM.</source>
        <translation>Ringside ищет каждого звонящего в этой CRM и открывает в ней его карточку.</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>CRM:</source>
        <translation>CRM:</translation>
    </message>
</context>
<context>
    <name>DialHotkey</name>
    <message>
        <location filename="../../desktop/hotkey.py" line="+69"/>
        <source>On macOS the global hotkey is not available. Use “Dial selection” in the menu bar menu, or a keyboard shortcut for it in System Settings → Keyboard.</source>
        <translation>В macOS глобальная клавиша недоступна. Используйте «Набрать выделенное» в меню строки меню или назначьте ему сочетание в Системных настройках → Клавиатура.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Wayland does not let applications grab global shortcuts. Use “Dial selection” in the tray menu, or bind a desktop shortcut to it.</source>
        <translation>Wayland не даёт приложениям перехватывать глобальные сочетания клавиш. Используйте «Набрать выделенное» в меню значка или назначьте на это действие сочетание в настройках рабочего стола.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>This is not an X11 session, so there is no global hotkey.</source>
        <translation>Сеанс не X11, поэтому глобальной горячей клавиши нет.</translation>
    </message>
    <message>
        <location line="+52"/>
        <source>The python-xlib package is missing, so there is no global hotkey.</source>
        <translation>Не установлен пакет python-xlib, поэтому глобальной горячей клавиши нет.</translation>
    </message>
    <message>
        <location line="+63"/>
        <location line="+11"/>
        <location line="+63"/>
        <source>“{shortcut}” is not a key combination.</source>
        <translation>«{shortcut}» — не сочетание клавиш.</translation>
    </message>
    <message>
        <location line="-49"/>
        <source>{shortcut} is already used by another application.</source>
        <translation>Сочетание {shortcut} уже занято другим приложением.</translation>
    </message>
    <message>
        <location line="+61"/>
        <source>“{shortcut}”: use a letter, a digit or F1–F24 with modifiers.</source>
        <translation>«{shortcut}»: используйте букву, цифру или F1–F24 с модификаторами.</translation>
    </message>
    <message>
        <location line="+49"/>
        <source>The key combination is already used by another application.</source>
        <translation>Это сочетание клавиш уже занято другой программой.</translation>
    </message>
</context>
<context>
    <name>DialerWindow</name>
    <message>
        <location filename="../../desktop/ui/dialer.py" line="+57"/>
        <source>Dial — Ringside</source>
        <translation>Набор номера — Ringside</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Call a number</source>
        <translation>Набрать номер</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Your phone rings first. Pick it up and Ringside connects you to the number.</source>
        <translation>Сначала зазвонит ваш телефон. Снимите трубку — и Ringside соединит вас с номером.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>+7 495 123-45-67 or an extension</source>
        <translation>+7 495 123-45-67 или внутренний номер</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Recent</source>
        <translation>Недавние</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Will dial</source>
        <translation>Будет набран</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Numbers you call appear here.</source>
        <translation>Здесь появятся номера, на которые вы звонили.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Close</source>
        <translation>Закрыть</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Call</source>
        <translation>Позвонить</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>Type a phone number or an extension first.</source>
        <translation>Сначала введите телефон или внутренний номер.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>“{text}” is not a phone number Ringside can dial.</source>
        <translation>«{text}» — не номер, который Ringside может набрать.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Calling your phone… Pick it up to be connected to {number}.</source>
        <translation>Звоним на ваш телефон… Снимите трубку, чтобы соединиться с {number}.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The call could not be placed: {reason}</source>
        <translation>Не удалось позвонить: {reason}</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>not a dialable number</source>
        <translation>номер не распознан</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Number: {number}</source>
        <translation>Номер: {number}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Extension or local number, dialled as typed</source>
        <translation>Внутренний или местный номер, набирается как введён</translation>
    </message>
</context>
<context>
    <name>ExtraSettings</name>
    <message>
        <location filename="../../desktop/ui/settings_extra.py" line="+52"/>
        <source>Ringside&apos;s recording gateway runs next to the PBX and lets you search every call and play it through expiring links. Without it you see your own recorded calls only.</source>
        <translation>Шлюз записей Ringside работает рядом с АТС: через него можно найти любой звонок и прослушать запись по временной ссылке. Без шлюза видны только записи ваших собственных звонков.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Gateway URL:</source>
        <translation>Адрес шлюза:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Saved in the system keyring</source>
        <translation>Хранится в системном хранилище паролей</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Access token:</source>
        <translation>Токен доступа:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The token is one of the gateway&apos;s api_tokens; ask your PBX admin.</source>
        <translation>Токен — один из api_tokens шлюза; узнайте его у администратора АТС.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Queue pause</source>
        <translation>Пауза в очереди</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Queue member:</source>
        <translation>Участник очереди:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>all queues</source>
        <translation>все очереди</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Queues:</source>
        <translation>Очереди:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>FreePBX adds operators to queues as Local/&lt;extension&gt;@from-queue/n; leave empty to use your device (PJSIP/101). Queues: comma-separated names, empty for all.</source>
        <translation>FreePBX добавляет операторов в очереди как Local/&lt;номер&gt;@from-queue/n; оставьте пустым, чтобы использовать ваше устройство (PJSIP/101). Очереди: названия через запятую; если пусто — все.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Global hotkey dials the selected number:</source>
        <translation>Горячая клавиша для звонка по выделенному номеру:</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Not available here: {reason}</source>
        <translation>Здесь недоступно: {reason}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Dialling</source>
        <translation>Набор номера</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>none</source>
        <translation>нет</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Outside line prefix:</source>
        <translation>Префикс выхода в город:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>National prefix:</source>
        <translation>Междугородный префикс:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>International prefix:</source>
        <translation>Международный префикс:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The PBX takes numbers as +E.164 (send them unchanged)</source>
        <translation>АТС принимает номера в формате +E.164 (передавать без изменений)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Empty prefixes use the phone region&apos;s own (Russia: 8 and 810). The dialer shows what the PBX will get.</source>
        <translation>Пустые префиксы — как принято в регионе (Россия: 8 и 810). Окно набора показывает, что получит АТС.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Supervisor tools: on (your role on the Ringside server)</source>
        <translation>Инструменты супервизора: включены (ваша роль на сервере Ringside)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Supervisor tools: off (your role on the Ringside server decides)</source>
        <translation>Инструменты супервизора: выключены (решает ваша роль на сервере Ringside)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Supervisor tools: off (your admin turns them on for this profile)</source>
        <translation>Инструменты супервизора: выключены (их включает администратор для этого профиля)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Supervisor tools: allowed by your admin, off until Test connection confirms the AMI user&apos;s rights (originate, list channels)</source>
        <translation>Инструменты супервизора: разрешены администратором, но выключены, пока «Проверить подключение» не подтвердит права пользователя AMI (originate, список каналов)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Supervisor tools: on (allowed by your admin, AMI rights checked)</source>
        <translation>Инструменты супервизора: включены (разрешены администратором, права AMI проверены)</translation>
    </message>
</context>
<context>
    <name>FirstRunWindow</name>
    <message>
        <location filename="../../desktop/ui/firstrun.py" line="+100"/>
        <location line="+19"/>
        <source>Welcome to Ringside</source>
        <translation>Добро пожаловать в Ringside</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Ringside shows who is calling before you answer and calls customers back with one click. How does this computer reach your phone system?</source>
        <translation>Ringside показывает, кто звонит, ещё до ответа, и перезванивает клиентам в один клик. Как этот компьютер связывается с вашей АТС?</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+34"/>
        <source>Connect to a Ringside server</source>
        <translation>Подключиться к серверу Ringside</translation>
    </message>
    <message>
        <location line="-33"/>
        <source>Your company runs a Ringside server: sign in with the user your admin gave you.</source>
        <translation>В вашей компании есть сервер Ringside: войдите под пользователем, которого выдал администратор.</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+52"/>
        <source>Connect to the PBX directly</source>
        <translation>Подключиться к АТС напрямую</translation>
    </message>
    <message>
        <location line="-51"/>
        <source>Asterisk / FreePBX: the PBX address, an AMI user and its secret, your extension.</source>
        <translation>Asterisk / FreePBX: адрес АТС, пользователь AMI и его пароль, ваш внутренний номер.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Try the demo</source>
        <translation>Попробовать демо</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A simulated PBX calls you every few seconds. It has its own settings; nothing here is changed.</source>
        <translation>Имитация АТС звонит вам каждые несколько секунд. У демо свои настройки; ваши не меняются.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Back</source>
        <translation>Назад</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Server URL:</source>
        <translation>Адрес сервера:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>User:</source>
        <translation>Пользователь:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Password:</source>
        <translation>Пароль:</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Connect</source>
        <translation>Подключиться</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Use an AMI user from manager.conf (FreePBX: Settings → Asterisk Manager Users), not your FreePBX web login.</source>
        <translation>Нужен пользователь AMI из manager.conf (FreePBX: Settings → Asterisk Manager Users), а не логин веб-интерфейса FreePBX.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Port:</source>
        <translation>Порт:</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>PBX host:</source>
        <translation>Адрес АТС:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>AMI user:</source>
        <translation>Пользователь AMI:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Secret:</source>
        <translation>Пароль:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Your extension:</source>
        <translation>Ваш внутренний номер:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>at least 8 characters</source>
        <translation>не меньше 8 символов</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>File passphrase:</source>
        <translation>Пароль файла:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The secret is saved in the system keyring.</source>
        <translation>Пароль сохраняется в системном хранилище паролей.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No system keyring here: the secret is saved in an encrypted file, protected by the passphrase you choose.</source>
        <translation>Системного хранилища паролей нет: пароль сохраняется в зашифрованном файле, защищённом выбранным вами паролем.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No system keyring here: the secret is kept only until Ringside quits (or set RINGSIDE_AMI_SECRET).</source>
        <translation>Системного хранилища паролей нет: пароль хранится только до выхода из Ringside (или задайте RINGSIDE_AMI_SECRET).</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Save and connect</source>
        <translation>Сохранить и подключиться</translation>
    </message>
    <message>
        <location line="+57"/>
        <location line="+15"/>
        <location line="+18"/>
        <source>Not saved: {reason}</source>
        <translation>Не сохранено: {reason}</translation>
    </message>
    <message>
        <location line="-5"/>
        <source>Fill in the server URL, the user and the password.</source>
        <translation>Укажите адрес сервера, пользователя и пароль.</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>This version of Ringside cannot connect to a Ringside server yet. Nothing was saved: connect to the PBX directly, or ask your admin for an update.</source>
        <translation>Эта версия Ringside пока не умеет подключаться к серверу Ringside. Ничего не сохранено: подключитесь к АТС напрямую или попросите администратора обновить программу.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Could not sign in: {reason}</source>
        <translation>Не удалось войти: {reason}</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>supervisor</source>
        <translation>супервизор</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>operator</source>
        <translation>оператор</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Signed in as {user}: extension {extension}, {role}.</source>
        <translation>Вход выполнен как {user}: внутренний номер {extension}, {role}.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Sign in to the Ringside server</source>
        <translation>Вход на сервер Ringside</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>You are signed out of the Ringside server: enter your password to keep receiving calls. The server said: {reason}</source>
        <translation>Вы вышли с сервера Ringside: введите пароль, чтобы и дальше получать звонки. Сервер сообщил: {reason}</translation>
    </message>
</context>
<context>
    <name>HistoryModel</name>
    <message>
        <location filename="../../desktop/ui/history_model.py" line="+65"/>
        <source>Time</source>
        <translation>Время</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Number</source>
        <translation>Номер</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Name</source>
        <translation>Имя</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Outcome</source>
        <translation>Итог</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Duration</source>
        <translation>Длительность</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Note</source>
        <translation>Заметка</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Answered</source>
        <translation>Отвечен</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Missed</source>
        <translation>Пропущен</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Busy</source>
        <translation>Занято</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Failed</source>
        <translation>Ошибка</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Abandoned</source>
        <translation>Брошен</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Answered elsewhere</source>
        <translation>Отвечен другим</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Transferred</source>
        <translation>Переведён</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ringing</source>
        <translation>Звонит</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Inbound</source>
        <translation>Входящий</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Outbound</source>
        <translation>Исходящий</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Internal</source>
        <translation>Внутренний</translation>
    </message>
    <message>
        <location line="+89"/>
        <source>Unknown number</source>
        <translation>Номер скрыт</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{outcome} · left a voicemail</source>
        <translation>{outcome} · оставлено голосовое сообщение</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>Waited {wait}</source>
        <translation>Ожидание {wait}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Via {via}</source>
        <translation>Через {via}</translation>
    </message>
</context>
<context>
    <name>HistoryWindow</name>
    <message>
        <location filename="../../desktop/ui/history.py" line="+226"/>
        <source>Call history — Ringside</source>
        <translation>История звонков — Ringside</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Call history</source>
        <translation>История звонков</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Search by number or name</source>
        <translation>Поиск по номеру или имени</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>All</source>
        <translation>Все</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Missed</source>
        <translation>Пропущенные</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Inbound</source>
        <translation>Входящие</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Outbound</source>
        <translation>Исходящие</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Details and note</source>
        <translation>Подробности и заметка</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copy number</source>
        <translation>Копировать номер</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add contact</source>
        <translation>Добавить контакт</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Play recording</source>
        <translation>Прослушать запись</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open card</source>
        <translation>Открыть карточку</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Call back</source>
        <translation>Перезвонить</translation>
    </message>
    <message>
        <location line="+124"/>
        <source>Copied {number}</source>
        <translation>Скопирован {number}</translation>
    </message>
    <message>
        <location line="+55"/>
        <source>No recording for this call</source>
        <translation>У этого звонка нет записи</translation>
    </message>
    <message numerus="yes">
        <location line="+4"/>
        <source>%n call(s)</source>
        <translation>
            <numerusform>%n звонок</numerusform>
            <numerusform>%n звонка</numerusform>
            <numerusform>%n звонков</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+0"/>
        <source>%n missed</source>
        <translation>
            <numerusform>%n пропущенный</numerusform>
            <numerusform>%n пропущенных</numerusform>
            <numerusform>%n пропущенных</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n new above</source>
        <translation>
            <numerusform>%n новый выше</numerusform>
            <numerusform>%n новых выше</numerusform>
            <numerusform>%n новых выше</numerusform>
        </translation>
    </message>
    <message>
        <location line="+5"/>
        <source>No calls match.</source>
        <translation>Подходящих звонков нет.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No calls yet. Calls you make and receive appear here.</source>
        <translation>Звонков пока нет. Здесь появятся ваши входящие и исходящие звонки.</translation>
    </message>
</context>
<context>
    <name>Keyring</name>
    <message>
        <location filename="../../desktop/i18n.py" line="+2"/>
        <location line="+25"/>
        <source>memory only (until Ringside quits)</source>
        <translation>только память (до выхода из Ringside)</translation>
    </message>
    <message>
        <location line="-24"/>
        <source>the system keyring (Secret Service: GNOME Keyring or KWallet)</source>
        <translation>системное хранилище паролей (Secret Service: GNOME Keyring или KWallet)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>KWallet</source>
        <translation>KWallet</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Windows Credential Manager</source>
        <translation>Диспетчер учётных данных Windows</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the macOS Keychain</source>
        <translation>Связка ключей macOS</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>an encrypted file (passphrase)</source>
        <translation>зашифрованный файл (по парольной фразе)</translation>
    </message>
</context>
<context>
    <name>LivePanel</name>
    <message>
        <location filename="../../desktop/ui/live.py" line="+100"/>
        <source>Operator</source>
        <translation>Оператор</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Number</source>
        <translation>Номер</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Queue</source>
        <translation>Очередь</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Duration</source>
        <translation>Длительность</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>State</source>
        <translation>Состояние</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Listen</source>
        <translation>Слушать</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Whisper</source>
        <translation>Суфлёр</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Barge in</source>
        <translation>Вмешаться</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Your phone rings first; answer it to join the call. Whisper: only the operator hears you.</source>
        <translation>Сначала зазвонит ваш телефон — ответьте, чтобы подключиться к разговору. Суфлёр: вас слышит только оператор.</translation>
    </message>
    <message>
        <location line="+50"/>
        <source>No calls in progress.</source>
        <translation>Сейчас нет активных разговоров.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Parked in {space}{lot}, by {ext}</source>
        <translation>На парковке {space}{lot}, припарковал {ext}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Parked in {space}{lot}</source>
        <translation>На парковке {space}{lot}</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Calling your phone to join {operator}&apos;s call…</source>
        <translation>Звоним на ваш телефон, чтобы подключить вас к разговору оператора {operator}…</translation>
    </message>
</context>
<context>
    <name>PlayerWidget</name>
    <message>
        <location filename="../../desktop/ui/player.py" line="+54"/>
        <source>the link</source>
        <translation>ссылка</translation>
    </message>
    <message>
        <location line="+95"/>
        <source>Play / pause (Space)</source>
        <translation>Воспроизвести / пауза (Пробел)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Click to jump there; Left / Right: 5 s</source>
        <translation>Щелчок — перейти сюда; ← / →: 5 с</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Playback speed (Up / Down)</source>
        <translation>Скорость воспроизведения (↑ / ↓)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Volume</source>
        <translation>Громкость</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save as…</source>
        <translation>Сохранить как…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{title} — recording — Ringside</source>
        <translation>{title} — запись — Ringside</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Recording — Ringside</source>
        <translation>Запись — Ringside</translation>
    </message>
    <message>
        <location line="+128"/>
        <source>The recording cannot be played: the file is empty or damaged.</source>
        <translation>Запись не воспроизводится: файл пуст или повреждён.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The recording could not be opened: it is missing, empty, or the link has expired.</source>
        <translation>Не удалось открыть запись: её нет, она пуста или ссылка устарела.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The recording is in a format that cannot be played.</source>
        <translation>Формат записи не поддерживается.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A network error interrupted the recording.</source>
        <translation>Воспроизведение прервано из-за ошибки сети.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Access to the recording was denied; the link may have expired.</source>
        <translation>Нет доступа к записи; возможно, ссылка устарела.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The recording could not be played.</source>
        <translation>Не удалось воспроизвести запись.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Save recording</source>
        <translation>Сохранить запись</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Audio (*.mp3 *.wav);;All files (*)</source>
        <translation>Аудио (*.mp3 *.wav);;Все файлы (*)</translation>
    </message>
</context>
<context>
    <name>PopupStack</name>
    <message>
        <location filename="../../desktop/ui/popup_stack.py" line="+69"/>
        <source>{n} more — open History</source>
        <translation>Ещё {n} — открыть журнал</translation>
    </message>
</context>
<context>
    <name>RecordingsBrowser</name>
    <message>
        <location filename="../../desktop/ui/recordings.py" line="+203"/>
        <location line="+123"/>
        <location line="+20"/>
        <source>No recording for this call</source>
        <translation>У этого звонка нет записи</translation>
    </message>
    <message>
        <location line="-131"/>
        <source>extension</source>
        <translation>внутренний номер</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>last digits</source>
        <translation>последние цифры</translation>
    </message>
    <message>
        <location line="+1"/>
        <source> s</source>
        <translation> с</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Search</source>
        <translation>Найти</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Play</source>
        <translation>Прослушать</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copy link</source>
        <translation>Копировать ссылку</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>any</source>
        <translation>любой</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>From</source>
        <translation>С</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>To</source>
        <translation>По</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Operator</source>
        <translation>Оператор</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Number</source>
        <translation>Номер</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Direction</source>
        <translation>Направление</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Outcome</source>
        <translation>Итог</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Talk at least</source>
        <translation>Разговор не короче</translation>
    </message>
    <message>
        <location line="+70"/>
        <source>Searching…</source>
        <translation>Поиск…</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Gateway unavailable ({error}); showing local history.</source>
        <translation>Шлюз недоступен ({error}); показана локальная история.</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>operator {ext}</source>
        <translation>оператор {ext}</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>A recordings gateway is needed to play or share this recording: set it up in Settings → Recordings.</source>
        <translation>Чтобы слушать записи и делиться ими, нужен шлюз записей: настройте его в «Настройки → Записи».</translation>
    </message>
    <message>
        <location filename="../../desktop/screenshots.py" line="-145"/>
        <location filename="../../desktop/ui/recordings.py" line="-58"/>
        <source>{count} calls found, page {page}</source>
        <translation>Найдено звонков: {count}, страница {page}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/recordings.py" line="+3"/>
        <source>Local history.</source>
        <translation>Локальная история.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{count} calls.</source>
        <translation>Звонков: {count}.</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>Link copied; it expires in a while, share it soon.</source>
        <translation>Ссылка скопирована; она действует ограниченное время — отправьте её поскорее.</translation>
    </message>
    <message>
        <location filename="../../desktop/i18n.py" line="-20"/>
        <source>inbound</source>
        <translation>входящий</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>outbound</source>
        <translation>исходящий</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>internal</source>
        <translation>внутренний</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>answered</source>
        <translation>отвечен</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>missed</source>
        <translation>пропущен</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>busy</source>
        <translation>занято</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>failed</source>
        <translation>ошибка</translation>
    </message>
</context>
<context>
    <name>RecordingsModel</name>
    <message>
        <location line="-21"/>
        <source>Date</source>
        <translation>Дата</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Direction</source>
        <translation>Направление</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Operator</source>
        <translation>Оператор</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Number</source>
        <translation>Номер</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Outcome</source>
        <translation>Итог</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Talk</source>
        <translation>Разговор</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Recording</source>
        <translation>Запись</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Name</source>
        <translation>Имя</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>inbound</source>
        <translation>Входящий</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>outbound</source>
        <translation>Исходящий</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>internal</source>
        <translation>Внутренний</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>answered</source>
        <translation>Отвечен</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>missed</source>
        <translation>Пропущен</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>busy</source>
        <translation>Занято</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>failed</source>
        <translation>Ошибка</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/recordings.py" line="-253"/>
        <source>No recording for this call</source>
        <translation>У этого звонка нет записи</translation>
    </message>
</context>
<context>
    <name>RecordingsWindow</name>
    <message>
        <location filename="../../desktop/i18n.py" line="-22"/>
        <location filename="../../desktop/recordings_glue.py" line="+191"/>
        <location filename="../../desktop/screenshots.py" line="+4"/>
        <source>Recordings</source>
        <translation>Записи разговоров</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../../desktop/recordings_glue.py" line="+2"/>
        <location filename="../../desktop/screenshots.py" line="-55"/>
        <source>Live</source>
        <translation>Текущие звонки</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../../desktop/recordings_glue.py" line="+2"/>
        <source>Showing your own recorded calls from this computer. To search every call, set the recordings gateway URL and token in Settings → Recordings.</source>
        <translation>Показаны записи ваших звонков с этого компьютера. Чтобы искать по всем звонкам, укажите адрес и токен шлюза записей в разделе «Настройки → Записи».</translation>
    </message>
    <message>
        <location filename="../../desktop/recordings_glue.py" line="-72"/>
        <source>No recording for this call</source>
        <translation>У этого звонка нет записи</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>This recording is on the PBX: a recordings gateway is needed to play it here. Set it up in Settings → Recordings.</source>
        <translation>Эта запись хранится на АТС: чтобы слушать её здесь, нужен шлюз записей. Настройте его в «Настройки → Записи».</translation>
    </message>
    <message>
        <location line="+61"/>
        <source>Recordings — Ringside</source>
        <translation>Записи — Ringside</translation>
    </message>
</context>
<context>
    <name>SecretRows</name>
    <message>
        <location filename="../../desktop/ui/settings_secrets.py" line="+46"/>
        <source>This is the demo. Settings are saved in the demo&apos;s own profile ({folder}); your real profile is not touched. To use your PBX, quit the demo and start Ringside again.</source>
        <translation>Это демо. Настройки сохраняются в отдельном профиле демо ({folder}); ваш настоящий профиль не меняется. Чтобы работать с вашей АТС, выйдите из демо и запустите Ringside снова.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>No system keyring on this computer: secrets are kept in an encrypted file protected by a passphrase. Enter the passphrase on the Connection tab.</source>
        <translation>На этом компьютере нет системного хранилища паролей: секреты хранятся в зашифрованном файле под паролем. Введите пароль файла на вкладке «Подключение».</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>No secure keyring is available on this computer ({backend}). Passwords you enter are kept only in memory until Ringside quits, and you will be asked again next time.</source>
        <translation>На этом компьютере нет защищённого хранилища паролей ({backend}). Введённые пароли хранятся только в памяти до выхода из Ringside, при следующем запуске их придётся ввести снова.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>none found</source>
        <translation>не найдено</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>the encrypted file {path}</source>
        <translation>зашифрованный файл {path}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the encrypted secrets file</source>
        <translation>зашифрованный файл секретов</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>memory only, until Ringside quits</source>
        <translation>только в памяти, до выхода из Ringside</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the system keyring ({name})</source>
        <translation>системное хранилище паролей ({name})</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the system keyring</source>
        <translation>системное хранилище паролей</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>No secret stored: type the AMI secret</source>
        <translation>Пароль не сохранён: введите пароль AMI</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Secret: from the environment variable RINGSIDE_AMI_SECRET</source>
        <translation>Пароль: из переменной окружения RINGSIDE_AMI_SECRET</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Secret: saved in {where}</source>
        <translation>Пароль сохранён: {where}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>New secrets are saved in: {where}</source>
        <translation>Новые пароли сохраняются: {where}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>at least 8 characters</source>
        <translation>не меньше 8 символов</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>File passphrase:</source>
        <translation>Пароль файла:</translation>
    </message>
</context>
<context>
    <name>SelectionDialer</name>
    <message>
        <location filename="../../desktop/dial_selection.py" line="+73"/>
        <source>The selected text is not a phone number: check it, then call.</source>
        <translation>Выделенный текст — не номер телефона: проверьте его и позвоните.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Nothing is selected or copied: type the number.</source>
        <translation>Ничего не выделено и не скопировано: введите номер.</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../desktop/ui/settings.py" line="+93"/>
        <source>Settings — Ringside</source>
        <translation>Настройки — Ringside</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Connection</source>
        <translation>Подключение</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>CRM</source>
        <translation>CRM</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Popup</source>
        <translation>Всплывающее окно</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Presence</source>
        <translation>Статус</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>General</source>
        <translation>Общие</translation>
    </message>
    <message>
        <location line="+42"/>
        <source>TLS</source>
        <translation>TLS</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Port:</source>
        <translation>Порт:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>PBX (Asterisk Manager Interface)</source>
        <translation>АТС (Asterisk Manager Interface)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Host:</source>
        <translation>Сервер:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>AMI user:</source>
        <translation>Пользователь AMI:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Leave empty to keep the saved secret</source>
        <translation>Оставьте пустым, чтобы не менять сохранённый пароль</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Secret:</source>
        <translation>Пароль:</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Your phone</source>
        <translation>Ваш телефон</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Extension:</source>
        <translation>Внутренний номер:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Device (endpoint):</source>
        <translation>Устройство (endpoint):</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Originate context:</source>
        <translation>Контекст вызова:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>optional, e.g. CRM:</source>
        <translation>необязательно, например CRM:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Caller ID prefix:</source>
        <translation>Префикс Caller ID:</translation>
    </message>
    <message>
        <location line="+55"/>
        <source>Open windows switch to the new language as soon as you save.</source>
        <translation>Открытые окна перейдут на новый язык, как только вы сохраните.</translation>
    </message>
    <message>
        <location line="-105"/>
        <location line="+221"/>
        <location line="+9"/>
        <location line="+11"/>
        <location line="+6"/>
        <source>Test connection</source>
        <translation>Проверить подключение</translation>
    </message>
    <message>
        <location line="-273"/>
        <source>Recordings</source>
        <translation>Записи</translation>
    </message>
    <message>
        <location line="+80"/>
        <source>The popup appears the moment your phone rings.</source>
        <translation>Окно появляется в момент, когда звонит ваш телефон.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Also show it for calls from colleagues (internal calls)</source>
        <translation>Показывать и при звонках коллег (внутренние звонки)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source> s</source>
        <translation> с</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Never</source>
        <translation>Никогда</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Close after the call ends:</source>
        <translation>Закрывать после звонка через:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Top right</source>
        <translation>Справа сверху</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Bottom right</source>
        <translation>Справа снизу</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Top left</source>
        <translation>Слева сверху</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Bottom left</source>
        <translation>Слева снизу</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Position on screen:</source>
        <translation>Положение на экране:</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>How “Do not disturb” is set on the PBX. Ask your PBX admin which one your dialplan uses.</source>
        <translation>Как на АТС включается режим «Не беспокоить». Уточните у администратора АТС, какой способ использует ваш диалплан.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>FreePBX DND (AstDB key DND/&lt;extension&gt;; the *76 / *78 feature codes)</source>
        <translation>DND FreePBX (ключ AstDB DND/&lt;номер&gt;; коды *76 / *78)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Custom device state (Custom:DND&lt;extension&gt;, for hand-written dialplans)</source>
        <translation>Собственное состояние устройства (Custom:DND&lt;номер&gt;, для своего диалплана)</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>System default</source>
        <translation>Как в системе</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Language:</source>
        <translation>Язык:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Russia</source>
        <translation>Россия</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Ukraine</source>
        <translation>Украина</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Kazakhstan</source>
        <translation>Казахстан</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Belarus</source>
        <translation>Беларусь</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Phone region:</source>
        <translation>Регион номеров:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Numbers typed without a country code are read as this country&apos;s.</source>
        <translation>Номера без кода страны считаются номерами этой страны.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Start Ringside when I log in</source>
        <translation>Запускать Ringside при входе в систему</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Ringside {version}</source>
        <translation>Ringside {version}</translation>
    </message>
    <message>
        <location line="+64"/>
        <source>Settings were not saved: {reason}</source>
        <translation>Настройки не сохранены: {reason}</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>no event loop is running</source>
        <translation>цикл событий не запущен</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Testing…</source>
        <translation>Проверяем…</translation>
    </message>
</context>
<context>
    <name>Tray</name>
    <message>
        <location filename="../../desktop/tray.py" line="+118"/>
        <location line="+237"/>
        <source>Extension {ext}</source>
        <translation>Внутренний номер {ext}</translation>
    </message>
    <message>
        <location filename="../../desktop/i18n.py" line="-9"/>
        <location filename="../../desktop/tray.py" line="-233"/>
        <location line="+69"/>
        <location line="+60"/>
        <source>Do not disturb</source>
        <translation>Не беспокоить</translation>
    </message>
    <message>
        <location filename="../../desktop/tray.py" line="-139"/>
        <source>PBX unreachable since {time}, retrying</source>
        <translation>АТС недоступна с {time}, повторяем попытки</translation>
    </message>
    <message>
        <location line="+8"/>
        <location line="+237"/>
        <source>Ringside server {host}</source>
        <translation>Сервер Ringside {host}</translation>
    </message>
    <message>
        <location line="-233"/>
        <location line="+235"/>
        <source>Paused: {reason}</source>
        <translation>Пауза: {reason}</translation>
    </message>
    <message>
        <location line="-233"/>
        <location line="+237"/>
        <source>{n} missed</source>
        <translation>Пропущено: {n}</translation>
    </message>
    <message>
        <location line="-181"/>
        <location line="+138"/>
        <source>Dial…</source>
        <translation>Набрать номер…</translation>
    </message>
    <message>
        <location line="-136"/>
        <location line="+139"/>
        <source>Dial selection / clipboard</source>
        <translation>Набрать выделенное / из буфера</translation>
    </message>
    <message>
        <location line="-138"/>
        <source>History ({n} missed)</source>
        <translation>История (пропущено: {n})</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+73"/>
        <source>History</source>
        <translation>История</translation>
    </message>
    <message>
        <location line="-70"/>
        <source>Contacts</source>
        <translation>Контакты</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+137"/>
        <source>Recordings</source>
        <translation>Записи</translation>
    </message>
    <message>
        <location line="-131"/>
        <location line="+58"/>
        <source>Pause in queue</source>
        <translation>Пауза в очереди</translation>
    </message>
    <message>
        <location line="-56"/>
        <location line="+134"/>
        <source>Settings</source>
        <translation>Настройки</translation>
    </message>
    <message>
        <location line="-133"/>
        <location line="+135"/>
        <source>Quit</source>
        <translation>Выход</translation>
    </message>
    <message>
        <location line="-129"/>
        <source>Resume queue calls</source>
        <translation>Снять паузу</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Other…</source>
        <translation>Другое…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Pause reason</source>
        <translation>Причина паузы</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Reason:</source>
        <translation>Причина:</translation>
    </message>
    <message>
        <location line="+65"/>
        <source>There is no tray icon on this desktop. Quit Ringside, or keep it running (popups keep coming; the panel stays in the task bar)?</source>
        <translation>На этом рабочем столе нет значка в трее. Выйти из Ringside или оставить его работать (карточки звонков будут появляться, панель останется на панели задач)?</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Quit Ringside</source>
        <translation>Выйти из Ringside</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Keep running</source>
        <translation>Оставить работать</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>Dial selection</source>
        <translation>Набрать выделенное</translation>
    </message>
    <message>
        <location filename="../../desktop/i18n.py" line="-5"/>
        <source>Disconnected</source>
        <translation>Нет связи с АТС</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Connecting…</source>
        <translation>Подключение…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ready</source>
        <translation>Готов</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ringing</source>
        <translation>Входящий звонок</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>In a call</source>
        <translation>Разговор</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cannot connect</source>
        <translation>Не удаётся подключиться</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Lunch</source>
        <translation>Обед</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Break</source>
        <translation>Перерыв</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Paperwork</source>
        <translation>Работа с документами</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Training</source>
        <translation>Обучение</translation>
    </message>
</context>
<context>
    <name>UnavailablePlayer</name>
    <message>
        <location filename="../../desktop/ui/player.py" line="+52"/>
        <source>Audio playback is unavailable on this computer ({reason}).</source>
        <translation>Воспроизведение звука на этом компьютере недоступно ({reason}).</translation>
    </message>
</context>
<context>
    <name>_AdapterForm</name>
    <message>
        <location filename="../../desktop/ui/settings_crm.py" line="-100"/>
        <source>This CRM needs no settings.</source>
        <translation>Для этой CRM настройки не нужны.</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>Leave empty to keep the saved value</source>
        <translation>Оставьте пустым, чтобы не менять сохранённое значение</translation>
    </message>
</context>
</TS>
