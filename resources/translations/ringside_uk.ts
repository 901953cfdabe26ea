<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="uk_UA">
<context>
    <name></name>
    <message>
        <location filename="../../desktop/app.py" line="+158"/>
        <source>The Ringside server ended this sign-in</source>
        <translation>Сервер Ringside завершив цей вхід</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Call failed: {reason}</source>
        <translation>Не вдалося зателефонувати: {reason}</translation>
    </message>
    <message>
        <location line="+53"/>
        <source>Calling {number}: pick up your phone when it rings, then we dial the customer.</source>
        <translation>Телефонуємо на {number}: зніміть слухавку, коли задзвонить ваш телефон, — потім наберемо клієнта.</translation>
    </message>
    <message>
        <location line="+92"/>
        <source>Settings saved. Connecting with the new settings…</source>
        <translation>Налаштування збережено. Підключаємося з новими налаштуваннями…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Settings saved.</source>
        <translation>Налаштування збережено.</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Not signed in to the Ringside server: sign in again</source>
        <translation>Вхід на сервер Ringside не виконано: увійдіть знову</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No AMI secret stored: open Settings and enter it (Ringside never logs in without one)</source>
        <translation>Пароль AMI не збережено: відкрийте налаштування й введіть його (без пароля Ringside не підключається)</translation>
    </message>
</context>
<context>
    <name>CallDetailsDialog</name>
    <message>
        <location filename="../../desktop/ui/call_details.py" line="+82"/>
        <source>When</source>
        <translation>Коли</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Direction</source>
        <translation>Напрямок</translation>
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
        <translation>Підсумок</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Waited / talked</source>
        <translation>Очікування / розмова</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Recording</source>
        <translation>Запис</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Note about this call…</source>
        <translation>Нотатка про дзвінок…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Outcome…</source>
        <translation>Підсумок дзвінка…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Save note</source>
        <translation>Зберегти нотатку</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Close</source>
        <translation>Закрити</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Call with {number} — Ringside</source>
        <translation>Дзвінок з {number} — Ringside</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Not known</source>
        <translation>Невідомий</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>queue {queue}</source>
        <translation>черга {queue}</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Yes</source>
        <translation>Є</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No recording for this call</source>
        <translation>Цей дзвінок не записано</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Notes cannot be saved here.</source>
        <translation>Тут нотатки зберегти не можна.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Note saved.</source>
        <translation>Нотатку збережено.</translation>
    </message>
</context>
<context>
    <name>CallPopup</name>
    <message>
        <location filename="../../desktop/i18n.py" line="+52"/>
        <source>Resolved</source>
        <translation>Питання вирішено</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Callback needed</source>
        <translation>Треба передзвонити</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sale</source>
        <translation>Продаж</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Complaint</source>
        <translation>Скарга</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Wrong number</source>
        <translation>Помилилися номером</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/popup.py" line="+285"/>
        <location line="+22"/>
        <source>Dismiss</source>
        <translation>Закрити</translation>
    </message>
    <message>
        <location line="-21"/>
        <source>Create in CRM</source>
        <translation>Створити в CRM</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add contact</source>
        <translation>Додати контакт</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This is the caller</source>
        <translation>Це він</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ignore</source>
        <translation>Не він</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hang up</source>
        <translation>Завершити</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Transfer…</source>
        <translation>Переадресувати…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hold</source>
        <translation>Утримання</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Extension or number</source>
        <translation>Внутрішній або телефон</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Blind</source>
        <translation>Одразу</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Send the caller on now</source>
        <translation>Переадресувати абонента одразу</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Attended</source>
        <translation>З консультацією</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Talk to the colleague first, then hand over</source>
        <translation>Спершу поговорити з колегою, потім передати</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Note about this call…</source>
        <translation>Нотатка про дзвінок…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Outcome…</source>
        <translation>Підсумок дзвінка…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Save</source>
        <translation>Зберегти</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open in CRM</source>
        <translation>Відкрити в CRM</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Call back</source>
        <translation>Передзвонити</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copy</source>
        <translation>Копіювати</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copy number</source>
        <translation>Скопіювати номер</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Outgoing call — your phone rings first</source>
        <translation>Вихідний — спершу задзвонить ваш телефон</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Incoming call · queue {queue}</source>
        <translation>Вхідний дзвінок · черга {queue}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Incoming call</source>
        <translation>Вхідний дзвінок</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>queue {queue}</source>
        <translation>черга {queue}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Hidden number</source>
        <translation>Номер приховано</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>to {did}</source>
        <translation>на {did}</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Looking up the customer…</source>
        <translation>Шукаємо клієнта…</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Card unavailable</source>
        <translation>Картка недоступна</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Unknown number</source>
        <translation>Невідомий номер</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This number is not in the CRM yet.</source>
        <translation>Цього номера ще немає в CRM.</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>{n} customers may match this number: choose or ignore</source>
        <translation>Цьому номеру можуть відповідати {n} клієнтів: виберіть або відхиліть</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Possible match: {name}, choose or ignore</source>
        <translation>Можливо, це {name}: підтвердіть або відхиліть</translation>
    </message>
    <message>
        <location line="+62"/>
        <source>Transferred to {ext}</source>
        <translation>Переадресовано на {ext}</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>In call</source>
        <translation>Розмова</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Answered by {ext}</source>
        <translation>Відповів {ext}</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Call ended — add a note</source>
        <translation>Дзвінок завершено — додайте нотатку</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Missed call</source>
        <translation>Пропущений дзвінок</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rejected</source>
        <translation>Відхилено</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Caller hung up</source>
        <translation>Абонент поклав слухавку</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Call failed</source>
        <translation>Дзвінок не відбувся</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Answered elsewhere</source>
        <translation>Відповів інший оператор</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Transferred</source>
        <translation>Переадресовано</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Call ended</source>
        <translation>Дзвінок завершено</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Missed call — left a voicemail</source>
        <translation>Пропущений дзвінок — залишено голосове повідомлення</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>forwarded to {number}</source>
        <translation>переадресовано на {number}</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Parked in {space}</source>
        <translation>На паркуванні {space}</translation>
    </message>
    <message>
        <location line="+81"/>
        <source>Hang up on your phone: this connection cannot.</source>
        <translation>Завершіть дзвінок на телефоні: через це підключення не можна.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Hanging up…</source>
        <translation>Завершуємо…</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Type the extension or number to transfer to.</source>
        <translation>Введіть внутрішній або телефон, куди переадресувати.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Transfer on your phone: this connection cannot.</source>
        <translation>Переадресуйте дзвінок на телефоні: через це підключення не можна.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Calling {target} first; the caller waits…</source>
        <translation>Спершу телефонуємо {target}, абонент чекає…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Transferring to {target}…</source>
        <translation>Переадресовуємо на {target}…</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Hold is not supported by your PBX through Ringside: use the Hold key on your phone.</source>
        <translation>Ваша АТС не дає Ringside ставити на утримання: натисніть «Утримання» на телефоні.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/popup_style.py" line="+137"/>
        <source>Manager: {name}</source>
        <translation>Менеджер: {name}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>ext. {extension}</source>
        <translation>дод. {extension}</translation>
    </message>
