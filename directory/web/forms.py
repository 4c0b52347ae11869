"""The forms of the Wegwijzer pages: the "Wie kan helpen?" question as a plain GET form, and the
directory editor's forms for organisations, services and regulations.

The editor's forms check the shape of the input and what the models say (unique codes, one
coordinator per region); the write itself is ``directory.services``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from directory.matching import UNKNOWN, Profile
from directory.models import Need, Organisation, Region, Regulation, Service
from directory.services import version_of
from directory.vocabulary import (
    AgeGroup,
    ExploitationForm,
    Gender,
    NationalityGroup,
    NeedCode,
    Phase,
    language_codes,
)
from nvm.input import SafeTextForm

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def _category(label: StrOrPromise, values: type[models.TextChoices]) -> forms.ChoiceField:
    """An optional select of a victim category; left empty or "onbekend" it restricts nothing."""
    return forms.ChoiceField(label=label, choices=values.choices, initial=UNKNOWN, required=False)


class WhoCanHelpForm(SafeTextForm):
    """One need of one person in one region: what the Wegwijzer needs to find the services that can help."""

    need = forms.ChoiceField(label=_("Hulpvraag"), choices=[("", _("Kies een hulpvraag")), *NeedCode.choices])
    region = forms.ModelChoiceField(
        label=_("Regio"),
        queryset=Region.objects.all(),
        to_field_name="code",
        empty_label=_("Kies een regio"),
    )
    gender = _category(_("Geslacht"), Gender)
    age_group = _category(_("Leeftijdsgroep"), AgeGroup)
    nationality_group = _category(_("Nationaliteitsgroep"), NationalityGroup)
    exploitation_form = _category(_("Uitbuitingsvorm"), ExploitationForm)
    language = forms.CharField(
        label=_("Taal (optioneel)"),
        required=False,
        max_length=3,
        help_text=_("De taal die de persoon spreekt, als code van twee letters (ISO 639-1), bijvoorbeeld ro."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["language"].widget.attrs.update({"size": 4, "autocomplete": "off"})

    def clean_language(self) -> str:
        try:
            codes = language_codes(self.cleaned_data["language"])
        except ValueError as error:
            raise forms.ValidationError(str(error), code="invalid_language") from None
        return codes[0] if codes else ""

    def need_code(self) -> str:
        """The chosen need code (only after ``is_valid()``)."""
        need: str = self.cleaned_data["need"]
        return need

    def profile(self) -> Profile:
        """What is known of the person (only after ``is_valid()``); empty selects mean "onbekend"."""
        data = self.cleaned_data
        region: Region = data["region"]
        exploitation_form = data["exploitation_form"] or UNKNOWN
        language = data["language"]
        return Profile(
            region=region.code,
            gender=data["gender"] or UNKNOWN,
            age_group=data["age_group"] or UNKNOWN,
            nationality_group=data["nationality_group"] or UNKNOWN,
            exploitation_forms=frozenset({exploitation_form} - {UNKNOWN}),
            languages=frozenset({language} if language else set()),
        )


# --- The directory editor's forms ---------------------------------------------------------------------------------


def _known(values: type[models.TextChoices]) -> list[tuple[str, Any]]:
    """The values a service may be limited to ("onbekend" restricts nothing)."""
    return [(value, label) for value, label in values.choices if value != UNKNOWN]


def _limited_to(label: StrOrPromise, values: type[models.TextChoices]) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label,
        choices=_known(values),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Niets aangevinkt: geen beperking."),
    )


def _regions(required: bool = False) -> forms.ModelMultipleChoiceField[Region]:
    return forms.ModelMultipleChoiceField(
        label=_("Regio's"), queryset=Region.objects.all(), required=required, widget=forms.CheckboxSelectMultiple
    )


def _needs(required: bool) -> forms.ModelMultipleChoiceField[Need]:
    return forms.ModelMultipleChoiceField(
        label=_("Hulpvragen"),
        queryset=Need.objects.all(),
        required=required,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Kies ten minste één hulpvraag.")},
    )


def _form_field(field: models.Field[Any, Any], **kwargs: Any) -> forms.Field | None:
    """Model fields as form fields; web addresses without a scheme are taken as https."""
    if isinstance(field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return field.formfield(**kwargs)


class EntryForm(SafeTextForm, forms.ModelForm):  # type: ignore[type-arg]  # one base for three models
    """An organisation, service or regulation as the editor writes it, with the version the editor
    started from (a hidden field), so that a save over someone else's newer one is refused."""

    version = forms.CharField(widget=forms.HiddenInput, required=False)

    #: Fields that are not the entry's own (left out of ``values()``).
    extra_fields: ClassVar[frozenset[str]] = frozenset({"version"})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.instance._state.adding:
            self.fields["version"].initial = version_of(self.instance)

    def started_from(self) -> str | None:
        """The version the editor loaded (only after ``is_valid()``); None for a new entry."""
        version: str = self.cleaned_data.get("version") or ""
        return version or None

    def values(self) -> dict[str, Any]:
        """The entry's fields as entered (only after ``is_valid()``), for the service."""
        return {name: value for name, value in self.cleaned_data.items() if name not in self.extra_fields}


