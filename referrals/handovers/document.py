"""A handover's document: the snapshot as HTML (a Django template), the HTML as PDF/A (WeasyPrint).

Everything the PDF needs is local: the template and stylesheet of this app, the fonts vendored
in ``referrals/handovers/fonts`` (Source Sans 3, OFL) and a QR code drawn as inline SVG. The URL
fetcher refuses anything else, so no document ever reaches the network.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from urllib.request import url2pathname

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe

from directory.vocabulary import AgeGroup, ExploitationForm, Gender, NationalityGroup, NeedCode, Phase
from directory.web.views import language_name
from referrals.models import Consent, Handover, HandoverKind, Status, Urgency

HERE = Path(__file__).resolve().parent
FONTS = HERE / "fonts"
STYLESHEET = HERE.parent / "templates" / "referrals" / "handover" / "document.css"
TEMPLATE = "referrals/handover/document.html"
#: PDF/A-3 with Unicode text (3b plus extractable text): archival, and searchable when filed.
PDF_VARIANT = "pdf/a-3u"
#: Files the renderer may read; everything else (http, https, ftp, other files) is refused.
ALLOWED_ROOTS = (FONTS, STYLESHEET.parent)


def local_only_fetcher() -> Any:
    """WeasyPrint's URL fetcher, allowed to read our own fonts and stylesheet and ``data:`` URLs only.

    Anything else stops the rendering (a document never depends on the network). WeasyPrint is
    imported here, not at start-up: it is slow to import and only the rendering task needs it."""
    from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

    class LocalOnlyFetcher(URLFetcher):  # type: ignore[misc]
        def __init__(self) -> None:
            super().__init__(allowed_protocols={"file", "data"}, fail_on_errors=True, allow_redirects=False)

        def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
            if url.startswith("file:"):
                path = Path(url2pathname(urlsplit(url).path)).resolve()
                if not any(path.is_relative_to(root) for root in ALLOWED_ROOTS) or not path.is_file():
                    raise FatalURLFetchingError(f"a handover document may not read {url}")
                return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": _content_type(path)})
            if url.startswith("data:"):
                return super().fetch(url, headers)
            raise FatalURLFetchingError(f"a handover document fetches nothing from the network ({url.split(':')[0]})")

    return LocalOnlyFetcher()


def _content_type(path: Path) -> str:
    return {".css": "text/css", ".woff": "font/woff"}.get(path.suffix, "application/octet-stream")


def verify_url(handover_id: Any) -> str:
    """Where a reader checks a document: the public verification page, with the handover's id."""
    return f"{settings.SITE_URL}{reverse('referrals_web:handover_verify')}?id={handover_id}"


def qr_svg(url: str) -> SafeString:
    """The verification address as a QR code (inline SVG; sized by the stylesheet)."""
    code = segno.make(url, error="m", micro=False)
    return mark_safe(code.svg_inline(scale=1, border=0, omitsize=True, title=url))  # noqa: S308  (segno's own SVG)


def _label(choices: Any, value: str) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value


def _labels(choices: Any, values: list[str]) -> list[str]:
    return [_label(choices, value) for value in values]


def _local(value: str | None) -> dt.datetime | None:
    return timezone.localtime(dt.datetime.fromisoformat(value)) if value else None


@dataclass(frozen=True)
class Predecessor:
    id: str
    version: int
    issued_at: dt.datetime


def document_context(handover: Handover) -> dict[str, Any]:
    """What the template shows: the snapshot in words, and the handover's own fixed facts."""
    snap = handover.snapshot
    if snap.get("v") != 1:
        raise ValueError(f"handover snapshot version {snap.get('v')!r} has no document template")
    profile = snap["profile"]
    previous = handover.supersedes
    route = snap.get("route")
    return {
        "handover": handover,
        "snap": snap,
        "kind": _label(HandoverKind, snap["kind"]),
        "full": snap["view"] == "full",
        "status": _label(Status, snap["status"]),
        "phase": _label(Phase, profile["phase"]),
        "gender": _label(Gender, profile["gender"]),
        "age_group": _label(AgeGroup, profile["age_group"]),
        "nationality_group": _label(NationalityGroup, profile["nationality_group"]),
        "exploitation_forms": _labels(ExploitationForm, profile["exploitation_forms"]),
        "languages": [language_name(code) for code in profile["languages"]],
        "urgency": _label(Urgency, profile["urgency"]),
        "needs": _labels(NeedCode, snap["needs"]),
        "consent": _label(Consent, snap.get("consent", "")),
        "route_need": _label(NeedCode, route["need"]) if route else "",
        "submitted_at": _local(snap.get("submitted_at")),
        "accepted_at": _local(snap.get("accepted_at")),
        "route_sent_at": _local(route.get("sent_at")) if route else None,
        "issued_at": timezone.localtime(handover.issued_at),
        "previous": Predecessor(str(previous.id), previous.version, timezone.localtime(previous.issued_at))
        if previous
        else None,
        "verify_url": verify_url(handover.id),
        "qr": qr_svg(verify_url(handover.id)),
        "stylesheet": STYLESHEET.as_uri(),
        "fonts": FONTS.as_uri(),
    }


def render_html(handover: Handover) -> str:
    """The document as HTML, in Dutch (the language it is filed in)."""
    with translation.override("nl"):
        return render_to_string(TEMPLATE, document_context(handover))


def render_pdf(html: str, *, identifier: bytes) -> bytes:
    """The HTML as an archival PDF (PDF/A-3u, A4, fonts embedded). Slow: call it from a task."""
    from weasyprint import HTML

    document = HTML(string=html, base_url=STYLESHEET.parent.as_uri() + "/", url_fetcher=local_only_fetcher())
    pdf: bytes = document.write_pdf(pdf_variant=PDF_VARIANT, pdf_identifier=identifier)
    return pdf
