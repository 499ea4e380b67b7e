"""Bulk import of people and roles from CSV and Excel: a preview row by row with every error
(row number and column), nothing written until confirmed, then all or nothing; bounded."""

from __future__ import annotations

import io
import re

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from vplan.audit.models import ChangeRecord
from vplan.organisation.memberships import end_membership, grant_membership
from vplan.organisation.models import Membership, MembershipSource, Role
from vplan.organisation.people_import import (
    MAX_ROWS,
    PeopleFileError,
    PeopleImportRefused,
    apply_people_import,
    plan_people_import,
    read_people_file,
)
from vplan.testing.factories import make_administration, make_board, make_member, make_user

pytestmark = [pytest.mark.django_db]

HEADING = "användarnamn;namn;e-post;förvaltning;nämnd;roll"


def _csv(*lines: str, heading: str = HEADING) -> bytes:
    return ("\n".join([heading, *lines]) + "\n").encode()


def _generated(count: int, *, administration, boards) -> bytes:
    roles = ["redaktör", "läsare", "controller", "administratör"]
    lines = []
    for n in range(count):
        board = boards[n % len(boards)].display_code if n % 5 else ""
        lines.append(
            f"person{n:03};Förnamn{n:03} Efternamn;person{n:03}@example.se;"
            f"{administration.short_code};{board};{roles[n % 4]}"
        )
    return _csv(*lines)


def _people():
    return get_user_model().objects.filter(username__startswith="person")


def test_a_hundred_and_twenty_generated_people_are_imported_with_their_roles(
    administration, board, other_board, admin_user
):
    data = _generated(120, administration=administration, boards=[board, other_board])
    rows = read_people_file(name="people.csv", data=data)
    plan = plan_people_import(rows=rows, by=admin_user, administration=administration)
    assert not plan.has_errors
    assert (plan.new_people, plan.new_roles, plan.unchanged) == (120, 120, 0)
    assert not _people().exists()  # the preview writes nothing
    result = apply_people_import(rows=rows, by=admin_user, administration=administration)
    assert (result.people_created, result.roles_granted) == (120, 120)
    assert _people().count() == 120
    memberships = Membership.objects.current().filter(user__in=_people())
    assert memberships.count() == 120
    assert set(memberships.values_list("source", flat=True)) == {MembershipSource.IMPORT}
    assert set(memberships.values_list("granted_by", flat=True)) == {admin_user.pk}
    person = _people().get(username="person007")
    assert (person.first_name, person.last_name) == ("Förnamn007", "Efternamn")
    assert person.memberships.get().role == Role.ADMIN
    assert person.memberships.get().board == other_board
    assert _people().get(username="person005").memberships.get().board is None
    assert ChangeRecord.objects.filter(action=ChangeRecord.Action.CREATED).count() >= 240
    # The same file again changes nothing.
    again = plan_people_import(rows=rows, by=admin_user, administration=administration)
    assert (again.new_people, again.new_roles, again.unchanged) == (0, 0, 120)
    assert (
        apply_people_import(rows=rows, by=admin_user, administration=administration).roles_granted
        == 0
    )


def test_one_bad_row_among_a_hundred_writes_nothing(administration, board, other_board, admin_user):
    data = _generated(100, administration=administration, boards=[board, other_board])
    data += "person999;Sist Rad;sist@example.se;;XYZ;läsare\n".encode()
    rows = read_people_file(name="people.csv", data=data)
    with pytest.raises(PeopleImportRefused) as refused:
        apply_people_import(rows=rows, by=admin_user, administration=administration)
    assert [(number, e.column) for number, e in refused.value.plan.errors] == [(102, "nämnd")]
    assert not _people().exists()
    assert not Membership.objects.filter(source=MembershipSource.IMPORT).exists()