</context>
<context>
    <name>CheckList</name>
    <message>
        <location filename="../../desktop/ui/settings_checks.py" line="+57"/>
        <source>Connecting to the PBX…</source>
        <translation>Підключаємося до АТС…</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>PASS</source>
        <translation>OK</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>WARN</source>
        <translation>УВАГА</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>FAIL</source>
        <translation>ПОМИЛКА</translation>
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
        <translation>Змінити контакт</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>New contact</source>
        <translation>Новий контакт</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Name:</source>
        <translation>Ім&apos;я:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Company:</source>
        <translation>Компанія:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Phones:</source>
        <translation>Телефони:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>E-mail:</source>
        <translation>Ел. пошта:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Note:</source>
        <translation>Нотатка:</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>A contact needs a name.</source>
        <translation>Контакт повинен мати ім&apos;я.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Add at least one phone number.</source>
        <translation>Додайте хоча б один номер телефону.</translation>
    </message>
</context>
<context>
    <name>ContactsWindow</name>
    <message>
        <location filename="../../desktop/screenshots.py" line="+352"/>
        <location filename="../../desktop/ui/contacts.py" line="+145"/>
        <source>Imported {n} contacts from {file}.</source>
        <translation>Імпортовано контактів з {file}: {n}.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts.py" line="-120"/>
        <source>Contacts — Ringside</source>
        <translation>Контакти — Ringside</translation>
    </message>
    <message>
        <location line="+9"/>
        <location line="+120"/>
        <source>Contacts</source>
        <translation>Контакти</translation>
    </message>
    <message>
        <location line="-118"/>
        <source>Search by name, company or number</source>
        <translation>Пошук за ім&apos;ям, компанією або номером</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Name</source>
        <translation>Ім&apos;я</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Company</source>
        <translation>Компанія</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Phones</source>
        <translation>Телефони</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Add…</source>
        <translation>Додати…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Edit…</source>
        <translation>Змінити…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete</source>
        <translation>Видалити</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Import…</source>
        <translation>Імпорт…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>CSV (UTF-8 or Windows-1251, comma or semicolon) or vCard</source>
        <translation>CSV (UTF-8 або Windows-1251, кома або крапка з комою) або vCard</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>Added {name}.</source>
        <translation>Додано контакт {name}.</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Saved {name}.</source>
        <translation>Контакт {name} збережено.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Delete {name}?</source>
        <translation>Видалити контакт {name}?</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Deleted {name}.</source>
        <translation>Контакт {name} видалено.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Skipped {n}: {what}</source>
        <translation>Пропущено {n}: {what}</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Import contacts</source>
        <translation>Імпорт контактів</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Contacts (*.csv *.vcf *.vcard);;All files (*)</source>
        <translation>Контакти (*.csv *.vcf *.vcard);;Усі файли (*)</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Your CRM is not the local address book: add contacts in the CRM.</source>
        <translation>Ваша CRM — не локальна адресна книга: додавайте контакти в CRM.</translation>
    </message>
</context>
<context>
    <name>CrmFields</name>
    <message>
        <location filename="../../desktop/i18n.py" line="+45"/>
        <source>Account time zone</source>
        <translation>Часовий пояс акаунта</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Field names</source>
        <translation>Назви полів</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Empty: addressbook.sqlite3 in Ringside&apos;s data folder.</source>
        <translation>Порожньо: addressbook.sqlite3 у теці даних Ringside.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Optional.</source>
        <translation>Необов&apos;язково.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>e.g. data.items; empty = root</source>
        <translation>наприклад, data.items; порожньо — корінь</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>IANA name such as Europe/Moscow; empty: this computer&apos;s zone</source>
        <translation>Назва IANA, наприклад Europe/Kyiv; порожньо — пояс цього комп&apos;ютера</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_crm.py" line="+46"/>
        <source>Local address book</source>
        <translation>Локальна адресна книга</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>HTTP JSON lookup</source>
        <translation>Пошук через HTTP (JSON)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Database file</source>
        <translation>Файл бази даних</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Default region</source>
        <translation>Регіон за замовчуванням</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>retailCRM address</source>
        <translation>Адреса retailCRM</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>API key</source>
        <translation>API-ключ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Store code (site)</source>
        <translation>Код магазину (site)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Timeout, s</source>
        <translation>Тайм-аут, с</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>PUSH address</source>
        <translation>Адреса PUSH</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Company ID</source>
        <translation>ID компанії</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Encoding</source>
        <translation>Кодування</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Inbound webhook URL</source>
        <translation>URL вхідного вебхука</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Create leads for unknown numbers</source>
        <translation>Створювати ліди для невідомих номерів</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Account address</source>
        <translation>Адреса акаунта</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Long-lived token</source>
        <translation>Довгостроковий токен</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Lookup URL</source>
        <translation>URL пошуку</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Path to results</source>
        <translation>Шлях до результатів</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open-customer URL</source>
        <translation>URL картки клієнта</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Create-customer URL</source>
        <translation>URL створення клієнта</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Auth header name</source>
        <translation>Заголовок авторизації</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Auth header value</source>
        <translation>Значення заголовка авторизації</translation>
    </message>
