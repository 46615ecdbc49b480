"""The intake's answers stored, and the whole history folded again with them."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from runback.accounts.models import User
from runback.common.clock import today
from runback.rehab.checkin.folding import fold_whole_history, recorded_payloads
from runback.rehab.checkin.snapshots import store_refolded_snapshot
from runback.rehab.models import (
    RunnerProfile,
    Snapshot,
)


@transaction.atomic
def profile_save(
    *, runner: User, answers: dict[str, Any], completed: bool, author: User
) -> Snapshot:
    """Store the intake answers (engine `profile` shape) and recompute the snapshot."""
    as_of = today()
    profile, _ = RunnerProfile.objects.get_or_create(runner=runner)
    profile = RunnerProfile.objects.select_for_update().get(pk=profile.pk)
    merged = {**profile.answers, **answers}
    merged.setdefault("start_date", as_of.isoformat())
    payloads = recorded_payloads(runner)
    folded = fold_whole_history(answers=merged, payloads=payloads, as_of=as_of, runner=runner)
    profile.answers = merged
    profile.updated_at = timezone.now()
    if completed and profile.intake_completed_at is None:
        profile.intake_completed_at = timezone.now()
    profile.save()
    runner.log_action(
        "rehab.intake.saved",
        actor=author,
        data={"completed": profile.intake_completed_at is not None},
    )
    return store_refolded_snapshot(runner=runner, folded=folded, as_of=as_of, payloads=payloads)
