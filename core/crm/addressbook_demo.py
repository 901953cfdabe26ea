"""Demo customers for the embedded address book (``ringside demo``, first start).

Realistic Russian and Ukrainian customers with managers 101/102 and last orders.
The lab transcripts' caller ``"Customer" <0501234567>`` (a Kyiv shop) is a known
contact, so the replayed calls pop a full card; the simulator's other numbers
(5550100, 5550110, 5550120) stay unknown on purpose.
"""

from __future__ import annotations

from core.crm.addressbook_import import ContactDraft

__all__ = ["DEMO_CONTACTS", "TRANSCRIPT_CALLER"]

TRANSCRIPT_CALLER = "0501234567"

_OLGA = ("Ольга Петренко", "101")
_IGOR = ("Игорь Смирнов", "102")


def _c(
    name: str,
    company: str | None,
    phones: list[str],
    email: str | None,
    manager: tuple[str, str],
    notes: list[str],
) -> ContactDraft:
    return ContactDraft(
        name=name,
        company=company,
        phones=phones,
        email=email,
        manager_name=manager[0],
        manager_extension=manager[1],
        notes=notes,
    )


DEMO_CONTACTS: tuple[ContactDraft, ...] = (
    _c(
        "Олена Коваленко",
        "ТОВ «Квітковий двір»",
        ["+380501234567"],
        "olena@kvitkovyi-dvir.ua",
        _OLGA,
        ["Заказ №10482 от 18.11: 40 горшков, оплачен", "Просила перезвонить по доставке"],
    ),
    _c(
        "Андрей Волков",
        "ООО «СтройМаркет»",
        ["+7 916 204-17-93", "+7 495 640-12-08"],
        "a.volkov@stroymarket.ru",
        _IGOR,
        ["Заказ №10477 от 15.11: плитка 120 м², доставка 25.11"],
    ),
    _c(
        "Мария Соколова",
        None,
        ["8 (903) 555-12-34"],
        "m.sokolova@mail.ru",
        _OLGA,
        ["Заказ №10469 от 12.11: возврат оформлен"],
    ),
    _c(
        "Дмитрий Кузнецов",
        "ИП Кузнецов Д.А.",
        ["+79261112233"],
        None,
        _IGOR,
        ["Оптовый клиент, скидка 7%", "Заказ №10455 от 08.11: отгружен"],
    ),
    _c(
        "Тарас Шевчук",
        "ФОП Шевчук Т.І.",
        ["+380 67 321 45 67"],
        "taras.shevchuk@ukr.net",
        _OLGA,
        ["Замовлення №10431 від 02.11: очікує оплату"],
    ),
    _c(
        "Екатерина Морозова",
        "АО «Северный ветер»",
        ["+7 812 456-78-90"],
        "e.morozova@sveter.ru",
        _IGOR,
        ["Заказ №10428 от 01.11: счёт на 184 500 ₽"],
    ),
    _c(
        "Наталія Бондаренко",
        None,
        ["+380 93 765 43 21"],
        None,
        _OLGA,
        ["Замовлення №10410 від 28.10: доставлено"],
    ),
    _c(
        "Сергей Лебедев",
        "ООО «Лебедев и партнёры»",
        ["+7 (343) 222-33-44"],
        "lebedev@lip.ru",
        _IGOR,
        ["Ждёт коммерческое предложение"],
    ),
    _c(
        "Айгерим Нурланова",
        "ТОО «Алтын Дала»",
        ["+7 701 234 5678"],
        "aigerim@altyndala.kz",
        _OLGA,
        ["Заказ №10398 от 24.10: доставка в Алматы"],
    ),
    _c(
        "Павел Новиков",
        None,
        ["+7 925 765-43-21"],
        "pavel.novikov@yandex.ru",
        _IGOR,
        ["Заказ №10390 от 22.10: жалоба на упаковку, решено"],
    ),
    _c(
        "Анна Ткаченко",
        "ТОВ «Світанок»",
        ["+380 44 334 4000"],
        "anna@svitanok.com.ua",
        _OLGA,
        ["Постійний клієнт з 2019 року"],
    ),
    _c(
        "Алексей Попов",
        "ООО «ТехноПарк»",
        ["+7 383 210-11-22", "+7 913 001-22-33"],
        "popov@technopark.ru",
        _IGOR,
        ["Заказ №10371 от 17.10: 12 ноутбуков"],
    ),
    _c(
        "Ирина Федорова",
        None,
        ["+7 (921) 777-88-99"],
        None,
        _OLGA,
        ["Заказ №10362 от 14.10: оплата при получении"],
    ),
    _c(
        "Виктор Лукашенко",
        "ЧУП «Минсктранс-Сервис»",
        ["+375 29 618-40-25"],
        "v.lukashenko@mts-service.by",
        _IGOR,
        ["Заказ №10350 от 10.10: таможня пройдена"],
    ),
    _c(
        "Юлия Гончаренко",
        None,
        ["+380 66 111 22 33"],
        "yulia.h@gmail.com",
        _OLGA,
        ["Замовлення №10344 від 08.10: скасовано клієнтом"],
    ),
)
