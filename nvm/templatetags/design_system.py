"""Form controls drawn by the NL Design System: the component class for each Django widget.

``{{ field|ds_control }}`` renders a field's widget with its ``utrecht-*`` class; a field of
checkboxes or radio buttons is rendered choice by choice, ``{{ choice|ds_choice }}``, because the
class of a whole multiple-choice widget would land on its wrapper as well as on each input. The
templates stay the one place that decides the markup around the control (``referrals/_field.html``).
"""

from __future__ import annotations

from django import forms, template
from django.forms.boundfield import BoundField, BoundWidget
from django.forms.widgets import Input
from django.utils.safestring import SafeString

register = template.Library()

_TEXTBOX = "utrecht-textbox utrecht-textbox--html-input"
_CONTROL_CLASSES: tuple[tuple[type[forms.Widget], str], ...] = (
    (forms.CheckboxSelectMultiple, ""),  # rendered per choice, see ds_choice
    (forms.RadioSelect, ""),
    (forms.Textarea, "utrecht-textarea utrecht-textarea--html-textarea"),
    (forms.Select, "utrecht-select utrecht-select--html-select"),
    (forms.CheckboxInput, "utrecht-checkbox utrecht-checkbox--html-input utrecht-form-field__input"),
    (forms.FileInput, ""),  # the design system has no file control; the browser's own is clear
    (forms.HiddenInput, ""),
    (Input, _TEXTBOX),
)


def _with_class(existing: str | None, extra: str) -> str:
    return " ".join(part for part in (existing, extra) if part)


def control_class(widget: forms.Widget) -> str:
    """The design system's class for a widget, or "" where it has none."""
    for kind, css_class in _CONTROL_CLASSES:
        if isinstance(widget, kind):
            return css_class
    return ""


@register.filter
def ds_control(field: BoundField) -> SafeString:
    """The field's widget with the design system's class added to its own."""
    css_class = control_class(field.field.widget)
    if not css_class:
        return field.as_widget()
    existing = field.field.widget.attrs.get("class")
    return field.as_widget(attrs={"class": _with_class(existing, css_class)})


@register.filter
def ds_choice(choice: BoundWidget) -> SafeString:
    """One checkbox or radio button of a multiple-choice field, without its label."""
    attrs = dict(choice.data["attrs"])
    kind = "radio-button" if choice.data.get("type") == "radio" else "checkbox"
    own = f"utrecht-{kind} utrecht-{kind}--html-input utrecht-form-field__input"
    attrs["class"] = _with_class(attrs.get("class"), own)
    choice.data = {**choice.data, "attrs": attrs}
    return choice.tag()


@register.filter
def is_multiple_choice(field: BoundField) -> bool:
    """True for a field drawn as a group of checkboxes or radio buttons."""
    return isinstance(field.field.widget, forms.CheckboxSelectMultiple | forms.RadioSelect)


@register.filter
def is_checkbox(field: BoundField) -> bool:
    """True for a single checkbox, whose label follows it."""
    return isinstance(field.field.widget, forms.CheckboxInput)
