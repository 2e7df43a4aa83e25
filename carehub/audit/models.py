"""The audit trail: every write (AuditEvent) and every read or export of sensitive records
(AccessEvent). Both are append-only; AuditEvents form a hash chain so tampering shows."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NoReturn

from django.conf import settings
from django.db import models

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from carehub.accounts.models import User


class AppendOnlyModel(models.Model):
    """Rows are written once: updating or deleting one through the ORM is a programming error.
    (Retention, when it arrives, deletes with a queryset and records that it did.)"""

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise RuntimeError(f"{type(self).__name__} rows are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise RuntimeError(f"{type(self).__name__} rows are append-only")


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def visible_to(self, user: User | AnonymousUser) -> AuditEventQuerySet:
        from carehub.accounts.permissions import partnership_ids_with
        from carehub.accounts.roles import Capability

        return self.filter(partnership_id__in=partnership_ids_with(user, Capability.VIEW_AUDIT))


class AuditEvent(AppendOnlyModel):
    """One change to the hub's records: who did what to which record, with the old and new
    values. `hash` covers this row and the previous row's hash, so editing or removing any
    row breaks the chain (checked by `verify_audit_chain`)."""

    seq = models.PositiveBigIntegerField(unique=True, editable=False)
    occurred_at = models.DateTimeField(editable=False)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="audit_events",
        help_text="Empty for the system itself (imports, scheduled jobs).",
    )
    verb = models.CharField(max_length=80)
    partnership = models.ForeignKey(
        "accounts.Partnership", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Typed subjects make "everything that happened to X" one indexed query; later apps add
    # their main subjects (worker, provider, concern) here. subject_type/subject_id name the
    # exact record for every event, whatever its type.
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    subject_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="audit_events_about",
    )
    subject_type = models.CharField(max_length=100)
    subject_id = models.CharField(max_length=64)
    data = models.JSONField(default=dict, blank=True, help_text="Old and new values.")
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-seq"]
        indexes = [
            models.Index(fields=["verb", "occurred_at"], name="audit_event_verb_time"),
            models.Index(fields=["subject_type", "subject_id"], name="audit_event_subject"),
            models.Index(fields=["partnership", "-seq"], name="audit_event_partnership"),
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.verb} {self.subject_type}:{self.subject_id}"


class AuditChainHead(models.Model):
    """The single row holding the latest sequence number and hash. Writers lock it, so
    events are chained one at a time even with concurrent transactions on PostgreSQL."""

    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, default="0" * 64)

    def __str__(self) -> str:
        return f"Audit chain head at #{self.seq}"


class AccessEventQuerySet(models.QuerySet["AccessEvent"]):
    def visible_to(self, user: User | AnonymousUser) -> AccessEventQuerySet:
        from carehub.accounts.permissions import partnership_ids_with
        from carehub.accounts.roles import Capability

        return self.filter(partnership_id__in=partnership_ids_with(user, Capability.VIEW_AUDIT))


class AccessEvent(AppendOnlyModel):
    """Someone read or exported a sensitive record (personal or safeguarding data)."""

    class Action(models.TextChoices):
        VIEW = "view", "Viewed"
        EXPORT = "export", "Exported"

    occurred_at = models.DateTimeField(auto_now_add=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="access_events"
    )
    action = models.CharField(max_length=10, choices=Action.choices)
    partnership = models.ForeignKey(
        "accounts.Partnership", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    subject_type = models.CharField(max_length=100)
    subject_id = models.CharField(max_length=64)
    detail = models.CharField(max_length=200, blank=True)

    objects = AccessEventQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_at"]
        indexes = [
            models.Index(fields=["subject_type", "subject_id"], name="audit_access_subject"),
            models.Index(fields=["user", "occurred_at"], name="audit_access_user"),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.action} {self.subject_type}:{self.subject_id}"
