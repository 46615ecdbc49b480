from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    name = "runback.assessments"
    label = "assessments"
    verbose_name = _("Assessments")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from runback.accounts.audit import audit_actions_register
        from runback.assessments.audit import ACTIONS

        audit_actions_register(ACTIONS)

        from runback.accounts.exporting import export_section_register
        from runback.assessments.selectors import bookings_export

        export_section_register("assessments", lambda person: bookings_export(runner=person))

        from runback.accounts.signals import user_erasing

        user_erasing.connect(_cancel_bookings_of_erased, dispatch_uid="runback.assessments.erase")


def _cancel_bookings_of_erased(sender: object, user: object, **kwargs: object) -> None:
    from runback.accounts.models import User
    from runback.assessments.services import booking_cancel_all_of_clinician

    if isinstance(user, User) and user.is_clinic_staff:
        booking_cancel_all_of_clinician(clinician=user)