def test_every_kind_of_error_is_named_with_its_row_and_column(administration, board, admin_user):
    other = make_administration(short_code="SOC")
    make_board(code="SN", administration=other)
    gone = make_user(username="gone", is_active=False)
    data = _csv(
        "ok.person;Ok Person;ok@example.se;;BiN;redaktör",  # 2: fine
        "bad.board;Bad Board;;;NOPE;läsare",  # 3
        "bad.role;Bad Role;;;;chef",  # 4
        "bad.mail;Bad Mail;inte-en-adress;;;läsare",  # 5
        "ok.person;Ok Person;ok@example.se;;BIN;Redaktör",  # 6: the same as row 2
        "elsewhere;Else Where;;SOC;SN;läsare",  # 7: an administration admin does not manage
        "nowhere;No Where;;XXX;;läsare",  # 8: no such administration
        "has space;Has Space;;;;läsare",  # 9
        ";No Username;;;;läsare",  # 10
        "noname;;;;;läsare",  # 11: a new person needs a name
        "gone;Gone;;;;läsare",  # 12: deactivated
        f"long;{'x' * 300};;;;läsare",  # 13: cell too long
        "ok.person;Other Name;;;;läsare",  # 14: another name for the same person
    )
    rows = read_people_file(name="people.csv", data=data)
    plan = plan_people_import(rows=rows, by=admin_user, administration=administration)
    errors = {(number, error.column) for number, error in plan.errors}
    assert errors == {
        (3, "nämnd"),
        (4, "roll"),
        (5, "e-post"),
        (6, ""),
        (7, "förvaltning"),
        (8, "förvaltning"),
        (9, "användarnamn"),
        (10, "användarnamn"),
        (11, "namn"),
        (12, "användarnamn"),
        (13, "namn"),
        (14, "användarnamn"),
    }
    assert plan.rows[0].outcome == "new_person"
    messages = " ".join(error.message for _number, error in plan.errors)
    assert "NOPE" in messages and "chef" in messages and "inte-en-adress" in messages
    assert gone.is_active is False and not Membership.objects.filter(user=gone).exists()


def test_a_person_with_several_roles_and_an_existing_person(
    administration, board, other_board, admin_user, editor
):
    data = _csv(
        "ny;Ny Person;ny@example.se;;BiN;redaktör",
        "ny;;;;BoU;redaktör",
        "editor;Whatever;;;BiN;redaktör",  # holds it already
        "editor;;;;;läsare",
        heading="Username;Name;Email;Administration;Board;Role",
    )
    rows = read_people_file(name="people.csv", data=data)
    plan = plan_people_import(rows=rows, by=admin_user, administration=administration)
    assert not plan.has_errors, plan.errors
    assert [row.outcome for row in plan.rows] == [
        "new_person",
        "new_person",
        "unchanged",
        "new_role",
    ]
    assert (plan.new_people, plan.new_roles, plan.unchanged) == (1, 3, 1)
    result = apply_people_import(rows=rows, by=admin_user, administration=administration)
    assert (result.people_created, result.roles_granted, result.unchanged) == (1, 3, 1)
    new = get_user_model().objects.get(username="ny")
    assert set(new.memberships.values_list("board__code", flat=True)) == {"BIN", "BOU"}
    editor.refresh_from_db()
    assert editor.get_full_name() != "Whatever"


def test_comma_separated_with_a_byte_order_mark_and_english_role_words(administration, admin_user):
    data = "\ufeffusername,name,email,role\nx.y,X Y,x@example.se,reader\n".encode()
    rows = read_people_file(name="people.csv", data=data)
    result = apply_people_import(rows=rows, by=admin_user, administration=administration)
    assert result.people_created == 1
    assert Membership.objects.get(user__username="x.y").role == Role.READER


def test_an_excel_file_is_read(administration, board, admin_user):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["användarnamn", "namn", "e-post", "förvaltning", "nämnd", "roll"])
    for n in range(30):
        sheet.append([f"excel{n}", f"Excel Person{n}", None, "TF", "BiN", "läsare"])
    sheet.append([None, None, None, None, None, None])  # a blank row is left out
    sheet.append([12345, "Siffer Namn", None, None, None, "redaktör"])  # a number as username
    buffer = io.BytesIO()
    workbook.save(buffer)
    rows = read_people_file(name="people.xlsx", data=buffer.getvalue())
    assert len(rows) == 31 and rows[-1]["username"] == "12345" and rows[-1]["_row"] == 33
    result = apply_people_import(rows=rows, by=admin_user, administration=administration)
    assert result.people_created == 31
    assert Membership.objects.filter(user__username__startswith="excel", board=board).count() == 30


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        ("people.csv", b"", "tom"),
        ("people.csv", b"namn;e-post\nA;b\n", "saknar"),
        ("people.csv", "användarnamn;roll\nå;läsare\n".encode("cp1252"), "UTF-8"),
        ("people.xlsx", b"PK\x03\x04 not really a zip", "Excel"),
        ("people.xls", b"\xd0\xcf\x11\xe0 old excel", ".xlsx"),
        ("people.csv", b"x" * 1_000_001, "1000 kB"),
    ],
)
def test_a_file_that_cannot_be_read_says_why(name, data, words):
    with pytest.raises(PeopleFileError) as error:
        read_people_file(name=name, data=data)
    assert words in str(error.value)


