"""reports/includes/downloads.html, included by the round page with `round`."""

from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from vplan.reports.tests.html_tree import parse_html

INCLUDE = Template('{% include "reports/includes/downloads.html" with round=round %}')


def _render(user, round):
    request = RequestFactory().get("/")
    request.user = user
    return parse_html(INCLUDE.render(Context({"round": round, "request": request})))


def test_download_buttons_for_every_format(reader, report_data):
    html = _render(reader, report_data.round)

    links = [a.attrs["href"] for a in html.iter("a")]
    for format in ("docx", "pdf", "html", "xlsx", "csv"):
        assert reverse("reports:download", args=[report_data.round.pk, format]) in links
    assert reverse("reports:page", args=[report_data.round.pk]) in links
    assert reverse("reports:sent_list", args=[report_data.round.pk]) in links
    assert html.find("form") is None


def test_controllers_also_get_the_send_form(controller, report_data):
    html = _render(controller, report_data.round)

    form = html.find("form")
    assert form.attrs["action"] == reverse("reports:send", args=[report_data.round.pk])
    assert form.attrs["method"] == "post"
    select = form.find("select")
    assert html.find("label", for_=select.attrs["id"]) is not None
    assert [o.attrs["value"] for o in select.iter("option")] == [
        "docx",
        "pdf",
        "html",
        "xlsx",
        "csv",
    ]
