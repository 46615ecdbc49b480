from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.urls import path

from runback.accounts import views
from runback.common.http import no_store

app_name = "accounts"

urlpatterns = [
    path("signup/", views.signup, name="signup"),
    path("signup/sent/", views.signup_done, name="signup_done"),
    path("email/confirm/<uidb64>/<token>/", views.email_confirm, name="email_confirm"),
    path("email/unconfirmed/", views.email_unconfirmed, name="email_unconfirmed"),
    path("login/", no_store(views.RunbackLoginView.as_view()), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", views.account, name="account"),
    path("region/", views.region, name="region"),
    path("consent/", views.consent, name="consent"),
    path("consent/withdraw/", views.consent_withdraw, name="consent_withdraw"),
    path("delete/", views.delete, name="delete"),
    path(
        "password/change/",
        views.RunbackPasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(
            template_name="accounts/password_change_done.html"
        ),
        name="password_change_done",
    ),
    path(
        "password/reset/",
        no_store(views.RunbackPasswordResetView.as_view()),
        name="password_reset",
    ),
    path(
        "password/reset/sent/",
        no_store(
            auth_views.PasswordResetDoneView.as_view(
                template_name="accounts/password_reset_done.html"
            )
        ),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        no_store(views.RunbackPasswordResetConfirmView.as_view()),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/done/",
        no_store(
            auth_views.PasswordResetCompleteView.as_view(
                template_name="accounts/password_reset_complete.html"
            )
        ),
        name="password_reset_complete",
    ),
]