</context>
<context>
    <name>CrmTab</name>
    <message>
        <location line="+106"/>
        <source>Ringside looks up every caller here and opens their card in this CRM.</source>
        <translation>Ringside шукає кожного абонента в цій CRM і відкриває в ній його картку.</translation>
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
        <translation>У macOS глобальна клавіша недоступна. Скористайтеся «Набрати виділене» в меню рядка меню або призначте йому сполучення в Системних параметрах → Клавіатура.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Wayland does not let applications grab global shortcuts. Use “Dial selection” in the tray menu, or bind a desktop shortcut to it.</source>
        <translation>Wayland не дозволяє застосункам перехоплювати глобальні сполучення клавіш. Скористайтеся «Набрати виділене» в меню значка або призначте цій дії сполучення в налаштуваннях робочого столу.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>This is not an X11 session, so there is no global hotkey.</source>
        <translation>Це не сеанс X11, тому глобальної гарячої клавіші немає.</translation>
    </message>
    <message>
        <location line="+52"/>
        <source>The python-xlib package is missing, so there is no global hotkey.</source>
        <translation>Не встановлено пакет python-xlib, тому глобальної гарячої клавіші немає.</translation>
    </message>
    <message>
        <location line="+63"/>
        <location line="+11"/>
        <location line="+63"/>
        <source>“{shortcut}” is not a key combination.</source>
        <translation>«{shortcut}» — не сполучення клавіш.</translation>
    </message>
    <message>
        <location line="-49"/>
        <source>{shortcut} is already used by another application.</source>
        <translation>Сполучення {shortcut} уже зайняте іншим застосунком.</translation>
    </message>
    <message>
        <location line="+61"/>
        <source>“{shortcut}”: use a letter, a digit or F1–F24 with modifiers.</source>
        <translation>«{shortcut}»: використовуйте літеру, цифру або F1–F24 з модифікаторами.</translation>
    </message>
    <message>
        <location line="+49"/>
        <source>The key combination is already used by another application.</source>
        <translation>Це сполучення клавіш уже зайняте іншим застосунком.</translation>
    </message>
</context>
<context>
    <name>DialerWindow</name>
    <message>
        <location filename="../../desktop/ui/dialer.py" line="+57"/>
        <source>Dial — Ringside</source>
        <translation>Набір номера — Ringside</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Call a number</source>
        <translation>Набрати номер</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Your phone rings first. Pick it up and Ringside connects you to the number.</source>
        <translation>Спершу задзвонить ваш телефон. Зніміть слухавку — і Ringside з&apos;єднає вас із номером.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>+7 495 123-45-67 or an extension</source>
        <translation>+380 44 123 45 67 або внутрішній номер</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Recent</source>
        <translation>Нещодавні</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Will dial</source>
        <translation>Набір:</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Numbers you call appear here.</source>
        <translation>Тут з&apos;являться номери, на які ви телефонували.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Close</source>
        <translation>Закрити</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Call</source>
        <translation>Зателефонувати</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>Type a phone number or an extension first.</source>
        <translation>Спершу введіть телефон або внутрішній номер.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>“{text}” is not a phone number Ringside can dial.</source>
        <translation>«{text}» — не номер, який Ringside може набрати.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Calling your phone… Pick it up to be connected to {number}.</source>
        <translation>Телефонуємо на ваш телефон… Зніміть слухавку, щоб з&apos;єднатися з {number}.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The call could not be placed: {reason}</source>
        <translation>Не вдалося зателефонувати: {reason}</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>not a dialable number</source>
        <translation>це не номер телефону</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Number: {number}</source>
        <translation>Номер: {number}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Extension or local number, dialled as typed</source>
        <translation>Внутрішній або місцевий номер, набирається як введено</translation>
    </message>
