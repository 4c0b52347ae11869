"""The tamper-evident audit trail (DESIGN §11): one hash chain over every referral event, history
row and access-log entry; append-only tables on PostgreSQL; one audited erasure path; the daily
head recorded outside the database."""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
import uuid

import pytest
from django.core import mail
from django.db import connection, connections, transaction
from django.db.utils import ProgrammingError
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import AccessLog, record_access
from audit.chain import GENESIS, allow_erasure, canonical, chain_hash, entry_body, row_digest
from audit.heads import record_head, recorded_heads
from audit.models import Checkpoint, Entry
from audit.registry import sources
from audit.verify import verify
from referrals.models import Referral, ReferralEvent
from referrals.retention import erase_referral
from tests.factories import ServiceFactory

# --- the canonical form -----------------------------------------------------------------------


def test_the_canonical_form_is_fixed():
    """docs/decisions/0008-audit-chain.md, version 1: a change here breaks every recorded chain."""
    row = {
        "id": 7,
        "actor_id": uuid.UUID("12345678-1234-5678-1234-567812345678"),
        "at": dt.datetime(2026, 3, 1, 12, 30, tzinfo=dt.timezone(dt.timedelta(hours=1))),
        "changes": {"status": ["sent", "declined"], "reason": "Geen plek vrij \u2013 wachtlijst"},
        "event": "route_declined",
    }
    assert (
        canonical(row)
        == (
            '{"actor_id":"12345678-1234-5678-1234-567812345678","at":"2026-03-01T11:30:00.000000Z",'
            '"changes":{"reason":"Geen plek vrij \u2013 wachtlijst","status":["sent","declined"]},'
            '"event":"route_declined","id":7}'
        ).encode()
    )
    digest = row_digest("referrals.referralevent", 1, row)
    assert digest == "0c7f4ba5184803248bee7200f6a41c35d8c6571b66ff1c22856ef7d8ecb178b2"
    at = dt.datetime(2026, 3, 1, 11, 30, 0, 5, tzinfo=dt.UTC)
    body = entry_body(seq=1, at=at, source="referrals.referralevent", object_pk="7", form=1, digest=digest, data={})
    entry = canonical(body)
    assert (
        entry
        == (
            '{"at":"2026-03-01T11:30:00.000005Z","data":{},"form":1,"object":"7","row_digest":"'
            + digest
            + '","seq":1,"source":"referrals.referralevent","v":1}'
        ).encode()
    )
    assert chain_hash(GENESIS, body) == hashlib.sha256(GENESIS.encode() + entry).hexdigest()
    assert chain_hash(GENESIS, body) == "64d10b11e92d3fa4f9a42f623721af4cf1863e23377b938c697dc4a7a8872efc"


def test_the_newest_form_of_every_audited_model_covers_all_its_fields():
    """A field added to an audited model must join the chain: add a form (referrals/chained.py)."""
    expected = {
        "referrals.referralevent",
        "referrals.historicalreferral",
        "referrals.historicalroute",
        "referrals.historicalhandover",
        "accounts.accesslog",
        "accounts.historicaluser",
    }
    assert set(sources()) == expected
    for label, source in sources().items():
        fields = {field.attname for field in source.model._meta.concrete_fields}
        assert set(source.fields(source.form)) == fields, label


# --- every write joins ------------------------------------------------------------------------


def _entries(label):
    return Entry.objects.filter(source=label)


def test_every_audited_write_joins_one_unbroken_chain(cast, flow):
    referral = flow.accepted()
    flow.as_role("coordinator").get(reverse("referral-history", args=[referral["id"]]))
    for label, source in sources().items():
        rows = {str(pk) for pk in source.model._base_manager.values_list("pk", flat=True)}
        assert {entry.object_pk for entry in _entries(label)} == rows, label
    seqs = list(Entry.objects.values_list("seq", flat=True))
    assert seqs == list(range(1, len(seqs) + 1))
    result = verify()
    assert result.valid, result.problem
    assert result.checked == len(seqs)


# --- tampering ----------------------------------------------------------------------------------


def _without_trigger(table):
    """Tamper like an administrator with full rights: the append-only trigger off (inside the test's
    transaction, so it comes back when the test ends)."""
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending foreign-key checks: the table may change
        cursor.execute(f'ALTER TABLE "{table}" DISABLE TRIGGER audit_append_only')


