"""Sign-in, two-factor authentication, invitations and organisation pages.

Views authorise, parse the form, call a service and render or redirect; nothing else.
"""

from __future__ import annotations

import base64
from io import BytesIO
from typing import Any

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.plugins.otp_totp.models import TOTPDevice

from carehub.accounts import demo, forms, permissions, services
from carehub.accounts.http import AuthenticatedHttpRequest
from carehub.accounts.models import Invitation, Membership, Notification, Organisation, User
from carehub.accounts.roles import Capability
from carehub.core.forms import apply_validation_error
from carehub.core.models import LocalAuthority
from carehub.core.permissions import get_visible_or_404


def _safe_next(request: HttpRequest, default: str = "core:home") -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse(default)


class SignInView(auth_views.LoginView):
    form_class = forms.SignInForm
    template_name = "accounts/sign_in.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        if settings.DEMO_MODE:
            context["demo_accounts"] = demo.demo_accounts()
            context["demo_password"] = demo.DEMO_PASSWORD
        return context


class SignOutView(auth_views.LogoutView):
    http_method_names = ["post", "options"]


class PasswordResetView(auth_views.PasswordResetView):
    form_class = forms.GdsPasswordResetForm
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/email/password_reset_body.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password-reset-done")
    extra_email_context = {"service_name": settings.SERVICE_NAME}


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = forms.GdsSetPasswordForm
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password-reset-complete")


def _qr_svg(uri: str) -> str:
    image = qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = BytesIO()
    image.save(buffer)
    return buffer.getvalue().decode()


@login_required
def two_factor_setup(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        return redirect("accounts:two-factor-verify")
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
    form = forms.TokenForm(request.POST or None, submit_label="Turn on two-factor authentication")
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            services.enrol_two_factor(user=user, device=device)
            otp_login(request, device)
            messages.success(request, "Two-factor authentication is on")
            return redirect(_safe_next(request))
        form.add_error(
            "token", "The code is not correct. Check the time on your phone and try again"
        )
    secret = base64.b32encode(device.bin_key).decode()
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "qr_svg": _qr_svg(device.config_url),
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
            "next": _safe_next(request),
        },
    )


@login_required
def two_factor_verify(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = forms.TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(request.user, form.cleaned_data["token"])
        if device is not None:
            otp_login(request, device)
            return redirect(_safe_next(request))
        form.add_error("token", "The code is not correct. Check your app and try again")
    return render(
        request, "accounts/two_factor_verify.html", {"form": form, "next": _safe_next(request)}
    )


def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    invitation = services.find_invitation(token)
    if invitation is None:
        return render(request, "accounts/invitation_invalid.html", status=404)
    existing = User.objects.filter(email=invitation.email).exists()
    form = forms.AcceptInvitationForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and (existing or form.is_valid()):
        try:
            user = services.accept_invitation(
                invitation=invitation,
                password=None if existing else form.cleaned_data["password1"],
            )
        except ValidationError:
            return render(request, "accounts/invitation_invalid.html", status=404)
        if existing:
            messages.success(
                request, f"You have joined {invitation.organisation}. Sign in to continue."
            )
            return redirect("accounts:sign-in")
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        return redirect("accounts:two-factor-setup")
    return render(
        request,
        "accounts/invitation_accept.html",
        {"invitation": invitation, "form": form, "existing": existing},
    )


@login_required
def organisation_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not permissions.has_capability(request.user, Capability.VIEW_ORGANISATIONS):
        raise Http404
    organisations = (
        Organisation.objects.visible_to(request.user)
        .select_related("local_authority", "partnership")
        .annotate(member_count=Count("memberships"))
        .order_by("kind", "name")
    )
    kind = request.GET.get("kind", "")
    if kind in Organisation.Kind.values:
        organisations = organisations.filter(kind=kind)
    can_add = permissions.has_capability(request.user, Capability.MANAGE_ORGANISATIONS)
    return render(
        request,
        "accounts/organisation_list.html",
        {
            "organisations": organisations,
            "kinds": Organisation.Kind.choices,
            "selected_kind": kind,
            "can_add": can_add,
        },
    )


@login_required
def organisation_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    partnership = permissions.partnership_for_new_organisation(request.user)
    if partnership is None:
        raise Http404
    form = forms.OrganisationForm(
        request.POST or None,
        local_authorities=LocalAuthority.objects.visible_to(request.user).filter(
            region_id=partnership.region_id
        ),
    )
    if request.method == "POST" and form.is_valid():
        try:
            organisation = services.create_organisation(
                partnership=partnership, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, f"{organisation.name} has been added")
            return redirect("accounts:organisation-detail", organisation.uuid)
    return render(request, "accounts/organisation_form.html", {"form": form})


@login_required
def organisation_detail(request: AuthenticatedHttpRequest, uuid: Any) -> HttpResponse:
    organisation = permissions.get_organisation_for_user(request.user, uuid)
    can_manage = permissions.can_manage_members(request.user, organisation)
    members = Membership.objects.none()
    invitations = Invitation.objects.none()
    if can_manage:
        members = (
            Membership.objects.visible_to(request.user)
            .filter(organisation=organisation, user__is_service_account=False)
            .select_related("user")
        )
        invitations = (
            Invitation.objects.visible_to(request.user)
            .pending()
            .filter(organisation=organisation)
            .select_related("invited_by")
        )
    return render(
        request,
        "accounts/organisation_detail.html",
        {
            "organisation": organisation,
            "can_manage": can_manage,
            "members": members,
            "invitations": invitations,
        },
    )


@login_required
def invite(request: AuthenticatedHttpRequest, uuid: Any) -> HttpResponse:
    organisation = permissions.get_organisation_for_user(request.user, uuid)
    if not permissions.can_manage_members(request.user, organisation):
        raise PermissionDenied
    form = forms.InvitationForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            invitation, _token = services.invite_user(
                organisation=organisation, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, f"Invitation sent to {invitation.email}")
            return redirect("accounts:organisation-detail", organisation.uuid)
    return render(
        request, "accounts/invitation_form.html", {"form": form, "organisation": organisation}
    )


@login_required
@require_POST
def revoke_invitation(
    request: AuthenticatedHttpRequest, uuid: Any, invitation_uuid: Any
) -> HttpResponse:
    organisation = permissions.get_organisation_for_user(request.user, uuid)
    invitation = get_visible_or_404(
        Invitation.objects.visible_to(request.user).pending().filter(organisation=organisation),
        uuid=invitation_uuid,
    )
    services.revoke_invitation(invitation=invitation, actor=request.user)
    messages.success(request, f"The invitation to {invitation.email} has been withdrawn")
    return redirect("accounts:organisation-detail", organisation.uuid)


@login_required
def notification_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    if request.method == "POST":
        services.mark_notifications_read(user=request.user)
        messages.success(request, "All notifications are marked as read")
        return redirect("accounts:notification-list")
    notifications = Notification.objects.visible_to(request.user)[:100]
    return render(request, "accounts/notification_list.html", {"notifications": notifications})
