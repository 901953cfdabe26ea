"""Local address book: SQLite store, number matching, CSV and vCard import, demo data."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from core.crm.addressbook import AddressBook, AddressBookAdapter, ContactDraft
from core.crm.addressbook_demo import DEMO_CONTACTS, TRANSCRIPT_CALLER
from core.crm.addressbook_import import parse_csv, parse_vcard


@pytest.fixture
def book(tmp_path: Path) -> AddressBook:
    store = AddressBook(tmp_path / "ab.sqlite3", region="RU")
    yield store
    store.close()


async def test_transcript_caller_is_a_known_demo_contact(tmp_path: Path) -> None:
    adapter = AddressBookAdapter.open(tmp_path / "ab.sqlite3", region="RU")
    assert await adapter.load_demo_contacts() == len(DEMO_CONTACTS) >= 15
    assert await adapter.load_demo_contacts() == 0  # never duplicated
    result = await adapter.lookup(TRANSCRIPT_CALLER)
    assert [m.contact.name for m in result.matches] == ["Олена Коваленко"]
    assert result.matches[0].confidence == 0.8  # +380 stored, RU default region: tail match
    card = result.best
    assert card is not None and card.manager_extension == "101" and card.notes
    assert not (await adapter.lookup("5550120")).found
    assert not (await adapter.lookup("+7 999 000-00-01")).found
    await adapter.aclose()


async def test_exact_match_under_ukrainian_region(tmp_path: Path) -> None:
    adapter = AddressBookAdapter.open(tmp_path / "ab.sqlite3", region="UA")
    await adapter.load_demo_contacts()
    result = await adapter.lookup("050-123-45-67")
    assert result.e164 == "+380501234567" and result.matches[0].confidence == 1.0
    await adapter.aclose()


def test_every_spelling_finds_the_same_contact(book: AddressBook) -> None:
    contact_id = book.add(ContactDraft(name="Андрей", phones=["+7 (916) 204-17-93"]))
    for spelling in (
        "89162041793",
        "+79162041793",
        "9162041793",
        "8 916 204 17 93",
        "007 916 2041793",
    ):
        found = book.find_by_number(spelling)
        assert [(m.contact.id, m.confidence) for m in found] == [(contact_id, 1.0)], spelling
    assert [m.confidence for m in book.find_by_number("2041793")] == [0.6]


def test_several_contacts_with_one_number_are_all_returned(book: AddressBook) -> None:
    book.add(ContactDraft(name="Офис", phones=["+7 495 640-12-08"]))
    book.add(ContactDraft(name="Бухгалтерия", phones=["8 495 6401208"]))
    names = [m.contact.name for m in book.find_by_number("+74956401208")]
    assert sorted(names) == ["Бухгалтерия", "Офис"]


def test_extension_contacts(book: AddressBook) -> None:
    book.add(ContactDraft(name="Ресепшн", phones=["100"]))
    assert [m.contact.name for m in book.find_by_number("100")] == ["Ресепшн"]
    assert book.find_by_number("1100") == []


def test_update_delete_and_persistence(tmp_path: Path) -> None:
    path = tmp_path / "ab.sqlite3"
    store = AddressBook(path)
    cid = store.add(ContactDraft(name="Мария", phones=["+79035551234"], notes=["заказ 1"]))
    assert store.update(
        cid,
        ContactDraft(
            name="Мария Соколова", company="ИП", phones=["+79035550000"], manager_extension="102"
        ),
    )
    assert not store.find_by_number("+79035551234")
    store.close()
    reopened = AddressBook(path)
    contact = reopened.get(cid)
    assert contact is not None
    assert (
        contact.name,
        contact.company,
        contact.phones,
        contact.manager_extension,
        contact.notes,
    ) == ("Мария Соколова", "ИП", ("+79035550000",), "102", ())
    assert reopened.delete(cid) and not reopened.delete(cid)
    assert reopened.find_by_number("+79035550000") == [] and reopened.count() == 0
    assert not reopened.update("999", ContactDraft(name="x"))
    with pytest.raises(ValueError):
        reopened.add(ContactDraft(name="  "))
    reopened.close()


def test_search_for_the_editor(book: AddressBook) -> None:
    book.load_demo_contacts()
    assert [c.name for c in book.search("квітков")] == ["Олена Коваленко"]
    assert [c.name for c in book.search("204-17")] == ["Андрей Волков"]


def test_csv_import_comma_utf8() -> None:
    text = (
        "name,company,phone,email,manager,manager_extension,note\n"
        'Иван Петров,"ООО ""Ромашка""","+7 916 111-22-33; 8 495 111-22-33",i@r.ru,Ольга,101,VIP\n'
        ",,,,,,\n"
        ",ООО Без Имени,,,,,\n"
    )
    drafts, problems = parse_csv(text)
    assert problems == []
    assert drafts[0] == ContactDraft(
        name="Иван Петров",
        company='ООО "Ромашка"',
        phones=["+7 916 111-22-33", "8 495 111-22-33"],
        email="i@r.ru",
        manager_name="Ольга",
        manager_extension="101",
        notes=["VIP"],
    )
    assert drafts[1].name == "ООО Без Имени" and drafts[1].phones == []


