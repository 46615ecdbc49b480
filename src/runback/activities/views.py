"""The runner's activities: upload watch files, see each activity next to the plan, and
open the session check-in filled in from it. Thin: services write, selectors read."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.datastructures import MultiValueDict
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods

from runback.accounts.decorators import runner_access_required, runner_required
from runback.accounts.models import User
from runback.activities import selectors, services, tasks
from runback.activities.forms import MB, UploadForm, refused_message
from runback.activities.models import ImportBatch
from runback.activities.services import IncomingFile, UploadRefused
from runback.activities.uploads import UploadSizeLimit
from runback.common.clock import today
from runback.rehab import selectors as rehab_selectors


def _runner(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _output(runner: User) -> dict[str, Any]:
    """The runner's stored advice (next_run, the cadence band), read only."""
    state = rehab_selectors.runner_state_get(viewer=runner, runner_id=runner.pk)
    return state.output if state else {}


def _list_page(request: HttpRequest, form: UploadForm, status: int = 200) -> HttpResponse:
    runner = _runner(request)
    output = _output(runner)
    day = today()
    activities = list(selectors.activities_for(viewer=runner, runner=runner)[:50])
    logged = selectors.logged_for(runner=runner, activities=activities, output=output)
    rows = [
        (a, selectors.plan_match(activity=a, output=output, today=day, logged=logged.get(a.pk)))
        for a in activities
    ]
    trend = selectors.cadence_trend(viewer=runner, runner=runner, output=output, today=day)
    return render(
        request,
        "activities/list.html",
        {
            "form": form,
            "rows": rows,
            "trend": trend,
            "intake_band": output.get("cadence_target_spm"),
        },
        status=status,
    )


@runner_access_required
@require_GET
def activity_list(request: HttpRequest) -> HttpResponse:
    return _list_page(request, UploadForm())


def _refused_form(message: str) -> UploadForm:
    """The form again, with only the reason the upload was refused at its field."""
    form = UploadForm(data={}, files=MultiValueDict())
    form.is_valid()
    form.errors["files"] = form.error_class([message])
    return form


@csrf_exempt  # checked below, once the size limit is in place (Django's documented way)
@runner_required
@require_http_methods(["POST"])
def activity_upload(request: HttpRequest) -> HttpResponse:
    limit = UploadSizeLimit(request, settings.RUNBACK_IMPORT_MAX_REQUEST_MB * MB)
    request.upload_handlers.insert(0, limit)
    return _upload(request, limit)


@csrf_protect
def _upload(request: HttpRequest, limit: UploadSizeLimit) -> HttpResponse:
    try:
        form = UploadForm(request.POST, request.FILES)
        valid = form.is_valid()
    except ValidationError:
        valid = False
    if limit.refused:  # the body was cut off: none of it is kept
        message = refused_message("request_too_large", limit.size, limit.limit)
        return _list_page(request, _refused_form(message), status=413)
    if not valid:
        return _list_page(request, form, status=400)
    runner = _runner(request)
    files = [IncomingFile(f.name, f.size or 0, f.read) for f in form.cleaned_data["files"]]
    tasks.batches_recover(runner=runner)  # an interrupted batch's uploads no longer count
    try:
        batch = services.batch_create(runner=runner, files=files)
    except UploadRefused as refused:
        message = refused_message(refused.code, refused.size, refused.limit)
        status = 413 if refused.code == "request_too_large" else 400
        return _list_page(request, _refused_form(message), status=status)
    tasks.batch_start(batch=batch)
    return redirect("activities:batch", pk=batch.pk)


@runner_access_required
@require_GET
def batch_detail(request: HttpRequest, pk: int) -> HttpResponse:
    runner = _runner(request)
    batch = selectors.batch_get(viewer=runner, runner=runner, pk=pk)
    if batch is None:
        raise Http404
    if services.batch_is_stale(batch):  # interrupted: started again, or stopped, now
        tasks.batch_recover(batch_id=batch.pk)
        batch.refresh_from_db()
    items = list(selectors.batch_items(batch=batch))
    imported = [i for i in items if i.activity_id is not None]
    if batch.status == ImportBatch.Status.DONE and len(items) == 1 and imported:
        return redirect("activities:detail", pk=imported[0].activity_id)
    return render(
        request,
        "activities/batch.html",
        {
            "batch": batch,
            "items": items,
            "running": batch.status in {ImportBatch.Status.QUEUED, ImportBatch.Status.RUNNING},
            "stopped": batch.status == ImportBatch.Status.STOPPED,
        },
    )


@runner_access_required
@require_GET
def activity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    runner = _runner(request)
    activity = selectors.activity_get(viewer=runner, runner=runner, pk=pk)
    if activity is None:
        raise Http404
    output = _output(runner)
    logged = selectors.logged_for(runner=runner, activities=[activity], output=output)
    match = selectors.plan_match(
        activity=activity, output=output, today=today(), logged=logged.get(activity.pk)
    )
    return render(
        request,
        "activities/detail.html",
        {"activity": activity, "match": match, "output": output},
    )
