"""The "Wie kan helpen?" question as a plain GET form."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from directory.matching import UNKNOWN, Profile
from directory.models import Region
from directory.vocabulary import AgeGroup, ExploitationForm, Gender, NationalityGroup, NeedCode, language_codes
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
