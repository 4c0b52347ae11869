"""The forms of the referral pages: registering a referral, the lifecycle actions and the list's filters.

They check the shape of the input only. Whether the actor may do it, whether the status allows it and
whether free text holds an identifier is decided by ``referrals.services`` (the one place for writes).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from directory.models import Organisation, OrganisationKind, Region, Service, Viewer
from directory.vocabulary import AgeGroup, ExploitationForm, Gender, NeedCode, Phase, language_codes, nationality_code
from nvm.input import SafeTextForm
from referrals.filters import ReferralFilter
from referrals.models import Consent, EventKind, Outcome, Urgency

#: Free-text fields of the referral form: when the anonymisation guard refuses one, it is emptied.
FREE_TEXT_FIELDS = frozenset({"summary"})

SUMMARY_HELP = _(
    "Beschrijf wat er is gebeurd, niet wie het is. Geen namen (ook geen voornaam), geboortedata, adressen, "
    "telefoonnummers, e-mailadressen of accounts op sociale media, en geen nummers van een paspoort, "
    "identiteitskaart, verblijfsvergunning, BSN, V-nummer, buitenlands persoonsnummer, bankrekening of kenteken."
)


def _choose(label: Any, choices: Sequence[tuple[str, Any]]) -> list[tuple[str, Any]]:
    return [("", label), *choices]


class ReferralForm(SafeTextForm):
    """What a signaller registers (the API's ``ReferralWriteSerializer``), as a plain form."""

    region = forms.ModelChoiceField(
        label=_("Regio"),
        queryset=Region.objects.all(),
        to_field_name="code",
        empty_label=_("Kies een regio"),
        help_text=_("De regio waar de persoon is aangetroffen; de zorgcoördinatie van die regio neemt het op."),
    )
    gender = forms.ChoiceField(label=_("Geslacht"), choices=_choose(_("Kies"), Gender.choices))
    age_group = forms.ChoiceField(label=_("Leeftijdsgroep"), choices=_choose(_("Kies"), AgeGroup.choices))
    nationality = forms.CharField(
        label=_("Nationaliteit"),
        max_length=7,
        help_text=_("Landcode van twee letters (ISO 3166-1), bijvoorbeeld RO voor Roemenië, of 'unknown'."),
    )
    exploitation_forms = forms.MultipleChoiceField(
        label=_("Uitbuitingsvormen"),
        choices=ExploitationForm.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Kies ten minste één uitbuitingsvorm (of 'Onbekend').")},
    )
    needs = forms.MultipleChoiceField(
        label=_("Hulpvragen"),
        choices=NeedCode.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Kies ten minste één hulpvraag.")},
    )
    urgency = forms.ChoiceField(label=_("Urgentie"), choices=Urgency.choices, initial=Urgency.NORMAL)
    consent = forms.ChoiceField(label=_("Toestemming"), choices=_choose(_("Kies"), Consent.choices))
    languages = forms.CharField(
        label=_("Talen (optioneel)"),
        required=False,
        max_length=200,
        help_text=_("Talen die de persoon spreekt, als codes van twee letters (ISO 639-1), gescheiden door komma's."),
    )
    summary = forms.CharField(
        label=_("Samenvatting (geanonimiseerd)"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 6, "cols": 60}),
        help_text=SUMMARY_HELP,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["nationality"].widget.attrs.update({"size": 8, "autocomplete": "off"})
        self.fields["languages"].widget.attrs.update({"autocomplete": "off"})

    def clean_nationality(self) -> str:
        try:
            return nationality_code(str(self.cleaned_data["nationality"]))
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None

    def clean_languages(self) -> list[str]:
        try:
            return language_codes(str(self.cleaned_data["languages"]))
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None

    def referral_data(self) -> dict[str, Any]:
        """The validated data as ``referral_create`` takes it (only after ``is_valid()``)."""
        data = dict(self.cleaned_data)
        for name in ("exploitation_forms", "needs"):
            data[name] = list(dict.fromkeys(data[name]))  # distinct, in the given order
        return data


class ReasonForm(SafeTextForm):
    """Why a referral is declined or withdrawn, or a route declined."""

    reason = forms.CharField(
        label=_("Reden"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 50}),
        help_text=_("Zonder namen of andere gegevens waarmee iemand te herkennen is."),
        error_messages={"required": _("Geef een reden.")},
    )


class PhaseForm(SafeTextForm):
    phase = forms.ChoiceField(label=_("Fase"), choices=Phase.choices)