</context>
<context>
    <name>ExtraSettings</name>
    <message>
        <location filename="../../desktop/ui/settings_extra.py" line="+52"/>
        <source>Ringside&apos;s recording gateway runs next to the PBX and lets you search every call and play it through expiring links. Without it you see your own recorded calls only.</source>
        <translation>Шлюз записів Ringside працює поруч з АТС: через нього можна знайти будь-який дзвінок і прослухати запис за тимчасовим посиланням. Без шлюзу видно лише записи ваших власних дзвінків.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Gateway URL:</source>
        <translation>Адреса шлюзу:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Saved in the system keyring</source>
        <translation>Зберігається в системному сховищі паролів</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Access token:</source>
        <translation>Токен доступу:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The token is one of the gateway&apos;s api_tokens; ask your PBX admin.</source>
        <translation>Токен — один з api_tokens шлюзу; дізнайтеся його в адміністратора АТС.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Queue pause</source>
        <translation>Пауза в черзі</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Queue member:</source>
        <translation>Учасник черги:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>all queues</source>
        <translation>усі черги</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Queues:</source>
        <translation>Черги:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>FreePBX adds operators to queues as Local/&lt;extension&gt;@from-queue/n; leave empty to use your device (PJSIP/101). Queues: comma-separated names, empty for all.</source>
        <translation>FreePBX додає операторів до черг як Local/&lt;номер&gt;@from-queue/n; залиште порожнім, щоб використовувати ваш пристрій (PJSIP/101). Черги: назви через кому; якщо порожньо — усі.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Global hotkey dials the selected number:</source>
        <translation>Гаряча клавіша для дзвінка на виділений номер:</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Not available here: {reason}</source>
        <translation>Тут недоступно: {reason}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Dialling</source>
        <translation>Набір номера</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>none</source>
        <translation>немає</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Outside line prefix:</source>
        <translation>Префікс виходу в місто:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>National prefix:</source>
        <translation>Міжміський префікс:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>International prefix:</source>
        <translation>Міжнародний префікс:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The PBX takes numbers as +E.164 (send them unchanged)</source>
        <translation>АТС приймає номери у форматі +E.164 (передавати без змін)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Empty prefixes use the phone region&apos;s own (Russia: 8 and 810). The dialer shows what the PBX will get.</source>
        <translation>Порожні префікси — як прийнято в регіоні (Україна: 0 і 00). Вікно набору показує, що отримає АТС.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Supervisor tools: on (your role on the Ringside server)</source>
        <translation>Інструменти супервізора: увімкнено (ваша роль на сервері Ringside)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Supervisor tools: off (your role on the Ringside server decides)</source>
        <translation>Інструменти супервізора: вимкнено (вирішує ваша роль на сервері Ringside)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Supervisor tools: off (your admin turns them on for this profile)</source>
        <translation>Інструменти супервізора: вимкнено (їх вмикає адміністратор для цього профілю)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Supervisor tools: allowed by your admin, off until Test connection confirms the AMI user&apos;s rights (originate, list channels)</source>
        <translation>Інструменти супервізора: дозволені адміністратором, але вимкнені, доки «Перевірити підключення» не підтвердить права користувача AMI (originate, список каналів)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Supervisor tools: on (allowed by your admin, AMI rights checked)</source>
        <translation>Інструменти супервізора: увімкнено (дозволені адміністратором, права AMI перевірено)</translation>
    </message>
</context>
<context>
    <name>FirstRunWindow</name>
    <message>
        <location filename="../../desktop/ui/firstrun.py" line="+100"/>
        <location line="+19"/>
        <source>Welcome to Ringside</source>
        <translation>Ласкаво просимо до Ringside</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Ringside shows who is calling before you answer and calls customers back with one click. How does this computer reach your phone system?</source>
        <translation>Ringside показує, хто телефонує, ще до відповіді, і передзвонює клієнтам одним клацанням. Як цей комп&apos;ютер зв&apos;язується з вашою АТС?</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+34"/>
        <source>Connect to a Ringside server</source>
        <translation>Підключитися до сервера Ringside</translation>
    </message>
    <message>
        <location line="-33"/>
        <source>Your company runs a Ringside server: sign in with the user your admin gave you.</source>
        <translation>У вашій компанії є сервер Ringside: увійдіть під користувачем, якого видав адміністратор.</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+52"/>
        <source>Connect to the PBX directly</source>
        <translation>Підключитися до АТС напряму</translation>
    </message>
    <message>
        <location line="-51"/>
        <source>Asterisk / FreePBX: the PBX address, an AMI user and its secret, your extension.</source>
        <translation>Asterisk / FreePBX: адреса АТС, користувач AMI та його пароль, ваш внутрішній номер.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Try the demo</source>
        <translation>Спробувати демо</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A simulated PBX calls you every few seconds. It has its own settings; nothing here is changed.</source>
        <translation>Імітація АТС телефонує вам кожні кілька секунд. Демо має власні налаштування; ваші не змінюються.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Back</source>
        <translation>Назад</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Server URL:</source>
        <translation>Адреса сервера:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>User:</source>
        <translation>Користувач:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Password:</source>
        <translation>Пароль:</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Connect</source>
        <translation>Підключитися</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Use an AMI user from manager.conf (FreePBX: Settings → Asterisk Manager Users), not your FreePBX web login.</source>
        <translation>Потрібен користувач AMI з manager.conf (FreePBX: Settings → Asterisk Manager Users), а не логін вебінтерфейсу FreePBX.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Port:</source>
        <translation>Порт:</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>PBX host:</source>
        <translation>Адреса АТС:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>AMI user:</source>
        <translation>Користувач AMI:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Secret:</source>
        <translation>Пароль:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Your extension:</source>
        <translation>Ваш внутрішній номер:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>at least 8 characters</source>
        <translation>щонайменше 8 символів</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>File passphrase:</source>
        <translation>Пароль файлу:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The secret is saved in the system keyring.</source>
        <translation>Пароль зберігається в системному сховищі паролів.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No system keyring here: the secret is saved in an encrypted file, protected by the passphrase you choose.</source>
        <translation>Системного сховища паролів немає: пароль зберігається в зашифрованому файлі, захищеному обраною вами парольною фразою.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No system keyring here: the secret is kept only until Ringside quits (or set RINGSIDE_AMI_SECRET).</source>
        <translation>Системного сховища паролів немає: пароль зберігається лише до виходу з Ringside (або задайте RINGSIDE_AMI_SECRET).</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Save and connect</source>
        <translation>Зберегти й підключитися</translation>
    </message>
    <message>
        <location line="+57"/>
        <location line="+15"/>
        <location line="+18"/>
        <source>Not saved: {reason}</source>
        <translation>Не збережено: {reason}</translation>
    </message>
    <message>
        <location line="-5"/>
        <source>Fill in the server URL, the user and the password.</source>
        <translation>Укажіть адресу сервера, користувача й пароль.</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>This version of Ringside cannot connect to a Ringside server yet. Nothing was saved: connect to the PBX directly, or ask your admin for an update.</source>
        <translation>Ця версія Ringside поки не вміє підключатися до сервера Ringside. Нічого не збережено: підключіться до АТС напряму або попросіть адміністратора оновити програму.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Could not sign in: {reason}</source>
        <translation>Не вдалося увійти: {reason}</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>supervisor</source>
        <translation>супервізор</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>operator</source>
        <translation>оператор</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Signed in as {user}: extension {extension}, {role}.</source>
        <translation>Вхід виконано як {user}: внутрішній номер {extension}, {role}.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Sign in to the Ringside server</source>
        <translation>Вхід на сервер Ringside</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>You are signed out of the Ringside server: enter your password to keep receiving calls. The server said: {reason}</source>
        <translation>Ви вийшли із сервера Ringside: введіть пароль, щоб і далі отримувати дзвінки. Сервер повідомив: {reason}</translation>
    </message>