class OrganisationForm(EntryForm):
    regions = _regions()

    class Meta:
        model = Organisation
        formfield_callback = _form_field
        fields = [
            "name",
            "kind",
            "description",
            "regions",
            "coordinates_region",
            "is_national_coordinator",
            "email",
            "phone",
            "website",
        ]

    def clean_coordinates_region(self) -> Region | None:
        region: Region | None = self.cleaned_data.get("coordinates_region")
        if region is not None:
            taken = Organisation.objects.filter(coordinates_region=region).exclude(pk=self.instance.pk)
            if taken.exists():
                raise forms.ValidationError(_("Deze regio heeft al een zorgcoördinator."), code="taken")
        return region

    def clean_is_national_coordinator(self) -> bool:
        value: bool = self.cleaned_data.get("is_national_coordinator", False)
        others = Organisation.objects.filter(is_national_coordinator=True).exclude(pk=self.instance.pk)
        if value and others.exists():
            raise forms.ValidationError(_("Er is al een landelijk coördinator."), code="taken")
        return value


class ServiceForm(EntryForm):
    organisation = forms.ModelChoiceField(
        label=_("Organisatie"), queryset=Organisation.objects.all(), empty_label=_("Kies een organisatie")
    )
    needs = _needs(required=True)
    regions = _regions()
    genders = _limited_to(_("Alleen voor geslacht"), Gender)
    age_groups = _limited_to(_("Alleen voor leeftijdsgroep"), AgeGroup)
    nationality_groups = _limited_to(_("Alleen voor nationaliteitsgroep"), NationalityGroup)
    exploitation_forms = _limited_to(_("Alleen voor uitbuitingsvorm"), ExploitationForm)
    phases = forms.MultipleChoiceField(
        label=_("Fasen"), choices=Phase.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    languages = forms.CharField(
        label=_("Talen"),
        required=False,
        max_length=200,
        help_text=_(
            "Alleen voor wie deze talen spreekt: codes van twee letters (ISO 639-1), gescheiden door komma's. "
            "Leeg: geen beperking."
        ),
    )

    class Meta:
        model = Service
        formfield_callback = _form_field
        fields = [
            "organisation",
            "name",
            "description",
            "needs",
            "national",
            "regions",
            "genders",
            "age_groups",
            "nationality_groups",
            "exploitation_forms",
            "languages",
            "phases",
            "email",
            "phone",
            "url",
            "capacity_total",
            "capacity_free",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.instance._state.adding and not self.is_bound:
            self.initial["languages"] = ", ".join(self.instance.languages)

    def clean_languages(self) -> list[str]:
        try:
            return language_codes(self.cleaned_data.get("languages") or "")
        except ValueError as error:
            raise forms.ValidationError(str(error), code="invalid_language") from None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in ("genders", "age_groups", "nationality_groups", "exploitation_forms", "phases"):
            if name in data:
                data[name] = sorted(set(data[name]))
        if "national" in data and "regions" in data and not data["national"] and not data["regions"]:
            self.add_error("regions", _("Kies de regio's van de dienst, of maak haar landelijk."))
        total, free = data.get("capacity_total"), data.get("capacity_free")
        if total is not None and free is not None and free > total:
            self.add_error("capacity_free", _("Er kunnen niet meer plaatsen vrij zijn dan er in totaal zijn."))
        return data


class RegulationForm(EntryForm):
    organisation = forms.ModelChoiceField(
        label=_("Verantwoordelijke organisatie"),
        queryset=Organisation.objects.all(),
        empty_label=_("Kies een organisatie"),
    )
    needs = _needs(required=False)

    class Meta:
        model = Regulation
        formfield_callback = _form_field
        fields = ["code", "name", "description", "eligibility", "needs", "organisation", "url"]