class CloseForm(SafeTextForm):
    outcome = forms.ChoiceField(label=_("Uitkomst"), choices=_choose(_("Kies een uitkomst"), Outcome.choices))


def coordinating_organisations() -> QuerySet[Organisation]:
    """The organisations a referral can be assigned to: regional care coordinators and CoMensha."""
    return Organisation.objects.filter(kind=OrganisationKind.CARE_COORDINATION).filter(
        Q(coordinates_region__isnull=False) | Q(is_national_coordinator=True)
    )


class ReassignForm(SafeTextForm):
    """The national coordinator moves a referral to another care coordinator (the service checks it)."""

    organisation = forms.ModelChoiceField(
        label=_("Naar zorgcoördinator"),
        queryset=Organisation.objects.none(),
        empty_label=_("Kies een organisatie"),
        error_messages={"required": _("Kies een organisatie.")},
    )

    def __init__(self, *args: Any, current: uuid.UUID | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = coordinating_organisations().order_by("name")
        field = self.fields["organisation"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101
        field.queryset = choices.exclude(pk=current) if current else choices


class RouteProposeForm(SafeTextForm):
    """One service of the directory for one need of the referral.

    On the page its choices are the matching results, best first (``options``); a posted service is
    looked up among the services the actor may see, and the service layer checks that it meets the need."""

    need = forms.ChoiceField(choices=NeedCode.choices, widget=forms.HiddenInput)
    service = forms.ModelChoiceField(label=_("Dienst"), queryset=Service.objects.none(), empty_label=None)

    def __init__(
        self, *args: Any, viewer: Viewer, options: Sequence[tuple[str, str]] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["service"]
        if not isinstance(field, forms.ModelChoiceField):  # pragma: no cover - declared above
            raise TypeError(field)
        field.queryset = Service.objects.restrict(viewer).select_related("organisation")
        if options is not None:
            field.choices = list(options)


class ReferralListFilter(ReferralFilter):
    """The API's referral filters with Dutch labels; the page filters on status, phase and overdue."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.filters["region"]
        self.filters["status"].label = _("Status")
        self.filters["status"].extra["empty_label"] = _("Alle statussen")
        self.filters["phase"].label = _("Fase")
        self.filters["phase"].extra["empty_label"] = _("Alle fasen")
        self.filters["overdue"].label = _("Te laat")
        self.filters["overdue"].extra["choices"] = [("true", _("Alleen te laat")), ("false", _("Niet te laat"))]
        self.filters["overdue"].extra["empty_label"] = _("Alle")


class VerifyForm(SafeTextForm):
    file = forms.FileField(
        label=_("Het PDF-bestand van de overdracht"),
        help_text=_("Het bestand wordt alleen vergeleken met de opgeslagen vingerafdruk en niet bewaard."),
    )


# --- The auditor's searches --------------------------------------------------------------------------------------


class _AuditSearch(SafeTextForm):
    """What the auditor's searches share: a referral's reference and a period (both ends included)."""

    reference = forms.CharField(
        label=_("Kenmerk van de verwijzing"),
        required=False,
        max_length=20,
        help_text=_("Bijvoorbeeld NVM-7K3D-QX9M."),
    )
    date_from = forms.DateField(
        label=_("Vanaf (datum)"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    date_to = forms.DateField(
        label=_("Tot en met (datum)"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def clean_reference(self) -> str:
        reference: str = self.cleaned_data.get("reference") or ""
        return reference.strip().upper()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("Deze datum ligt voor de begindatum."))
        return data


class AccessLogSearch(_AuditSearch):
    """The access log's filters: who, which referral, when."""

    username = forms.CharField(label=_("Gebruikersnaam"), required=False, max_length=150)
    field_order = ["username", "reference", "date_from", "date_to"]


class HistorySearch(_AuditSearch):
    """The history search: which referral, who did it, what, when."""

    actor = forms.CharField(label=_("Door (gebruikersnaam)"), required=False, max_length=150)
    event = forms.ChoiceField(
        label=_("Gebeurtenis"), required=False, choices=[("", _("Alle gebeurtenissen")), *EventKind.choices]
    )
    field_order = ["reference", "actor", "event", "date_from", "date_to"]


class ChainCheckForm(SafeTextForm):
    """Where the check of the audit chain starts."""

    start = forms.ChoiceField(
        label=_("Controleer"),
        choices=[
            ("start", _("de hele keten, vanaf het begin")),
            ("checkpoint", _("vanaf het laatste controlepunt (sneller)")),
        ],
        initial="start",
        widget=forms.RadioSelect,
    )