</context>
<context>
    <name>HistoryModel</name>
    <message>
        <location filename="../../desktop/ui/history_model.py" line="+65"/>
        <source>Time</source>
        <translation>Час</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Number</source>
        <translation>Номер</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Name</source>
        <translation>Ім&apos;я</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Outcome</source>
        <translation>Підсумок</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Duration</source>
        <translation>Тривалість</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Note</source>
        <translation>Нотатка</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Answered</source>
        <translation>Прийнятий</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Missed</source>
        <translation>Пропущений</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Busy</source>
        <translation>Зайнято</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Failed</source>
        <translation>Помилка</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Abandoned</source>
        <translation>Кинутий</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Answered elsewhere</source>
        <translation>Прийняв інший</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Transferred</source>
        <translation>Переадресовано</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ringing</source>
        <translation>Дзвонить</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Inbound</source>
        <translation>Вхідний</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Outbound</source>
        <translation>Вихідний</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Internal</source>
        <translation>Внутрішній</translation>
    </message>
    <message>
        <location line="+89"/>
        <source>Unknown number</source>
        <translation>Номер приховано</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{outcome} · left a voicemail</source>
        <translation>{outcome} · залишено голосове повідомлення</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>Waited {wait}</source>
        <translation>Очікування {wait}</translation>
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
        <translation>Історія дзвінків — Ringside</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Call history</source>
        <translation>Історія дзвінків</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Search by number or name</source>
        <translation>Пошук за номером або ім&apos;ям</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>All</source>
        <translation>Усі</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Missed</source>
        <translation>Пропущені</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Inbound</source>
        <translation>Вхідні</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Outbound</source>
        <translation>Вихідні</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Details and note</source>
        <translation>Подробиці й нотатка</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copy number</source>
        <translation>Копіювати номер</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add contact</source>
        <translation>Додати контакт</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Play recording</source>
        <translation>Прослухати запис</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open card</source>
        <translation>Відкрити картку</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Call back</source>
        <translation>Передзвонити</translation>
    </message>
    <message>
        <location line="+124"/>
        <source>Copied {number}</source>
        <translation>Скопійовано {number}</translation>
    </message>
    <message>
        <location line="+55"/>
        <source>No recording for this call</source>
        <translation>Цей дзвінок не записано</translation>
    </message>
    <message numerus="yes">
        <location line="+4"/>
        <source>%n call(s)</source>
        <translation>
            <numerusform>%n дзвінок</numerusform>
            <numerusform>%n дзвінки</numerusform>
            <numerusform>%n дзвінків</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+0"/>
        <source>%n missed</source>
        <translation>
            <numerusform>%n пропущений</numerusform>
            <numerusform>%n пропущені</numerusform>
            <numerusform>%n пропущених</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n new above</source>
        <translation>
            <numerusform>%n новий вище</numerusform>
            <numerusform>%n нові вище</numerusform>
            <numerusform>%n нових вище</numerusform>
        </translation>
    </message>
    <message>
        <location line="+5"/>
        <source>No calls match.</source>
        <translation>Відповідних дзвінків немає.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No calls yet. Calls you make and receive appear here.</source>
        <translation>Дзвінків ще немає. Тут з&apos;являться ваші вхідні й вихідні дзвінки.</translation>
    </message>
</context>
<context>
    <name>Keyring</name>
    <message>
        <location filename="../../desktop/i18n.py" line="+2"/>
        <location line="+25"/>
        <source>memory only (until Ringside quits)</source>
        <translation>лише пам&apos;ять (до виходу з Ringside)</translation>
    </message>
    <message>
        <location line="-24"/>
        <source>the system keyring (Secret Service: GNOME Keyring or KWallet)</source>
        <translation>системне сховище паролів (Secret Service: GNOME Keyring або KWallet)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>KWallet</source>
        <translation>KWallet</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Windows Credential Manager</source>
        <translation>Диспетчер облікових даних Windows</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the macOS Keychain</source>
        <translation>Зв&apos;язка ключів macOS</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>an encrypted file (passphrase)</source>
        <translation>зашифрований файл (за парольною фразою)</translation>
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
        <translation>Черга</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Duration</source>
        <translation>Тривалість</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>State</source>
        <translation>Стан</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Listen</source>
        <translation>Слухати</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Whisper</source>
        <translation>Суфлер</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Barge in</source>
        <translation>Втрутитися</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Your phone rings first; answer it to join the call. Whisper: only the operator hears you.</source>
        <translation>Спершу задзвонить ваш телефон — відповідайте, щоб приєднатися до розмови. Суфлер: вас чує лише оператор.</translation>
    </message>
    <message>
        <location line="+50"/>
        <source>No calls in progress.</source>
        <translation>Зараз немає активних розмов.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Parked in {space}{lot}, by {ext}</source>
        <translation>На паркуванні {space}{lot}, припаркував {ext}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Parked in {space}{lot}</source>
        <translation>На паркуванні {space}{lot}</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Calling your phone to join {operator}&apos;s call…</source>
        <translation>Телефонуємо на ваш телефон, щоб приєднати вас до розмови оператора {operator}…</translation>
    </message>
