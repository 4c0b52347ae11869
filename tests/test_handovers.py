"""Handover documents with the real WeasyPrint: what they say, their integrity, versions,
acknowledgement, rendering off the request path and who may see them (DESIGN §7, API.md)."""

from __future__ import annotations

import datetime as dt
import io
import logging
import re
from typing import Any

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfReader
from rest_framework.test import APIClient

from accounts.models import AccessLog
from directory.models import Need
from referrals.events import referral_event
from referrals.handovers import services as handover_services
from referrals.handovers.document import render_html, render_pdf
from referrals.handovers.snapshot import applicable, published_regulations
from referrals.handovers.storage import read, sha256
from referrals.models import Handover, ReferralEvent
from tests.factories import RegulationFactory, ServiceFactory

SUMMARY = "Werkte zestig uur per week in een nagelstudio en kreeg tweehonderd euro per maand."


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


@pytest.fixture
def regulations(cast):
    """The reflection period (non-EU only, by the eligibility table) and a regulation for every nationality."""
    reflection = RegulationFactory(code="bedenktijd", name="Bedenktijd", organisation=cast.comensha)
    reflection.needs.set(Need.objects.filter(code="shelter"))
    legal = RegulationFactory(
        code="kosteloze-rechtsbijstand", name="Kosteloze rechtsbijstand", organisation=cast.comensha
    )
    legal.needs.set(Need.objects.filter(code="legal_aid"))
    draft = RegulationFactory(code="voortgezet-verblijf", name="Voortgezet verblijf", published=False)
    draft.needs.set(Need.objects.filter(code="shelter"))
    return reflection, legal


@pytest.fixture
def routed(cast, flow, regulations, django_capture_on_commit_callbacks):
    """A non-EU woman's referral, accepted and routed (shelter) to Opvang Noord; both documents rendered."""
    service = ServiceFactory(
        organisation=cast.shelter_north, name="Crisisopvang Noord", needs=["shelter"], regions=[cast.north]
    )
    with django_capture_on_commit_callbacks(execute=True):
        referral, route = flow.routed(service, nationality="NG", summary=SUMMARY)
    return referral, route


def handover_of(referral, kind):
    return Handover.objects.get(referral_id=referral["id"], kind=kind)


# --- what the documents say --------------------------------------------------------------


def test_the_providers_document_holds_its_field_set_and_nothing_more(routed, flow, cast):
    referral, _route = routed
    handover = handover_of(referral, "route")
    assert handover.state == "ready"
    response = flow.as_role("provider").get(reverse("handover-pdf", args=[handover.id]))
    assert response.status_code == 200
    text = pdf_text(response.content)
    for expected in (
        referral["reference"],
        "Doorverwijzing naar hulpverlener",
        "Zorgcoördinatie Noord",  # issuer
        "Opvang Noord",  # recipient
        "Crisisopvang Noord",  # the route's service
        "Opvang",  # its need
        "Buiten de EU",
        "Vrouw",
        "Meerderjarig",
        "Roemeens",
        "Bedenktijd",  # the reflection period holds for a non-EU victim with a shelter need
        str(handover.id),
        "/verwijzingen/overdrachten/controleren/",
        "Pagina 1 van",
    ):
        assert expected in text, expected
    for hidden in (
        SUMMARY[:30],  # the summary
        "NG",  # the exact nationality
        "Toestemming",
        "Politie Noord",  # who signalled it
        "Juridische hulp",  # a need that was not sent to this provider
        "Kosteloze rechtsbijstand",  # a regulation of that need
        "Voortgezet verblijf",  # an unpublished regulation
    ):
        assert hidden not in text, hidden


def test_the_acceptance_document_holds_the_whole_referral(routed, flow):
    referral, _route = routed
    handover = handover_of(referral, "acceptance")
    text = pdf_text(read(handover.document.name or ""))
    for expected in (
        "Aanname door zorgcoördinator",
        "Politie Noord",
        "Zorgcoördinatie Noord",
        "NG (Buiten de EU)",
        SUMMARY[:30],
        "Opvang, Juridische hulp",
        "Toestemming",
        "Bedenktijd",
        "Kosteloze rechtsbijstand",
    ):
        assert expected in text, expected