def test_a_row_changed_with_raw_sql_is_found_and_named(cast, flow):
    referral = flow.accepted()
    event = ReferralEvent.objects.filter(referral_id=referral["id"], event="accepted").get()
    entry = _entries("referrals.referralevent").get(object_pk=str(event.pk))
    _without_trigger("referrals_referralevent")
    with connection.cursor() as cursor:
        cursor.execute("UPDATE referrals_referralevent SET changes = '{}' WHERE id = %s", [event.pk])
    result = verify()
    assert not result.valid
    assert result.first_bad == entry.seq
    assert result.problem is not None
    assert (result.problem.reason, result.problem.source, result.problem.object_pk) == (
        "row_changed",
        "referrals.referralevent",
        str(event.pk),
    )


def test_a_changed_history_row_and_a_changed_access_log_entry_are_found(cast, flow):
    referral = flow.accepted()
    flow.as_role("coordinator").get(reverse("referral-detail", args=[referral["id"]]))
    log = AccessLog.objects.latest("id")
    _without_trigger("accounts_accesslog")
    with connection.cursor() as cursor:
        cursor.execute("UPDATE accounts_accesslog SET user_id = %s WHERE id = %s", [cast["auditor"].pk, log.pk])
    result = verify()
    assert result.problem is not None
    assert (result.problem.reason, result.problem.object_pk) == ("row_changed", str(log.pk))

    with connection.cursor() as cursor:
        cursor.execute("UPDATE accounts_accesslog SET user_id = %s WHERE id = %s", [log.user_id, log.pk])
    assert verify().valid
    row = Referral.history.model.objects.filter(id=referral["id"]).earliest("history_id")
    _without_trigger("referrals_historicalreferral")
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE referrals_historicalreferral SET summary = 'Iets anders.' WHERE history_id = %s", [row.history_id]
        )
    result = verify()
    entry = _entries("referrals.historicalreferral").get(object_pk=str(row.history_id))
    assert result.first_bad == entry.seq


def test_a_changed_or_removed_entry_is_found(cast, flow):
    flow.accepted()
    victim = Entry.objects.order_by("seq")[5]
    _without_trigger("audit_entry")
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_entry SET data = '{\"x\": 1}' WHERE seq = %s", [victim.seq])
    result = verify()
    assert (result.first_bad, result.problem and result.problem.reason) == (victim.seq, "hash_mismatch")
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_entry SET data = '{}' WHERE seq = %s", [victim.seq])
        cursor.execute("DELETE FROM audit_entry WHERE seq = %s", [victim.seq + 1])
    result = verify()
    assert (result.first_bad, result.problem and result.problem.reason) == (victim.seq + 2, "gap")


def test_a_row_written_around_the_chain_is_found(cast):
    AccessLog.objects.bulk_create(  # bulk_create sends no post_save: the row never joins
        [AccessLog(user=cast["auditor"], object_type="referral", object_id=uuid.uuid4(), action="x", channel="api")]
    )
    result = verify()
    assert not result.valid
    assert result.problem is not None
    assert result.problem.reason == "unchained_row"
    assert result.problem.source == "accounts.accesslog"
    assert result.problem.object_pk == str(AccessLog.objects.get().pk)


# --- append-only on PostgreSQL -----------------------------------------------------------------

PROTECTED = [
    "referrals_referralevent",
    "referrals_historicalreferral",
    "referrals_historicalroute",
    "referrals_historicalhandover",
    "accounts_accesslog",
    "accounts_historicaluser",
    "audit_entry",
    "audit_checkpoint",
]


@pytest.mark.parametrize("table", PROTECTED)
def test_update_and_delete_are_refused(table, cast, flow):
    service = ServiceFactory(organisation=cast.shelter_north, needs=["shelter"], regions=[cast.north])
    referral, _route = flow.routed(service)
    flow.as_role("coordinator").get(reverse("referral-detail", args=[referral["id"]]))
    record_head()  # a checkpoint row
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT count(*) FROM "{table}"')  # noqa: S608  (a name from the list above)
        assert cursor.fetchone()[0] > 0
    statements = (f'UPDATE "{table}" SET {_some_column(table)}', f'DELETE FROM "{table}"')  # noqa: S608
    for statement in statements:
        with pytest.raises(ProgrammingError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement)