</context>
<context>
    <name>PlayerWidget</name>
    <message>
        <location filename="../../desktop/ui/player.py" line="+54"/>
        <source>the link</source>
        <translation>посилання</translation>
    </message>
    <message>
        <location line="+95"/>
        <source>Play / pause (Space)</source>
        <translation>Відтворити / пауза (Пробіл)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Click to jump there; Left / Right: 5 s</source>
        <translation>Клацання — перейти сюди; ← / →: 5 с</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Playback speed (Up / Down)</source>
        <translation>Швидкість відтворення (↑ / ↓)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Volume</source>
        <translation>Гучність</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save as…</source>
        <translation>Зберегти як…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{title} — recording — Ringside</source>
        <translation>{title} — запис — Ringside</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Recording — Ringside</source>
        <translation>Запис — Ringside</translation>
    </message>
    <message>
        <location line="+128"/>
        <source>The recording cannot be played: the file is empty or damaged.</source>
        <translation>Запис не відтворюється: файл порожній або пошкоджений.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The recording could not be opened: it is missing, empty, or the link has expired.</source>
        <translation>Не вдалося відкрити запис: його немає, він порожній або посилання застаріло.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The recording is in a format that cannot be played.</source>
        <translation>Формат запису не підтримується.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A network error interrupted the recording.</source>
        <translation>Відтворення перервано через помилку мережі.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Access to the recording was denied; the link may have expired.</source>
        <translation>Немає доступу до запису; можливо, посилання застаріло.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The recording could not be played.</source>
        <translation>Не вдалося відтворити запис.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Save recording</source>
        <translation>Зберегти запис</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Audio (*.mp3 *.wav);;All files (*)</source>
        <translation>Аудіо (*.mp3 *.wav);;Усі файли (*)</translation>
    </message>
</context>
<context>
    <name>PopupStack</name>
    <message>
        <location filename="../../desktop/ui/popup_stack.py" line="+69"/>
        <source>{n} more — open History</source>
        <translation>Ще {n} — відкрити історію</translation>
    </message>
</context>
<context>
    <name>RecordingsBrowser</name>
    <message>
        <location filename="../../desktop/i18n.py" line="-20"/>
        <source>inbound</source>
        <translation>вхідний</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>outbound</source>
        <translation>вихідний</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>internal</source>
        <translation>внутрішній</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>answered</source>
        <translation>прийнятий</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>missed</source>
        <translation>пропущений</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>busy</source>
        <translation>зайнято</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>failed</source>
        <translation>помилка</translation>
    </message>
    <message>
        <location filename="../../desktop/screenshots.py" line="-145"/>
        <location filename="../../desktop/ui/recordings.py" line="+310"/>
        <source>{count} calls found, page {page}</source>
        <translation>Знайдено дзвінків: {count}, сторінка {page}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/recordings.py" line="-107"/>
        <location line="+123"/>
        <location line="+20"/>
        <source>No recording for this call</source>
        <translation>Цей дзвінок не записано</translation>
    </message>
    <message>
        <location line="-131"/>
        <source>extension</source>
        <translation>внутрішній номер</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>last digits</source>
        <translation>останні цифри</translation>
    </message>
    <message>
        <location line="+1"/>
        <source> s</source>
        <translation> с</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Search</source>
        <translation>Знайти</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Play</source>
        <translation>Прослухати</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copy link</source>
        <translation>Копіювати посилання</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>any</source>
        <translation>будь-який</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>From</source>
        <translation>З</translation>
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
        <translation>Напрямок</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Outcome</source>
        <translation>Підсумок</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Talk at least</source>
        <translation>Розмова не коротша</translation>
    </message>
    <message>
        <location line="+70"/>
        <source>Searching…</source>
        <translation>Пошук…</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Gateway unavailable ({error}); showing local history.</source>
        <translation>Шлюз недоступний ({error}); показано локальну історію.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Local history.</source>
        <translation>Локальна історія.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{count} calls.</source>
        <translation>Дзвінків: {count}.</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>operator {ext}</source>
        <translation>оператор {ext}</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Link copied; it expires in a while, share it soon.</source>
        <translation>Посилання скопійовано; воно діє обмежений час — надішліть його якнайшвидше.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>A recordings gateway is needed to play or share this recording: set it up in Settings → Recordings.</source>
        <translation>Щоб слухати записи й ділитися ними, потрібен шлюз записів: налаштуйте його в «Налаштування → Записи».</translation>
    </message>
</context>
<context>
    <name>RecordingsModel</name>
    <message>
        <location filename="../../desktop/i18n.py" line="-21"/>
        <source>Date</source>
        <translation>Дата</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Direction</source>
        <translation>Напрямок</translation>
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
        <translation>Підсумок</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Talk</source>
        <translation>Розмова</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Recording</source>
        <translation>Запис</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Name</source>
        <translation>Ім&apos;я</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>inbound</source>
        <translation>Вхідний</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>outbound</source>
        <translation>Вихідний</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>internal</source>
        <translation>Внутрішній</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>answered</source>
        <translation>Прийнятий</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>missed</source>
        <translation>Пропущений</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>busy</source>
        <translation>Зайнято</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>failed</source>
        <translation>Помилка</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/recordings.py" line="-266"/>
        <source>No recording for this call</source>
        <translation>Цей дзвінок не записано</translation>
    </message>