def test_regulations_follow_the_needs_and_the_eligibility_table(cast, regulations):
    found = published_regulations()
    names = [r.name for r in applicable(found, needs=["shelter"], nationality_group="non_eu", age_group="adult")]
    assert names == ["Bedenktijd"]
    assert applicable(found, needs=["shelter"], nationality_group="eu", age_group="adult") == []
    assert applicable(found, needs=["shelter"], nationality_group="nl", age_group="adult") == []
    # an unknown nationality may qualify: the document names the regulation
    assert len(applicable(found, needs=["shelter"], nationality_group="unknown", age_group="adult")) == 1
    names = [r.name for r in applicable(found, needs=["legal_aid"], nationality_group="nl", age_group="minor")]
    assert names == ["Kosteloze rechtsbijstand"]


def test_the_document_is_rendered_from_the_snapshot_not_the_live_referral(routed, flow, cast):
    referral, _route = routed
    handover = handover_of(referral, "acceptance")
    flow.as_role("coordinator").patch(
        reverse("referral-detail", args=[referral["id"]]),
        {"summary": "Een latere, andere samenvatting."},
        format="json",
    )
    handover.refresh_from_db()
    html = render_html(handover)
    assert SUMMARY in html
    assert "latere, andere" not in html


def test_the_pdf_is_archival_with_metadata(routed):
    referral, _route = routed
    handover = handover_of(referral, "route")
    reader = PdfReader(io.BytesIO(read(handover.document.name or "")))
    xmp = reader.xmp_metadata
    assert xmp is not None
    raw = xmp.stream.get_data().decode()
    assert re.search(r"pdfaid:part(>|=\")3", raw), raw
    assert re.search(r"pdfaid:conformance(>|=\")U", raw), raw
    info = reader.metadata
    assert info is not None
    assert info.title == f"Overdrachtsdocument {referral['reference']}, versie 1"
    assert info.author == "Zorgcoördinatie Noord"
    root: Any = reader.trailer["/Root"]
    assert root["/Lang"] == "nl"
    width, height = (float(value) for value in reader.pages[0].mediabox.upper_right)
    assert (round(width), round(height)) == (595, 842)  # A4 in points
    resources: list[Any] = [page["/Resources"] for page in reader.pages]
    fonts = {str(font.get_object()["/BaseFont"]) for found in resources for font in found["/Font"].values()}
    assert fonts
    assert all("Source-Sans-3" in name for name in fonts), fonts  # only the vendored typeface, embedded


def test_the_renderer_fetches_nothing_from_the_network():
    from weasyprint.urls import FatalURLFetchingError

    html = '<html><body><img src="http://198.51.100.7/tracker.png"><p>x</p></body></html>'
    with pytest.raises(FatalURLFetchingError):
        render_pdf(html, identifier=b"test")
    with pytest.raises(FatalURLFetchingError):
        render_pdf('<link rel="stylesheet" href="file:///etc/passwd"><p>x</p>', identifier=b"test")


# --- integrity -------------------------------------------------------------------------------


def test_the_stored_hash_is_the_downloaded_bytes_and_every_download_is_logged(routed, flow, cast):
    referral, _route = routed
    handover = handover_of(referral, "route")
    body = flow.as_role("provider").get(reverse("handover-detail", args=[handover.id])).json()
    assert body["state"] == "ready"
    assert body["kind"] == "route"
    assert body["supersedes"] is None
    before = AccessLog.objects.filter(action="handover_pdf").count()
    response = flow.as_role("provider").get(reverse("handover-pdf", args=[handover.id]))
    assert response["Content-Type"] == "application/pdf"
    assert sha256(response.content) == body["sha256"] == handover.sha256
    log = AccessLog.objects.filter(action="handover_pdf").latest("id")
    assert AccessLog.objects.filter(action="handover_pdf").count() == before + 1
    assert (log.user, log.object_id, log.channel) == (cast["provider"], handover.referral_id, "api")


