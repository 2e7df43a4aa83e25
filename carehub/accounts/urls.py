from django.contrib.auth import views as auth_views
from django.urls import path

from carehub.accounts import views

app_name = "accounts"

urlpatterns = [
    path("account/sign-in/", views.SignInView.as_view(), name="sign-in"),
    path("account/sign-out/", views.SignOutView.as_view(), name="sign-out"),
    path("account/two-factor/set-up/", views.two_factor_setup, name="two-factor-setup"),
    path("account/two-factor/", views.two_factor_verify, name="two-factor-verify"),
    path("account/password-reset/", views.PasswordResetView.as_view(), name="password-reset"),
    path(
        "account/password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password-reset-done",
    ),
    path(
        "account/password-reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password-reset-confirm",
    ),
    path(
        "account/password-reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/password_reset_complete.html"
        ),
        name="password-reset-complete",
    ),
    path("account/invitation/<str:token>/", views.accept_invitation, name="accept-invitation"),
    path("notifications/", views.notification_list, name="notification-list"),
    path("organisations/", views.organisation_list, name="organisation-list"),
    path("organisations/add/", views.organisation_create, name="organisation-create"),
    path("organisations/<uuid:uuid>/", views.organisation_detail, name="organisation-detail"),
    path("organisations/<uuid:uuid>/invite/", views.invite, name="invite"),
    path(
        "organisations/<uuid:uuid>/invitations/<uuid:invitation_uuid>/withdraw/",
        views.revoke_invitation,
        name="revoke-invitation",
    ),
]