def _some_column(table):
    """An assignment that changes nothing but is still an UPDATE of every row."""
    column = {"audit_entry": "seq", "audit_checkpoint": "seq", "accounts_accesslog": "id"}.get(table)
    column = column or ("id" if table == "referrals_referralevent" else "history_id")
    return f"{column} = {column}"


# --- erasure --------------------------------------------------------------------------------------


def test_the_one_erasure_path_keeps_the_chain_verifiable(cast, flow):
    kept = flow.accepted()
    gone = flow.accepted()
    coordinator = flow.as_role("coordinator")
    coordinator.get(reverse("referral-detail", args=[gone["id"]]))
    flow.act(cast["coordinator"], gone["id"], "close", {"outcome": "lost_contact"})
    referral = Referral.objects.get(pk=gone["id"])
    chained_before = Entry.objects.count()

    record = erase_referral(referral=referral, reason="retention period ended")

    assert not Referral.objects.filter(pk=gone["id"]).exists()
    assert not ReferralEvent.objects.filter(referral_id=gone["id"]).exists()
    assert not Referral.history.model.objects.filter(id=gone["id"]).exists()
    assert not AccessLog.objects.filter(object_id=gone["id"]).exists()
    assert Entry.objects.count() > chained_before  # the entries stay; the record and the last history rows join
    assert record.source == "audit.erasure"
    assert record.data["reason"] == "retention period ended"
    assert len(record.data["erased"]) > 5
    result = verify()
    assert result.valid, result.problem

    # Without the erasure path, nothing of the other referral can be deleted.
    with pytest.raises(ProgrammingError, match="append-only"), transaction.atomic():
        ReferralEvent.objects.filter(referral_id=kept["id"]).delete()
    # The erasure setting allows DELETE only, never UPDATE, and never on the chain itself.
    allow_erasure()
    with pytest.raises(ProgrammingError, match="append-only"), transaction.atomic():
        ReferralEvent.objects.filter(referral_id=kept["id"]).update(changes={})
    with pytest.raises(ProgrammingError, match="append-only"), transaction.atomic():
        Entry.objects.filter(seq=1).delete()


def test_only_a_finished_referral_is_erased(cast, flow):
    from nvm.errors import TransitionNotAllowed

    referral = Referral.objects.get(pk=flow.accepted()["id"])
    with pytest.raises(TransitionNotAllowed):
        erase_referral(referral=referral, reason="too early")


# --- concurrency ------------------------------------------------------------------------------------

WRITERS = 20
WRITES_EACH = 5