def test_verify_answers_which_handover_and_any_changed_byte_fails(routed, client):
    referral, _route = routed
    handover = handover_of(referral, "route")
    data = read(handover.document.name or "")
    url = reverse("handover-verify")
    answer = client.post(url, {"file": SimpleUploadedFile("x.pdf", data, "application/pdf")})  # anonymous
    assert answer.status_code == 200
    assert answer.json() == {"valid": True, "handover": str(handover.id)}
    for position in (0, len(data) // 2, len(data) - 1):
        changed = bytearray(data)
        changed[position] ^= 0x01
        answer = client.post(url, {"file": SimpleUploadedFile("x.pdf", bytes(changed), "application/pdf")})
        assert answer.json() == {"valid": False, "handover": None}, position
    assert client.post(url, {}).status_code == 400


def test_verify_refuses_a_file_over_the_limit(client, settings, db):
    settings.HANDOVER_VERIFY_MAX_BYTES = 1000
    answer = client.post(reverse("handover-verify"), {"file": SimpleUploadedFile("x.pdf", b"%" * 1001)})
    assert answer.status_code == 413
    assert answer.json()["code"] == "too_large"
    # A body that says it is far too large is refused before it is read.
    settings.HANDOVER_VERIFY_MAX_BYTES = 10
    small = client.post(reverse("handover-verify"), {"file": SimpleUploadedFile("x.pdf", b"%" * 5)})
    assert small.status_code == 200
    huge = client.generic(
        "POST", reverse("handover-verify"), b"", content_type="multipart/form-data; boundary=x", CONTENT_LENGTH="9" * 9
    )
    assert huge.status_code == 413


def test_the_pdf_is_409_with_its_state_while_rendering(cast, flow):
    referral = flow.accepted()  # the on-commit rendering does not run inside the test's transaction
    handover = handover_of(referral, "acceptance")
    response = flow.as_role("coordinator").get(reverse("handover-pdf", args=[handover.id]))
    assert response.status_code == 409
    assert response.json()["state"] == "rendering"
    assert response.json()["code"] == "not_ready"


def test_rendering_twice_keeps_the_first_bytes(routed):
    referral, _route = routed
    handover = handover_of(referral, "route")
    first = (handover.sha256, handover.document.name, read(handover.document.name or ""))
    assert handover_services.handover_render(handover_id=handover.id, final=False) == "ready"
    handover.refresh_from_db()
    assert (handover.sha256, handover.document.name, read(handover.document.name or "")) == first
    _dirs, files = storages["handovers"].listdir(str(handover.referral_id))
    assert len(files) == 2  # the acceptance and the route document: no second copy


def test_a_render_that_loses_the_race_discards_its_file(routed):
    """Two workers rendered the same handover (a redelivered task): the first stored document wins."""
    referral, _route = routed
    handover = handover_of(referral, "route")
    late = storages["handovers"].save(f"{handover.referral_id}/late.pdf", ContentFile(b"%PDF-late"))
    assert handover_services._claim(handover.id, name=late, digest="0" * 64, size=9) == "ready"
    handover.refresh_from_db()
    assert handover.document.name != late
    assert not storages["handovers"].exists(late)


# --- versions ------------------------------------------------------------------------------


def test_a_reissue_supersedes_without_altering_the_old_version(routed, flow, cast, django_capture_on_commit_callbacks):
    referral, _route = routed
    old = handover_of(referral, "route")
    old_bytes = read(old.document.name or "")
    coordinator = flow.as_role("coordinator")
    coordinator.patch(reverse("referral-detail", args=[referral["id"]]), {"urgency": "urgent"}, format="json")
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator.post(reverse("handover-reissue", args=[old.id]))
    assert response.status_code == 201, response.content
    new = Handover.objects.get(pk=response.json()["id"])
    assert (new.version, new.supersedes_id, new.state) == (2, old.id, "ready")
    assert new.sha256 != old.sha256
    assert "Dringend" in pdf_text(read(new.document.name or ""))
    old.refresh_from_db()
    assert read(old.document.name or "") == old_bytes
    assert sha256(old_bytes) == old.sha256
    assert "Dringend" not in pdf_text(old_bytes)
    provider = flow.as_role("provider")
    assert provider.get(reverse("handover-pdf", args=[old.id])).content == old_bytes  # both stay readable
    assert provider.get(reverse("handover-detail", args=[old.id])).json()["superseded_by"] == str(new.id)
    assert coordinator.post(reverse("handover-reissue", args=[old.id])).status_code == 409  # not the newest
    issued = ReferralEvent.objects.filter(referral_id=referral["id"], event="handover_issued").latest("id")
    assert issued.changes["supersedes"] == str(old.id)


def test_who_may_reissue(routed, flow, cast):
    referral, route = routed
    handover = handover_of(referral, "route")
    url = reverse("handover-reissue", args=[handover.id])
    assert flow.as_role("provider").post(url).status_code == 403  # the recipient does not re-issue
    assert flow.client(cast.twins["coordinator"]).post(url).status_code == 404  # not its handover
    assert flow.as_role("signaller").post(url).status_code == 404
    assert flow.as_role("national_coordinator").post(url).status_code == 201  # CoMensha may
    acceptance = handover_of(referral, "acceptance")
    assert flow.as_role("signaller").post(reverse("handover-reissue", args=[acceptance.id])).status_code == 403
    flow.as_role("provider").post(reverse("route-decline", args=[route["id"]]), {"reason": "Vol."}, format="json")
    newest = Handover.objects.get(referral_id=referral["id"], kind="route", version=2)
    answer = flow.as_role("coordinator").post(reverse("handover-reissue", args=[newest.id]))
    assert answer.status_code == 409  # the route no longer stands


# --- acknowledgement ------------------------------------------------------------------------


def test_the_recipient_acknowledges_once_and_the_history_shows_it(
    routed, flow, cast, django_capture_on_commit_callbacks
):
    referral, _route = routed
    handover = handover_of(referral, "route")
    url = reverse("handover-acknowledge", args=[handover.id])
    heard = []

    def listen(sender, **kwargs):
        heard.append(kwargs)

    referral_event.connect(listen)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            response = flow.as_role("provider").post(url)
    finally:
        referral_event.disconnect(listen)
    assert response.status_code == 200
    body = response.json()
    assert body["acknowledged_by"] == str(cast["provider"].id)
    assert body["acknowledged_at"]
    assert [(e["event"], e["handover_id"]) for e in heard] == [("handover_acknowledged", handover.id)]
    assert flow.as_role("provider").post(url).status_code == 409  # once
    history = flow.as_role("coordinator").get(reverse("referral-history", args=[referral["id"]])).json()
    assert [row["event"] for row in history][-1] == "handover_acknowledged"
    issuer_view = flow.as_role("coordinator").get(reverse("handover-detail", args=[handover.id])).json()
    assert issuer_view["acknowledged_by"] == str(cast["provider"].id)  # the closed loop


def test_acknowledgement_by_the_wrong_organisation_is_refused(routed, flow, cast):
    referral, _route = routed
    handover = handover_of(referral, "route")
    url = reverse("handover-acknowledge", args=[handover.id])
    assert flow.client(cast.twins["provider"]).post(url).status_code == 404  # another shelter
    assert flow.as_role("coordinator").post(url).status_code == 403  # the issuer
    assert flow.as_role("national_coordinator").post(url).status_code == 403  # CoMensha sees it, is not the recipient
    assert flow.as_role("analyst").post(url).status_code == 403
    assert APIClient().post(url).status_code == 401
    handover.refresh_from_db()
    assert handover.acknowledged_at is None


# --- who sees handovers ---------------------------------------------------------------------


def test_only_the_two_organisations_and_comensha_see_a_handover(routed, flow, cast):
    referral, _route = routed
    route_handover = handover_of(referral, "route")
    acceptance = handover_of(referral, "acceptance")

    def listed(user):
        response = flow.client(user).get(reverse("handover-list"), {"referral": referral["id"]})
        return {row["id"] for row in response.json()["results"]}

    both = {str(route_handover.id), str(acceptance.id)}
    assert listed(cast["coordinator"]) == both  # received the acceptance, issued the route
    assert listed(cast["national_coordinator"]) == both
    assert listed(cast["provider"]) == {str(route_handover.id)}
    assert listed(cast["signaller"]) == {str(acceptance.id)}  # its own signal, handed over
    for outsider in (cast.twins["coordinator"], cast.twins["provider"], cast["auditor"], cast["directory_editor"]):
        assert listed(outsider) == set()
        assert flow.client(outsider).get(reverse("handover-detail", args=[route_handover.id])).status_code == 404
        assert flow.client(outsider).get(reverse("handover-pdf", args=[route_handover.id])).status_code == 404
    assert flow.as_role("analyst").get(reverse("handover-list")).status_code == 403


# --- rendering off the request path ------------------------------------------------------------


@pytest.fixture
def broken_storage(settings, tmp_path):
    """A storage whose directory is a file: every save fails, as a full or unreachable store would."""
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("")
    settings.STORAGES = {
        **settings.STORAGES,
        "handovers": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(blocker / "handovers")},
        },
    }
    return blocker


