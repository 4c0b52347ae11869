"""Which models join the chain, and the fixed list of fields that make up each row's canonical form.

An app declares its audited models in its ``AppConfig.ready`` with ``chain_model``; this
module then appends every new row of them to the chain (``post_save`` with ``created``).
Each source keeps every *form* it ever had: a form is the tuple of field attnames that
were hashed. Old entries are verified with the form they were written with, so adding a
field to an audited model means adding a form (a test keeps the newest form complete).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models.signals import post_save


@dataclass(frozen=True)
class Source:
    """An audited model: its label (``app.model``, lower case) and its forms."""

    label: str
    model: type[models.Model]
    forms: Mapping[int, tuple[str, ...]]

    @property
    def form(self) -> int:
        """The form new entries are written with: the newest."""
        return max(self.forms)

    def fields(self, form: int) -> tuple[str, ...]:
        return self.forms[form]


_SOURCES: dict[str, Source] = {}


def chain_model(model: type[models.Model], *, forms: Mapping[int, Sequence[str]]) -> Source:
    """Make every new row of ``model`` join the chain, hashed over the fields of the newest form."""
    label = model._meta.label_lower
    attnames = {field.attname for field in model._meta.concrete_fields}
    for form, names in forms.items():
        if form < 1 or not names:
            raise ValueError(f"{label}: form {form} must be a positive number with at least one field")
    unknown = set(forms[max(forms)]) - attnames
    if unknown:
        raise ValueError(f"{label}: the newest form names fields the model does not have: {sorted(unknown)}")
    source = Source(label=label, model=model, forms={form: tuple(names) for form, names in forms.items()})
    _SOURCES[label] = source
    post_save.connect(_joined, sender=model, dispatch_uid=f"audit.chain:{label}", weak=False)
    return source


def _joined(sender: type[models.Model], instance: models.Model, created: bool, **kwargs: Any) -> None:
    if created:
        from audit.chain import append_row

        append_row(instance, using=kwargs.get("using") or "default")


def sources() -> dict[str, Source]:
    """Every audited model, by label."""
    return dict(_SOURCES)


def source_of(label: str) -> Source | None:
    return _SOURCES.get(label)


@contextmanager
def suspended() -> Iterator[None]:
    """New rows are not chained inside this block. Only for the benchmark that measures what the
    chain costs: rows written here are missing from the chain and verification reports them."""
    for source in _SOURCES.values():
        post_save.disconnect(sender=source.model, dispatch_uid=f"audit.chain:{source.label}")
    try:
        yield
    finally:
        for source in _SOURCES.values():
            post_save.connect(_joined, sender=source.model, dispatch_uid=f"audit.chain:{source.label}", weak=False)