def test_the_number_of_rows_is_bounded():
    data = _csv(*[f"u{n};U {n};;;;läsare" for n in range(MAX_ROWS + 1)])
    with pytest.raises(PeopleFileError, match=str(MAX_ROWS)):
        read_people_file(name="people.csv", data=data)


def test_an_excel_bomb_is_refused_before_it_is_read():
    buffer = io.BytesIO()
    import zipfile

    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"<" + b" " * 30_000_000 + b">")
    assert len(buffer.getvalue()) < 1_000_000
    with pytest.raises(PeopleFileError, match="packas upp|unpacks"):
        read_people_file(name="bomb.xlsx", data=buffer.getvalue())


def test_an_ended_role_can_be_imported_again(administration, admin_user):
    person = make_user(username="back", first_name="Back", last_name="Again")
    first = grant_membership(user=person, administration=administration, role="reader", by=None)
    end_membership(membership=first, by=admin_user)
    rows = read_people_file(name="p.csv", data=_csv("back;;;;;läsare"))
    assert (
        plan_people_import(rows=rows, by=admin_user, administration=administration).rows[0].outcome
        == "new_role"
    )


# The page -----------------------------------------------------------------------------------


def _upload(client, administration, data: bytes, name: str = "people.csv"):
    file = io.BytesIO(data)
    file.name = name
    return client.post(
        f"/organisation/administrations/{administration.pk}/people/import/", {"file": file}
    )


def test_the_page_previews_then_imports_on_confirmation(
    client, administration, board, other_board, admin_user
):
    client.force_login(admin_user)
    page = client.get(f"/organisation/administrations/{administration.pk}/people/import/")
    assert "Importera personer från en fil" in page.content.decode()
    data = _generated(105, administration=administration, boards=[board, other_board])
    preview = _upload(client, administration, data)
    assert preview.status_code == 200
    text = preview.content.decode()
    assert "Importen lägger till 105 nya personer och ger 105 roller" in text
    assert "ny person, ny roll" in text
    assert not re.search(r"<script(?![^>]*\bsrc=)|\sstyle=|\son[a-z]+=", text)
    assert not _people().exists()
    token = re.search(r'name="token" value="([^"]+)"', text).group(1)
    confirm = f"/organisation/administrations/{administration.pk}/people/import/confirm/"
    done = client.post(confirm, {"token": token}, follow=True)
    assert done.status_code == 200
    assert "105 nya personer" in done.content.decode()
    assert _people().count() == 105
    # Confirming the same preview again grants nothing more.
    client.post(confirm, {"token": token})
    assert Membership.objects.filter(user__in=_people()).count() == 105


def test_the_page_lists_the_errors_and_offers_no_confirmation(
    client, administration, board, admin_user
):
    client.force_login(admin_user)
    preview = _upload(client, administration, _csv("a.b;A B;;;BiN;läsare", "c.d;C D;;;NOPE;läsare"))
    assert preview.status_code == 422
    text = preview.content.decode()
    assert "Rad 3, kolumn nämnd:" in text and "NOPE" in text
    assert 'name="token"' not in text
    assert not get_user_model().objects.filter(username="a.b").exists()


def test_a_forged_or_foreign_preview_is_refused(client, administration, admin_user):
    client.force_login(admin_user)
    text = _upload(client, administration, _csv("a.b;A B;;;;läsare")).content.decode()
    token = re.search(r'name="token" value="([^"]+)"', text).group(1)
    confirm = f"/organisation/administrations/{administration.pk}/people/import/confirm/"
    other_admin = make_member(administration=administration, role=Role.ADMIN)
    other = Client()
    other.force_login(other_admin)
    assert other.post(confirm, {"token": token}).status_code == 302
    assert client.post(confirm, {"token": token[:-2] + "xx"}).status_code == 302
    assert not get_user_model().objects.filter(username="a.b").exists()


def test_an_unreadable_upload_is_an_error_on_the_file_field(client, administration, admin_user):
    client.force_login(admin_user)
    response = _upload(client, administration, b"\x00\x01\x02", name="people.csv")
    assert response.status_code == 422
    assert "NUL" in response.content.decode()


def test_controllers_may_not_import(client, administration, controller):
    client.force_login(controller)
    response = _upload(client, administration, _csv("a.b;A B;;;;läsare"))
    assert response.status_code == 403


def test_control_characters_in_a_name_are_refused(administration, admin_user):
    rows = read_people_file(name="p.csv", data=_csv("cc;Bad\x01Name;;;;läsare"))
    plan = plan_people_import(rows=rows, by=admin_user, administration=administration)
    assert [(number, error.column) for number, error in plan.errors] == [(2, "namn")]