</context>
<context>
    <name>RecordingsWindow</name>
    <message>
        <location filename="../../desktop/i18n.py" line="-22"/>
        <location filename="../../desktop/recordings_glue.py" line="+191"/>
        <location filename="../../desktop/screenshots.py" line="+4"/>
        <source>Recordings</source>
        <translation>Записи розмов</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../../desktop/recordings_glue.py" line="+2"/>
        <location filename="../../desktop/screenshots.py" line="-55"/>
        <source>Live</source>
        <translation>Поточні дзвінки</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../../desktop/recordings_glue.py" line="+2"/>
        <source>Showing your own recorded calls from this computer. To search every call, set the recordings gateway URL and token in Settings → Recordings.</source>
        <translation>Показано записи ваших дзвінків з цього комп&apos;ютера. Щоб шукати серед усіх дзвінків, укажіть адресу й токен шлюзу записів у розділі «Налаштування → Записи».</translation>
    </message>
    <message>
        <location filename="../../desktop/recordings_glue.py" line="-5"/>
        <source>Recordings — Ringside</source>
        <translation>Записи — Ringside</translation>
    </message>
    <message>
        <location line="-67"/>
        <source>No recording for this call</source>
        <translation>Цей дзвінок не записано</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>This recording is on the PBX: a recordings gateway is needed to play it here. Set it up in Settings → Recordings.</source>
        <translation>Цей запис зберігається на АТС: щоб слухати його тут, потрібен шлюз записів. Налаштуйте його в «Налаштування → Записи».</translation>
    </message>
</context>
<context>
    <name>SecretRows</name>
    <message>
        <location filename="../../desktop/ui/settings_secrets.py" line="+46"/>
        <source>This is the demo. Settings are saved in the demo&apos;s own profile ({folder}); your real profile is not touched. To use your PBX, quit the demo and start Ringside again.</source>
        <translation>Це демо. Налаштування зберігаються в окремому профілі демо ({folder}); ваш справжній профіль не змінюється. Щоб працювати з вашою АТС, вийдіть із демо й запустіть Ringside знову.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>No system keyring on this computer: secrets are kept in an encrypted file protected by a passphrase. Enter the passphrase on the Connection tab.</source>
        <translation>На цьому комп&apos;ютері немає системного сховища паролів: секрети зберігаються в зашифрованому файлі під парольною фразою. Введіть її на вкладці «Підключення».</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>No secure keyring is available on this computer ({backend}). Passwords you enter are kept only in memory until Ringside quits, and you will be asked again next time.</source>
        <translation>На цьому комп&apos;ютері немає захищеного сховища паролів ({backend}). Введені паролі зберігаються лише в пам&apos;яті до виходу з Ringside, під час наступного запуску їх доведеться ввести знову.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>none found</source>
        <translation>не знайдено</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>the encrypted file {path}</source>
        <translation>зашифрований файл {path}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the encrypted secrets file</source>
        <translation>зашифрований файл секретів</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>memory only, until Ringside quits</source>
        <translation>лише в пам&apos;яті, до виходу з Ringside</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the system keyring ({name})</source>
        <translation>системне сховище паролів ({name})</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the system keyring</source>
        <translation>системне сховище паролів</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>No secret stored: type the AMI secret</source>
        <translation>Пароль не збережено: введіть пароль AMI</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Secret: from the environment variable RINGSIDE_AMI_SECRET</source>
        <translation>Пароль: зі змінної оточення RINGSIDE_AMI_SECRET</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Secret: saved in {where}</source>
        <translation>Пароль збережено: {where}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>New secrets are saved in: {where}</source>
        <translation>Нові паролі зберігаються: {where}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>at least 8 characters</source>
        <translation>щонайменше 8 символів</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>File passphrase:</source>
        <translation>Пароль файлу:</translation>
    </message>
