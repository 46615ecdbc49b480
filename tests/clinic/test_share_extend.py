"""A runner whose share was given before the sharing words named the watch activities adds
them from their account page: the line under the clinic, the page with today's words and
a required tick, and on agreement the old share ends and a new one starts at the same
moment (same clinic and invitation, the new words, audited), so that the clinic's access
never lapses and the clinician's record shows the activities. Only the runner who owns
the share; Danish throughout."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from tests.activities.files import fit_activity
from tests.clinic.conftest import login
from tests.clinic.test_record_activities import import_files, morning, record_url
from tests.histories import give_intake

from runback.accounts.models import AuditEntry, Clinic, User
from runback.clinic import services
from runback.clinic.models import Share
from runback.clinic.sharing import share_paragraphs, share_text

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse


COPENHAGEN = ZoneInfo("Europe/Copenhagen")
pytestmark = [pytest.mark.django_db, pytest.mark.time_machine("2026-12-01 12:00 +01:00")]

OLD_TEXT = (
    "Jeg lader behandlerne og klinikadministratoren hos Testklinik se mit forløb i Runback: "
    "mine svar på helbredsspørgsmålene, mine registreringer, min plan og min historik."
)
GIVEN = datetime(2026, 10, 5, 9, 30, tzinfo=COPENHAGEN)
ACCOUNT = "/accounts/"
LINE = "Testklinik ser ikke de aktiviteter, du henter ind fra et ur."
# The English of the new texts, none of which may be left on a Danish page.
ENGLISH = (
    "does not see the activities",
    "Read the new words",
    "under the new words",
    "extended to watch activities",
    "Share your watch activities",
    "You have shared your record",
    "These are the words for sharing",
    "What you agreed to",
    "Agree to the new words",
    "Back to my account",
    "Tick the box",
    "can now also see",
    "already sees",
    "no longer share",
    "I have read the text above",
)


def no_english(body: str) -> None:
    for english in ENGLISH:
        assert english not in body, english


@pytest.fixture
def old_share(runner: User, clinician: User, clinic: Clinic) -> Share:
    """The runner's share with Testklinik, given on 5 October by invitation, under words
    that did not name the watch activities."""
    invitation = services.invitation_create(clinic=clinic, author=clinician)
    share = services.share_accept(runner=runner, code=invitation.code, language="da")
    assert share.invitation_id == invitation.pk
    Share.objects.filter(pk=share.pk).update(
        includes_activities=False, text=OLD_TEXT, given_at=GIVEN
    )
    share.refresh_from_db()
    return share


def extend_url(share: Share) -> str:
    return reverse("clinic:share_extend", args=[share.pk])


def nothing_written(runner: User, share: Share) -> None:
    share.refresh_from_db()
    assert share.withdrawn_at is None and not share.includes_activities
    assert Share.objects.filter(runner=runner).count() == 1
    assert not AuditEntry.objects.filter(subject=runner, action="clinic.share.extended").exists()


# --- the line on the account page --------------------------------------------------------------


def test_the_line_shows_for_a_share_without_activities(
    runner_client: Client, old_share: Share
) -> None:
    body = runner_client.get(ACCOUNT).content.decode()
    panel = body[body.index('id="sharing-heading"') :]
    assert LINE in panel
    assert f'href="{extend_url(old_share)}"' in panel
    assert "Læs den nye tekst, og del dem også" in panel
    no_english(body)


def test_no_line_for_a_share_with_activities(runner_client: Client, runner: User) -> None:
    share = Share.objects.get(runner=runner)
    assert share.includes_activities
    body = runner_client.get(ACCOUNT).content.decode()
    assert "ser ikke de aktiviteter" not in body
    assert extend_url(share) not in body


# --- the page with the words ---------------------------------------------------------------------


def test_get_shows_the_words_of_today(runner_client: Client, old_share: Share) -> None:
    response = runner_client.get(extend_url(old_share))
    assert response.status_code == 200
    body = response.content.decode()
    with translation.override("da"):
        paragraphs = share_paragraphs(clinic_name="Testklinik")
    for paragraph in paragraphs:
        assert escape(paragraph) in body
    assert "aktiviteter, jeg henter ind fra et ur" in body
    assert "Del også dine aktiviteter fra ur med Testklinik" in body
    assert "Du har delt dit forløb med Testklinik siden den 5. oktober." in body
    assert "Hvad du sagde ja til den 5. oktober" in body and escape(OLD_TEXT) in body
    assert '<input type="checkbox" name="agree" required' in body
    assert "Jeg har læst teksten ovenfor" in body
    no_english(body)
    nothing_written(old_share.runner, old_share)


def test_post_without_the_tick_changes_nothing(runner_client: Client, old_share: Share) -> None:
    response = runner_client.post(extend_url(old_share), {})
    assert response.status_code == 200
    body = response.content.decode()
    field = body[body.index('class="field checkbox-field"') :]
    field = field[: field.index("</div>")]
    assert "Sæt flueben, hvis du siger ja til teksten ovenfor." in field
    no_english(body)
    nothing_written(old_share.runner, old_share)


def test_post_with_the_tick_ends_the_old_share_and_starts_the_new(
    runner_client: Client, runner: User, old_share: Share
) -> None:
    clinic_before = User.objects.get(pk=runner.pk).clinic_id
    response = runner_client.post(extend_url(old_share), {"agree": "on"})
    assert response.status_code == 302 and response["Location"] == reverse("accounts:account")

    old_share.refresh_from_db()
    assert old_share.withdrawn_at is not None
    assert timedelta(0) <= timezone.now() - old_share.withdrawn_at < timedelta(seconds=5)
    assert old_share.text == OLD_TEXT and not old_share.includes_activities  # as agreed then
    active = Share.objects.get(runner=runner, withdrawn_at__isnull=True)
    assert active.pk != old_share.pk
    assert active.clinic_id == old_share.clinic_id
    assert active.invitation_id == old_share.invitation_id is not None
    assert active.includes_activities
    assert active.language == "da"
    assert active.text == share_text(clinic_name="Testklinik", language="da")
    assert "aktiviteter, jeg henter ind fra et ur" in active.text
    assert active.given_at == old_share.withdrawn_at  # no moment without a share
    assert Share.objects.filter(runner=runner).count() == 2

    entries = AuditEntry.objects.filter(subject=runner, action__startswith="clinic.share.")
    extended = entries.get(action="clinic.share.extended")
    assert extended.actor_id == runner.pk and extended.data == {"clinic": "Testklinik"}
    assert not entries.filter(action="clinic.share.withdrawn").exists()
    assert User.objects.get(pk=runner.pk).clinic_id == clinic_before

    body = runner_client.get(ACCOUNT).content.decode()
    assert "Testklinik kan nu også se de aktiviteter, du henter ind fra et ur." in body
    assert "ser ikke de aktiviteter" not in body
    assert "derefter med den nye tekst, der også omfatter dine aktiviteter fra ur" in body
    assert "Deling med en klinik udvidet med aktiviteter fra ur" in body  # the runner's log
    no_english(body)


def test_the_new_share_is_in_the_language_of_the_page(runner: User, old_share: Share) -> None:
    client = login(runner)
    client.cookies["django_language"] = "en"
    client.post(extend_url(old_share), {"agree": "on"}, HTTP_ACCEPT_LANGUAGE="en")
    active = Share.objects.get(runner=runner, withdrawn_at__isnull=True)
    assert active.language == "en"
    assert active.text == share_text(clinic_name="Testklinik", language="en")
    assert "activities I import from a watch" in active.text


def test_the_clinician_then_sees_the_activities(
    runner: User, old_share: Share, clinician: User
) -> None:
    give_intake(runner, cadence_spm=160)
    import_files(runner, {"session.fit": fit_activity(start=morning())})
    staff = login(clinician)

    def section() -> str:
        body = staff.get(record_url(runner)).content.decode()
        return body[body.index('id="activities-heading"') : body.index('id="timeline-heading"')]

    before = section()
    assert "Løbetur" not in before
    assert "Løberen kan nu selv tilføje dem på sin kontoside i Runback" in before
    assert "stopper delingen" not in before and "ny invitation" not in before
    assert "The runner" not in before

    login(runner).post(extend_url(old_share), {"agree": "on"})

    after = section()
    assert "Løbetur" in after and "1,64 km" in after
    assert "før aktiviteter fra ur blev en del af delingen" not in after


def test_the_runners_page_lists_flat_as_shares_are_extended(
    runner_client: Client, runner: User, old_share: Share
) -> None:
    runner_client.get(ACCOUNT)  # warm up (session, caches)
    with CaptureQueriesContext(connection) as one_share:
        runner_client.get(ACCOUNT)
    runner_client.post(extend_url(old_share), {"agree": "on"})
    with CaptureQueriesContext(connection) as two_shares:
        body = runner_client.get(ACCOUNT).content.decode()
    assert "derefter med den nye tekst" in body
    assert len(two_shares) == len(one_share)


# --- who may ---------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["other_runner", "clinician", "anonymous"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_nobody_else_can(
    persona: str,
    method: str,
    runner: User,
    old_share: Share,
    other_runner: User,
    clinician: User,
) -> None:
    client = {
        "other_runner": login(other_runner),
        "clinician": login(clinician),
        "anonymous": Client(),
    }[persona]
    response = getattr(client, method)(extend_url(old_share), {"agree": "on"})
    if persona == "anonymous":
        assert response.status_code == 302 and "login" in response["Location"]
    else:
        assert response.status_code == {"other_runner": 404, "clinician": 403}[persona]
    nothing_written(runner, old_share)
    assert Share.objects.filter(runner=other_runner).count() == 1


def test_the_service_refuses_anybody_elses_share(
    runner: User, old_share: Share, other_runner: User, clinician: User
) -> None:
    for person in (other_runner, clinician):
        assert services.share_extend(runner=person, share_id=old_share.pk, language="da") is None
    assert services.share_extend(runner=runner, share_id=0, language="da") is None
    nothing_written(runner, old_share)


# --- nothing to extend -----------------------------------------------------------------------


def _follow(client: Client, method: str, url: str) -> str:
    send: Callable[..., _MonkeyPatchedWSGIResponse] = getattr(client, method)
    response = send(url, {"agree": "on"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("accounts:account")
    return response.content.decode()


@pytest.mark.parametrize("method", ["get", "post"])
def test_an_extended_share_again_writes_nothing(
    method: str, runner_client: Client, runner: User, old_share: Share
) -> None:
    assert runner_client.post(extend_url(old_share), {"agree": "on"}).status_code == 302
    new = Share.objects.get(runner=runner, withdrawn_at__isnull=True)
    shares_logged = AuditEntry.objects.filter(subject=runner, action__startswith="clinic.share.")
    count = shares_logged.count()
    for share in (old_share, new):  # a second tab with the old page; the new share's id
        body = _follow(runner_client, method, extend_url(share))
        assert "Testklinik ser allerede de aktiviteter, du henter ind fra et ur." in body
        no_english(body)
    assert Share.objects.filter(runner=runner).count() == 2
    assert Share.objects.get(runner=runner, withdrawn_at__isnull=True).pk == new.pk
    assert shares_logged.count() == count
    assert shares_logged.filter(action="clinic.share.extended").count() == 1


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_withdrawn_share_writes_nothing(
    method: str, runner_client: Client, runner: User, old_share: Share
) -> None:
    assert services.share_withdraw(runner=runner, share_id=old_share.pk)
    body = _follow(runner_client, method, extend_url(old_share))
    assert "Du deler ikke længere dit forløb med Testklinik, så der er intet at tilføje." in body
    no_english(body)
    assert not Share.objects.filter(runner=runner, withdrawn_at__isnull=True).exists()
    assert Share.objects.filter(runner=runner).count() == 1
    assert not AuditEntry.objects.filter(subject=runner, action="clinic.share.extended").exists()
    assert services.share_extend(runner=runner, share_id=old_share.pk, language="da") is None


def test_the_service_extends_once(
    runner: User, old_share: Share, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks() as callbacks:
        share = services.share_extend(runner=runner, share_id=old_share.pk, language="da")
    assert share is not None and share.includes_activities
    assert len(callbacks) == 1  # the alerts are refreshed after the commit, as on sharing
    assert services.share_extend(runner=runner, share_id=old_share.pk, language="da") is None
    assert services.share_extend(runner=runner, share_id=share.pk, language="da") is None
    assert Share.objects.filter(runner=runner, withdrawn_at__isnull=True).count() == 1


# --- the download ----------------------------------------------------------------------------


def test_the_download_holds_both_shares(
    runner_client: Client, runner: User, old_share: Share
) -> None:
    runner_client.post(extend_url(old_share), {"agree": "on"})
    data = json.loads(runner_client.get(reverse("rehab:export")).content)
    shares = data["clinic"]["shares"]
    assert [s["clinic"] for s in shares] == ["Testklinik", "Testklinik"]
    first, second = shares
    assert first["text"] == OLD_TEXT and first["includes_activities"] is False
    assert first["withdrawn_at"] and first["withdrawn_at"] == second["given_at"]
    assert second["includes_activities"] is True and second["withdrawn_at"] is None
    assert "aktiviteter, jeg henter ind fra et ur" in second["text"]
    actions = [e["action"] for e in data["audit_log"]]
    assert "clinic.share.extended" in actions