def test_a_render_that_fails_is_retried_then_shows_as_failed(
    cast, flow, broken_storage, caplog, django_capture_on_commit_callbacks, settings
):
    from referrals.tasks import render_handover

    with (
        caplog.at_level(logging.WARNING, logger="referrals.handovers.services"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        referral = flow.accepted()
    handover = handover_of(referral, "acceptance")
    assert handover.state == "failed"
    assert handover.attempts == settings.HANDOVER_RENDER_MAX_RETRIES + 1
    assert render_handover.max_retries == settings.HANDOVER_RENDER_MAX_RETRIES
    assert handover.last_error == "NotADirectoryError"
    assert handover.sha256 == ""
    assert not handover.document
    failures = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert len(failures) == 1
    assert "render_handovers --failed" in failures[0].getMessage()
    retries = [r for r in caplog.records if r.levelno == logging.WARNING and "retrying" in r.getMessage()]
    assert len(retries) == settings.HANDOVER_RENDER_MAX_RETRIES
    response = flow.as_role("coordinator").get(reverse("handover-pdf", args=[handover.id]))
    assert (response.status_code, response.json()["state"]) == (409, "failed")
    assert flow.as_role("coordinator").get(reverse("handover-detail", args=[handover.id])).json()["state"] == "failed"

    # The operator fixes the store and renders the failed handovers again.
    settings.STORAGES = {**settings.STORAGES, "handovers": {"BACKEND": "django.core.files.storage.InMemoryStorage"}}
    with django_capture_on_commit_callbacks(execute=True):
        call_command("render_handovers", "--failed", stdout=io.StringIO())
    handover.refresh_from_db()
    assert (handover.state, handover.attempts, handover.last_error) == ("ready", 1, "")


def test_the_sweep_schedules_a_handover_whose_task_was_lost(cast, flow, django_capture_on_commit_callbacks):
    referral = flow.accepted()  # committed without its task: the broker was down, say
    handover = handover_of(referral, "acceptance")
    assert handover.state == "rendering"
    with django_capture_on_commit_callbacks(execute=True):
        assert handover_services.render_stale() == 0  # too young: its task may still come
    later = handover.issued_at + dt.timedelta(hours=1)
    with time_machine.travel(later), django_capture_on_commit_callbacks(execute=True):
        assert handover_services.render_stale() == 1
    handover.refresh_from_db()
    assert handover.state == "ready"


# --- the pages ---------------------------------------------------------------------------------


def test_the_referral_page_lists_handovers_and_the_recipient_acknowledges_there(routed, client, cast):
    referral, _route = routed
    handover = handover_of(referral, "route")
    detail = reverse("referrals_web:detail", args=[referral["id"]])
    acknowledge = reverse("referrals_web:handover_acknowledge", args=[handover.id])
    download = reverse("referrals_web:handover_pdf", args=[handover.id])

    client.force_login(cast["coordinator"])  # the issuer: downloads, sees the state, may re-issue
    page = client.get(detail).content.decode()
    assert "Overdrachten" in page
    assert download in page
    assert "nog niet bevestigd" in page
    assert acknowledge not in page
    assert reverse("referrals_web:handover_reissue", args=[handover.id]) in page

    client.force_login(cast["provider"])  # the recipient
    page = client.get(detail).content.decode()
    assert acknowledge in page
    assert 'name="csrfmiddlewaretoken"' in page
    assert "style=" not in page  # a strict CSP is coming: no inline style
    response = client.post(acknowledge)
    assert response.status_code == 302
    handover.refresh_from_db()
    assert handover.acknowledged_by == cast["provider"]
    page = client.get(detail).content.decode()
    assert "bevestigd door provider" in page
    assert acknowledge not in page

    pdf = client.get(download)
    assert pdf["Content-Type"] == "application/pdf"
    assert sha256(pdf.content) == handover.sha256
    log = AccessLog.objects.filter(action="handover_pdf").latest("id")
    assert (log.user, log.channel) == (cast["provider"], "web")

    client.force_login(cast.twins["provider"])
    assert client.get(download).status_code == 404
    assert client.post(acknowledge).status_code == 404


def test_anyone_checks_a_document_on_the_public_page(routed, client):
    referral, _route = routed
    handover = handover_of(referral, "route")
    data = read(handover.document.name or "")
    url = reverse("referrals_web:handover_verify")
    page = client.get(url, {"id": str(handover.id)})
    assert page.status_code == 200
    assert str(handover.id) in page.content.decode()
    answer = client.post(url, {"file": SimpleUploadedFile("x.pdf", data, "application/pdf")}).content.decode()
    assert f"het document van overdracht {handover.id}" in answer
    changed = data[:-1] + bytes([data[-1] ^ 1])
    answer = client.post(url, {"file": SimpleUploadedFile("x.pdf", changed, "application/pdf")}).content.decode()
    assert "geen document dat NVM heeft uitgegeven, of het is gewijzigd" in answer


def test_a_rolled_back_acceptance_issues_and_schedules_nothing(cast, flow, django_capture_on_commit_callbacks):
    from django.db import transaction

    from referrals import services
    from referrals.models import Referral

    referral = Referral.objects.get(pk=flow.submitted()["id"])

    def accept_then_fail() -> None:
        with transaction.atomic():
            services.referral_accept(referral=referral, actor=cast["coordinator"])
            raise RuntimeError("something after the acceptance failed")

    with django_capture_on_commit_callbacks() as scheduled, pytest.raises(RuntimeError):
        accept_then_fail()
    assert scheduled == []
    assert not Handover.objects.filter(referral=referral).exists()


def test_the_handover_list_reads_a_fixed_number_of_queries(routed, flow, cast, django_assert_max_num_queries):
    client = flow.as_role("national_coordinator")
    with django_assert_max_num_queries(6):
        response = client.get(reverse("handover-list"))
    assert response.json()["count"] == 2
    more = ServiceFactory(organisation=cast.shelter_north, needs=["shelter"], regions=[cast.north])
    for _ in range(3):
        flow.routed(more)
    with django_assert_max_num_queries(6):
        response = client.get(reverse("handover-list"))
    assert response.json()["count"] == 8