@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_writers_leave_one_unbroken_chain(cast):
    start = threading.Barrier(WRITERS)
    errors: list[BaseException] = []
    users = list(cast.users.values())

    def write(number: int) -> None:
        try:
            start.wait(timeout=30)
            for _ in range(WRITES_EACH):
                record_access(
                    user=users[number % len(users)],
                    object_type="referral",
                    object_id=uuid.uuid4(),
                    action="detail",
                    channel="api",
                    ip="127.0.0.1",
                )
        except BaseException as error:  # reported by the main thread
            errors.append(error)
        finally:
            connections.close_all()

    before = Entry.objects.count()
    threads = [threading.Thread(target=write, args=(number,)) for number in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    assert AccessLog.objects.count() == WRITERS * WRITES_EACH
    seqs = list(Entry.objects.values_list("seq", flat=True))
    assert len(seqs) == before + WRITERS * WRITES_EACH
    assert seqs == list(range(1, len(seqs) + 1))
    prevs = list(Entry.objects.values_list("prev_hash", flat=True))
    assert len(set(prevs)) == len(prevs)  # no two entries follow the same one: no fork
    result = verify()
    assert result.valid, result.problem


def _read(user):
    record_access(user=user, object_type="referral", object_id=uuid.uuid4(), action="detail", channel="api", ip=None)


def test_an_append_is_one_round_trip_and_never_builds_on_an_undone_entry(cast):
    user = cast["coordinator"]
    _read(user)
    with CaptureQueriesContext(connection) as queries:
        _read(user)  # this process wrote the head: the guess holds
    chain_statements = [query["sql"] for query in queries.captured_queries if "audit_entry" in query["sql"]]
    assert len(chain_statements) == 1
    assert "pg_advisory_xact_lock" in chain_statements[0]
    undone = transaction.savepoint()
    _read(user)
    transaction.savepoint_rollback(undone)  # the entry of that read is gone again: the guess is stale
    with CaptureQueriesContext(connection) as queries:
        _read(user)
    assert len([query for query in queries.captured_queries if "audit_entry" in query["sql"]]) == 2
    seqs = list(Entry.objects.values_list("seq", flat=True))
    assert seqs == list(range(1, len(seqs) + 1))
    result = verify()
    assert result.valid, result.problem


# --- the head, recorded outside the database ----------------------------------------------------------


def _rewrite_chain_from(seq: int) -> None:
    """What someone with full database rights would do: recompute every digest and hash after a change,
    so that the chain is consistent in itself again, and drop the checkpoints."""
    for table in ("audit_entry", "audit_checkpoint"):
        _without_trigger(table)
    prev = Entry.objects.get(seq=seq - 1).hash if seq > 1 else GENESIS
    for entry in Entry.objects.filter(seq__gte=seq).order_by("seq"):
        source = sources().get(entry.source)
        digest = entry.row_digest
        if source is not None:
            fields = source.fields(entry.form)
            row = source.model._base_manager.filter(pk=entry.object_pk).values(*fields).first()
            if row is not None:
                digest = row_digest(entry.source, entry.form, row)
        body = entry_body(
            seq=entry.seq,
            at=entry.at,
            source=entry.source,
            object_pk=entry.object_pk,
            form=entry.form,
            digest=digest,
            data=entry.data,
        )
        new_hash = chain_hash(prev, body)
        Entry.objects.filter(seq=entry.seq).update(row_digest=digest, prev_hash=prev, hash=new_hash)
        prev = new_hash
    Checkpoint.objects.all().delete()


def test_the_head_check_catches_a_rewritten_chain(cast, flow, client_for):
    cast["auditor"].email = "auditor@example.org"
    cast["auditor"].save()
    referral = flow.accepted()
    recorded = record_head()
    assert recorded.new
    assert recorded.result.valid
    line = recorded.line
    assert f"seq={recorded.result.head_seq} hash={recorded.result.head_hash} valid=true" in line
    heads = recorded_heads()
    assert [(head.seq, head.hash) for head in heads] == [(recorded.result.head_seq, recorded.result.head_hash)]
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["auditor@example.org"]
    assert line in mail.outbox[0].body
    assert referral["reference"] not in mail.outbox[0].body  # no case data
    assert not record_head().new  # once a day
    assert len(mail.outbox) == 1

    event = ReferralEvent.objects.filter(referral_id=referral["id"]).earliest("id")
    _without_trigger("referrals_referralevent")
    ReferralEvent.objects.filter(pk=event.pk).update(changes={"rewritten": True})
    first = Entry.objects.get(source="referrals.referralevent", object_pk=str(event.pk)).seq
    _rewrite_chain_from(first)

    assert verify().valid  # consistent in itself: nothing inside the database shows it
    result = verify(heads=recorded_heads())
    assert not result.valid
    assert result.problem is not None
    assert (result.problem.reason, result.first_bad) == ("head_mismatch", recorded.result.head_seq)
    body = client_for(cast["auditor"]).get(reverse("audit-verify")).json()
    assert (body["valid"], body["first_bad"]) == (False, recorded.result.head_seq)


# --- the API ---------------------------------------------------------------------------------------------


def test_auditors_verify_the_chain_over_the_api(cast, flow, client_for):
    flow.accepted()
    url = reverse("audit-verify")
    body = client_for(cast["auditor"]).get(url).json()
    assert body["valid"] is True
    assert body["first_bad"] is None
    assert body["checked"] == Entry.objects.count()
    assert body["head"]["seq"] == Entry.objects.count()
    record_head()
    flow.accepted()
    since = client_for(cast["auditor"]).get(url, {"from": "checkpoint"}).json()
    assert since["valid"] is True
    assert since["checked"] == Entry.objects.count() - Checkpoint.objects.get().seq > 0
    assert client_for(cast["auditor"]).get(url, {"from": "yesterday"}).status_code == 400
    for role in ("coordinator", "national_coordinator", "analyst"):
        assert client_for(cast[role]).get(url).status_code == 403
    assert client_for(None).get(url).status_code == 401