def test_csv_import_excel_semicolon_cp1251_russian_headers(book: AddressBook) -> None:
    text = "Имя;Компания;Телефон;Менеджер;Добавочный\r\nТарас;ФОП;+380 67 321 45 67;Игорь;102\r\n;;;;\r\n;X;;;\r\n"
    report = book.import_csv(text.encode("cp1251"))
    assert report.added == 2 and report.problems == []
    assert book.find_by_number("+380673214567")[0].contact.manager_extension == "102"
    bad = book.import_csv("foo,bar\n1,2\n")
    assert bad.added == 0 and "no 'name' or 'phone' column" in bad.problems[0]


VCARD = (
    "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Бондаренко;Наталія;;;\r\nFN:Наталія Бондаренко\r\n"
    "ORG:ТОВ Світанок;Відділ продажів\r\nTEL;TYPE=CELL:+380 93 765 43 21\r\n"
    "item1.TEL:+380 44 334 4000\r\nEMAIL;TYPE=INTERNET:n@svitanok.ua\r\n"
    "NOTE:Перший рядок\\nдругий\\, з комою та довгим\r\n  продовженням\r\nEND:VCARD\r\n"
    'BEGIN:VCARD\nVERSION:4.0\nN:Лебедев;Сергей;;;\nTEL;VALUE=uri;TYPE="voice,work":tel:+7-343-222-33-44\nEND:VCARD\n'
    "BEGIN:VCARD\nVERSION:4.0\nEMAIL:nobody@example.com\nEND:VCARD\n"
)


def test_vcard_3_and_4() -> None:
    drafts, problems = parse_vcard(VCARD)
    assert len(drafts) == 2 and problems == ["card 3: no name and no phone"]
    first, second = drafts
    assert first.name == "Наталія Бондаренко" and first.company == "ТОВ Світанок"
    assert first.phones == ["+380 93 765 43 21", "+380 44 334 4000"]
    assert first.email == "n@svitanok.ua"
    assert first.notes == ["Перший рядок\nдругий, з комою та довгим продовженням"]
    assert second.name == "Сергей Лебедев" and second.phones == ["+7-343-222-33-44"]


async def test_import_file_by_extension(tmp_path: Path) -> None:
    adapter = AddressBookAdapter.open(tmp_path / "ab.sqlite3")
    (tmp_path / "c.vcf").write_text(VCARD, encoding="utf-8")
    report = await adapter.import_file(tmp_path / "c.vcf")
    assert report.added == 2
    assert [c.name for c in await adapter.list_contacts("Лебедев")] == ["Сергей Лебедев"]
    new_id = await adapter.add_contact(ContactDraft(name="Новый", phones=["+79260000001"]))
    assert await adapter.update_contact(new_id, ContactDraft(name="Новый2", phones=[]))
    assert await adapter.delete_contact(new_id)
    assert len(await adapter.list_contacts()) == 2
    await adapter.aclose()


async def test_concurrent_lookups_from_threads(tmp_path: Path) -> None:
    adapter = AddressBookAdapter.open(tmp_path / "ab.sqlite3")
    await adapter.load_demo_contacts()
    numbers = ["+380501234567", "+79162041793", "+79261112233", "+77012345678"] * 10
    results = await asyncio.gather(*(adapter.lookup(n) for n in numbers))
    assert all(r.found and r.error is None for r in results)
    await adapter.aclose()


def test_semicolon_cp1251_export_with_a_ragged_line_still_imports() -> None:
    """csv.Sniffer gives up on one short line; the header's separator decides then."""
    from core.crm.addressbook import AddressBook

    data = "ФИО;Телефон;Компания\nИван Петров;8 (916) 123-45-67;ООО Ромашка\n;\n".encode("cp1251")
    book = AddressBook(":memory:")
    report = book.import_csv(data)
    assert report.added == 1 and report.problems == []
    [contact] = book.all()
    assert (contact.name, contact.company, contact.phones) == (
        "Иван Петров",
        "ООО Ромашка",
        ("8 (916) 123-45-67",),
    )
    book.close()