</context>
<context>
    <name>SelectionDialer</name>
    <message>
        <location filename="../../desktop/dial_selection.py" line="+73"/>
        <source>The selected text is not a phone number: check it, then call.</source>
        <translation>Виділений текст — не номер телефону: перевірте його й зателефонуйте.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Nothing is selected or copied: type the number.</source>
        <translation>Нічого не виділено й не скопійовано: введіть номер.</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../desktop/ui/settings.py" line="+93"/>
        <source>Settings — Ringside</source>
        <translation>Налаштування — Ringside</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Connection</source>
        <translation>Підключення</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>CRM</source>
        <translation>CRM</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Popup</source>
        <translation>Спливне вікно</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Presence</source>
        <translation>Статус</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Recordings</source>
        <translation>Записи</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>General</source>
        <translation>Загальні</translation>
    </message>
    <message>
        <location line="+25"/>
        <location line="+221"/>
        <location line="+9"/>
        <location line="+11"/>
        <location line="+6"/>
        <source>Test connection</source>
        <translation>Перевірити підключення</translation>
    </message>
    <message>
        <location line="-230"/>
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
        <translation>Користувач AMI:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Leave empty to keep the saved secret</source>
        <translation>Залиште порожнім, щоб не змінювати збережений пароль</translation>
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
        <translation>Внутрішній номер:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Device (endpoint):</source>
        <translation>Пристрій (endpoint):</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Originate context:</source>
        <translation>Контекст виклику:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>optional, e.g. CRM:</source>
        <translation>необов&apos;язково, наприклад CRM:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Caller ID prefix:</source>
        <translation>Префікс Caller ID:</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The popup appears the moment your phone rings.</source>
        <translation>Вікно з&apos;являється в момент, коли дзвонить ваш телефон.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Also show it for calls from colleagues (internal calls)</source>
        <translation>Показувати й під час дзвінків колег (внутрішні дзвінки)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source> s</source>
        <translation> с</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Never</source>
        <translation>Ніколи</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Close after the call ends:</source>
        <translation>Закривати після дзвінка через:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Top right</source>
        <translation>Праворуч угорі</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Bottom right</source>
        <translation>Праворуч унизу</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Top left</source>
        <translation>Ліворуч угорі</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Bottom left</source>
        <translation>Ліворуч унизу</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Position on screen:</source>
        <translation>Положення на екрані:</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>How “Do not disturb” is set on the PBX. Ask your PBX admin which one your dialplan uses.</source>
        <translation>Як на АТС вмикається режим «Не турбувати». Уточніть в адміністратора АТС, який спосіб використовує ваш діалплан.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>FreePBX DND (AstDB key DND/&lt;extension&gt;; the *76 / *78 feature codes)</source>
        <translation>DND FreePBX (ключ AstDB DND/&lt;номер&gt;; коди *76 / *78)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Custom device state (Custom:DND&lt;extension&gt;, for hand-written dialplans)</source>
        <translation>Власний стан пристрою (Custom:DND&lt;номер&gt;, для власного діалплану)</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>System default</source>
        <translation>Як у системі</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Language:</source>
        <translation>Мова:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open windows switch to the new language as soon as you save.</source>
        <translation>Відкриті вікна перейдуть на нову мову, щойно ви збережете.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Russia</source>
        <translation>Росія</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Ukraine</source>
        <translation>Україна</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Kazakhstan</source>
        <translation>Казахстан</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Belarus</source>
        <translation>Білорусь</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Phone region:</source>
        <translation>Регіон номерів:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Numbers typed without a country code are read as this country&apos;s.</source>
        <translation>Номери без коду країни вважаються номерами цієї країни.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Start Ringside when I log in</source>
        <translation>Запускати Ringside під час входу в систему</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Ringside {version}</source>
        <translation>Ringside {version}</translation>
    </message>
    <message>
        <location line="+64"/>
        <source>Settings were not saved: {reason}</source>
        <translation>Налаштування не збережено: {reason}</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>no event loop is running</source>
        <translation>цикл подій не запущено</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Testing…</source>
        <translation>Перевіряємо…</translation>
    </message>
</context>
<context>
    <name>Tray</name>
    <message>
        <location filename="../../desktop/i18n.py" line="-14"/>
        <source>Disconnected</source>
        <translation>Немає зв&apos;язку з АТС</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Connecting…</source>
        <translation>Підключення…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ready</source>
        <translation>Готовий</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ringing</source>
        <translation>Вхідний дзвінок</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>In a call</source>
        <translation>Розмова</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../../desktop/tray.py" line="+122"/>
        <location line="+69"/>
        <location line="+60"/>
        <source>Do not disturb</source>
        <translation>Не турбувати</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cannot connect</source>
        <translation>Не вдається підключитися</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Lunch</source>
        <translation>Обід</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Break</source>
        <translation>Перерва</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Paperwork</source>
        <translation>Робота з документами</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Training</source>
        <translation>Навчання</translation>
    </message>
    <message>
        <location filename="../../desktop/tray.py" line="-139"/>
        <source>PBX unreachable since {time}, retrying</source>
        <translation>АТС недоступна з {time}, повторюємо спроби</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+237"/>
        <source>Extension {ext}</source>
        <translation>Внутрішній номер {ext}</translation>
    </message>
    <message>
        <location line="-235"/>
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
        <translation>Набрати номер…</translation>
    </message>
    <message>
        <location line="-136"/>
        <location line="+139"/>
        <source>Dial selection / clipboard</source>
        <translation>Набрати виділене / з буфера</translation>
    </message>
    <message>
        <location line="-138"/>
        <source>History ({n} missed)</source>
        <translation>Історія (пропущено: {n})</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+73"/>
        <source>History</source>
        <translation>Історія</translation>
    </message>
    <message>
        <location line="-70"/>
        <source>Contacts</source>
        <translation>Контакти</translation>
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
        <translation>Пауза в черзі</translation>
    </message>
    <message>
        <location line="-56"/>
        <location line="+134"/>
        <source>Settings</source>
        <translation>Налаштування</translation>
    </message>
    <message>
        <location line="-133"/>
        <location line="+135"/>
        <source>Quit</source>
        <translation>Вихід</translation>
    </message>
    <message>
        <location line="-129"/>
        <source>Resume queue calls</source>
        <translation>Зняти паузу</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Other…</source>
        <translation>Інше…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Pause reason</source>
        <translation>Причина паузи</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Reason:</source>
        <translation>Причина:</translation>
    </message>
    <message>
        <location line="+65"/>
        <source>There is no tray icon on this desktop. Quit Ringside, or keep it running (popups keep coming; the panel stays in the task bar)?</source>
        <translation>На цьому робочому столі немає значка в треї. Вийти з Ringside чи залишити його працювати (картки дзвінків з&apos;являтимуться, панель залишиться на панелі завдань)?</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Quit Ringside</source>
        <translation>Вийти з Ringside</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Keep running</source>
        <translation>Залишити працювати</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>Dial selection</source>
        <translation>Набрати виділене</translation>
    </message>
</context>
<context>
    <name>UnavailablePlayer</name>
    <message>
        <location filename="../../desktop/ui/player.py" line="+52"/>
        <source>Audio playback is unavailable on this computer ({reason}).</source>
        <translation>Відтворення звуку на цьому комп&apos;ютері недоступне ({reason}).</translation>
    </message>
</context>
<context>
    <name>_AdapterForm</name>
    <message>
        <location filename="../../desktop/ui/settings_crm.py" line="-100"/>
        <source>This CRM needs no settings.</source>
        <translation>Для цієї CRM налаштування не потрібні.</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>Leave empty to keep the saved value</source>
        <translation>Залиште порожнім, щоб не змінювати збережене значення</translation>
    </message>
</context>
</TS>
