"""REST API for casework: the same visibility and the same services as the pages."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import F, QuerySet
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, mixins, parsers, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from carehub.accounts.models import Organisation, User
from carehub.core.api import raise_api_error
from carehub.workers import access, services
from carehub.workers.models import (
    SHAREABLE,
    Case,
    ConsentEntry,
    Document,
    FollowUp,
    Note,
    Referral,
    Task,
    Worker,
)


def _actor(request: Request) -> User:
    if not isinstance(request.user, User):
        raise exceptions.NotAuthenticated
    return request.user


# Case fields that belong to a SHAREABLE group: hidden from a receiver it was not shared with.
GROUP_OF_FIELD = {
    "local_authority": "location",
    "deadline": "immigration",
    "deadline_reason": "immigration",
}


class CaseSerializer(serializers.ModelSerializer[Case]):
    id = serializers.UUIDField(source="uuid", read_only=True)
    reference = serializers.CharField(source="worker.reference", read_only=True)
    worker_name = serializers.CharField(source="worker.full_name", read_only=True)
    local_authority = serializers.CharField(
        source="worker.local_authority.gss_code", read_only=True, allow_null=True
    )
    eligibility = serializers.CharField(source="worker.eligibility", read_only=True)
    deadline = serializers.DateField(source="worker.deadline", read_only=True, allow_null=True)
    deadline_reason = serializers.CharField(source="worker.deadline_reason", read_only=True)
    assigned_to = serializers.EmailField(
        source="assigned_to.email", read_only=True, allow_null=True
    )

    class Meta:
        model = Case
        fields = [
            "id",
            "reference",
            "worker_name",
            "local_authority",
            "status",
            "outcome",
            "placed_on",
            "source",
            "first_contact_at",
            "eligibility",
            "deadline",
            "deadline_reason",
            "assigned_to",
        ]

    def to_representation(self, instance: Case) -> dict[str, Any]:
        """A receiver of a referral sees only the groups shared with them (others: null)."""
        data: dict[str, Any] = super().to_representation(instance)
        user = self.context["request"].user
        shared = access.shared_groups(user, instance, list(instance.referrals.all()))
        if shared != set(SHAREABLE):
            for field in ("eligibility", "assigned_to", "source", "outcome"):
                data[field] = None
            for field, group in GROUP_OF_FIELD.items():
                if group not in shared:
                    data[field] = None
        return data


class StatusSerializer(serializers.Serializer[Any]):
    status = serializers.ChoiceField(choices=Case.Status.choices)
    outcome = serializers.ChoiceField(choices=Case.Outcome.choices, required=False, default="")
    placed_on = serializers.DateField(required=False, allow_null=True, default=None)


class AssignSerializer(serializers.Serializer[Any]):
    assigned_to = serializers.EmailField(allow_null=True)


class MergeSerializer(serializers.Serializer[Any]):
    duplicate = serializers.UUIDField(help_text="The worker record to merge into this case's.")
    reason = serializers.CharField(max_length=300)


class TaskSerializer(serializers.ModelSerializer[Task]):
    id = serializers.UUIDField(source="uuid", read_only=True)
    assigned_to = serializers.EmailField(
        source="assigned_to.email", allow_null=True, required=False, default=None
    )

    class Meta:
        model = Task
        fields = ["id", "title", "due_on", "assigned_to", "done_at"]
        read_only_fields = ["done_at"]


class NoteSerializer(serializers.ModelSerializer[Note]):
    author = serializers.EmailField(source="author.email", read_only=True)

    class Meta:
        model = Note
        fields = ["text", "author", "created_at"]
        read_only_fields = ["created_at"]


class DocumentSerializer(serializers.ModelSerializer[Document]):
    id = serializers.UUIDField(source="uuid", read_only=True)
    file = serializers.FileField(write_only=True)

    class Meta:
        model = Document
        fields = ["id", "kind", "file", "original_name", "content_type", "size", "created_at"]
        read_only_fields = ["original_name", "content_type", "size", "created_at"]


class ConsentEntrySerializer(serializers.ModelSerializer[ConsentEntry]):
    recipient = serializers.CharField(source="recipient.name", read_only=True, allow_null=True)

    class Meta:
        model = ConsentEntry
        fields = [
            "created_at",
            "kind",
            "purpose",
            "lawful_basis",
            "recipient",
            "fields",
            "consent_reference",
            "override_reason",
        ]


class CaseViewSet(viewsets.ReadOnlyModelViewSet[Case]):
    """Cases the caller may see, the ones running out of time first. Receivers of a referral
    see only what was shared with them. Changes go through the same services as the pages."""

    serializer_class = CaseSerializer
    lookup_field = "uuid"

    def get_queryset(self) -> QuerySet[Case]:
        return (
            Case.objects.visible_to(self.request.user)
            .select_related("worker__local_authority", "assigned_to")
            .prefetch_related("referrals")
            .order_by(F("worker__deadline").asc(nulls_last=True), "first_contact_at")
        )

    def _full_case(self) -> Case:
        """The case, for operations only whole-case viewers may use (404 otherwise)."""
        case = self.get_object()
        if not access.has_full_view(self.request.user, case):
            raise Http404
        return case

    def _run(self, call: Any) -> Any:
        try:
            return call()
        except (DjangoValidationError, DjangoPermissionDenied) as error:
            raise_api_error(error)

    @extend_schema(request=StatusSerializer, responses=CaseSerializer)
    @action(detail=True, methods=["post"])
    def status(self, request: Request, uuid: Any = None) -> Response:
        """Move the case on: closing needs an outcome, a placement the job start date."""
        case = self.get_object()
        body = StatusSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        self._run(
            lambda: services.change_status(
                case=case,
                to=data["status"],
                outcome=data["outcome"],
                placed_on=data["placed_on"],
                actor=_actor(request),
            )
        )
        return Response(self.get_serializer(self.get_object()).data)

    @extend_schema(request=AssignSerializer, responses=CaseSerializer)
    @action(detail=True, methods=["post"])
    def assign(self, request: Request, uuid: Any = None) -> Response:
        """Give the case to a caseworker (by email), or to nobody (null)."""
        case = self.get_object()
        body = AssignSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        email = body.validated_data["assigned_to"]
        to = User.objects.filter(email__iexact=email).first() if email else None
        if email and to is None:
            raise serializers.ValidationError({"assigned_to": "No such person"})
        self._run(lambda: services.assign_case(case=case, to=to, actor=_actor(request)))
        return Response(self.get_serializer(self.get_object()).data)

    @extend_schema(request=MergeSerializer, responses=CaseSerializer)
    @action(detail=True, methods=["post"])
    def merge(self, request: Request, uuid: Any = None) -> Response:
        """Merge a duplicate worker record into this case's worker, with the reason."""
        case = self._full_case()
        body = MergeSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        duplicate = Worker.objects.filter(
            partnership_id=case.partnership_id, uuid=body.validated_data["duplicate"]
        ).first()
        if duplicate is None:
            raise serializers.ValidationError({"duplicate": "No such worker record"})
        self._run(
            lambda: services.merge_workers(
                keep=case.worker,
                duplicate=duplicate,
                reason=body.validated_data["reason"],
                actor=_actor(request),
            )
        )
        return Response(self.get_serializer(self.get_object()).data)

    @extend_schema(request=TaskSerializer, responses=TaskSerializer(many=True))
    @action(detail=True, methods=["get", "post"])
    def tasks(self, request: Request, uuid: Any = None) -> Response:
        """The case's tasks; POST adds one."""
        case = self._full_case()
        if request.method == "POST":
            body = TaskSerializer(data=request.data)
            body.is_valid(raise_exception=True)
            email = body.validated_data.get("assigned_to", {}).get("email")
            assignee = User.objects.filter(email__iexact=email).first() if email else None
            self._run(
                lambda: services.add_task(
                    case=case,
                    title=body.validated_data["title"],
                    due_on=body.validated_data["due_on"],
                    assigned_to=assignee,
                    actor=_actor(request),
                )
            )
        return Response(TaskSerializer(case.tasks.select_related("assigned_to"), many=True).data)

    @extend_schema(request=None, responses=TaskSerializer(many=True))
    @action(detail=True, methods=["post"], url_path=r"tasks/(?P<task>[0-9a-f-]{36})/done")
    def task_done(self, request: Request, uuid: Any = None, task: str = "") -> Response:
        """Mark one of the case's tasks done."""
        case = self._full_case()
        found = case.tasks.filter(uuid=task).first()
        if found is None:
            raise Http404
        self._run(lambda: services.complete_task(task=found, actor=_actor(request)))
        return Response(TaskSerializer(case.tasks.select_related("assigned_to"), many=True).data)

    @extend_schema(request=NoteSerializer, responses=NoteSerializer(many=True))
    @action(detail=True, methods=["get", "post"])
    def notes(self, request: Request, uuid: Any = None) -> Response:
        """Staff-only notes; POST adds one."""
        case = self._full_case()
        if request.method == "POST":
            body = NoteSerializer(data=request.data)
            body.is_valid(raise_exception=True)
            self._run(
                lambda: services.add_note(
                    case=case, text=body.validated_data["text"], actor=_actor(request)
                )
            )
        return Response(NoteSerializer(case.notes.select_related("author"), many=True).data)

    @extend_schema(request=DocumentSerializer, responses=DocumentSerializer(many=True))
    @action(
        detail=True,
        methods=["get", "post"],
        parser_classes=[parsers.MultiPartParser, parsers.FormParser],
    )
    def documents(self, request: Request, uuid: Any = None) -> Response:
        """Documents on the case (details only: files are downloaded from the case page);
        POST uploads one (multipart)."""
        case = self._full_case()
        if request.method == "POST":
            body = DocumentSerializer(data=request.data)
            body.is_valid(raise_exception=True)
            self._run(
                lambda: services.add_document(
                    case=case,
                    kind=body.validated_data["kind"],
                    upload=body.validated_data["file"],
                    actor=_actor(request),
                )
            )
        return Response(DocumentSerializer(case.documents.all(), many=True).data)

    @extend_schema(responses=ConsentEntrySerializer(many=True))
    @action(detail=True, methods=["get"])
    def consents(self, request: Request, uuid: Any = None) -> Response:
        """The worker's consent ledger: consents given and withdrawn, and disclosures."""
        case = self._full_case()
        entries = case.worker.consents.select_related("recipient")
        return Response(ConsentEntrySerializer(entries, many=True).data)


class FollowUpSerializer(serializers.ModelSerializer[FollowUp]):
    id = serializers.UUIDField(source="uuid", read_only=True)
    case = serializers.UUIDField(source="case.uuid", read_only=True)

    class Meta:
        model = FollowUp
        fields = [
            "id",
            "case",
            "days_after",
            "due_on",
            "done_at",
            "still_employed",
            "visa_granted",
            "notes",
        ]
        read_only_fields = ["days_after", "due_on", "done_at"]


class FollowUpViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet[FollowUp],
):
    """Checks after a placement. Updating one records what it found."""

    serializer_class = FollowUpSerializer
    lookup_field = "uuid"
    http_method_names = ["get", "put", "head", "options"]

    def get_queryset(self) -> QuerySet[FollowUp]:
        return FollowUp.objects.filter(
            case__in=Case.objects.fully_visible_to(self.request.user)
        ).select_related("case")

    def perform_update(self, serializer: Any) -> None:
        data = serializer.validated_data
        if data.get("still_employed") is None:
            raise serializers.ValidationError({"still_employed": "Say if they are employed"})
        try:
            serializer.instance = services.record_follow_up(
                follow_up=serializer.instance,
                still_employed=data["still_employed"],
                visa_granted=data.get("visa_granted"),
                notes=data.get("notes", ""),
                actor=_actor(self.request),
            )
        except (DjangoValidationError, DjangoPermissionDenied) as error:
            raise_api_error(error)


class ReferralSerializer(serializers.ModelSerializer[Referral]):
    id = serializers.UUIDField(source="uuid", read_only=True)
    case = serializers.SlugRelatedField(slug_field="uuid", queryset=Case.objects.none())
    to_organisation = serializers.SlugRelatedField(
        slug_field="uuid", queryset=Organisation.objects.none()
    )
    from_organisation = serializers.CharField(source="from_organisation.name", read_only=True)
    lawful_basis = serializers.ChoiceField(
        choices=ConsentEntry.LawfulBasis.choices, write_only=True, default="consent"
    )
    override_reason = serializers.CharField(
        write_only=True, required=False, default="", allow_blank=True
    )
    shared = serializers.MultipleChoiceField(choices=list(SHAREABLE))

    class Meta:
        model = Referral
        fields = [
            "id",
            "case",
            "from_organisation",
            "to_organisation",
            "purpose",
            "shared",
            "status",
            "reason",
            "created_at",
            "responded_at",
            "lawful_basis",
            "override_reason",
        ]
        read_only_fields = ["status", "reason", "created_at", "responded_at"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["case"].queryset = Case.objects.visible_to(request.user)  # type: ignore[attr-defined]
            self.fields["to_organisation"].queryset = Organisation.objects.visible_to(  # type: ignore[attr-defined]
                request.user
            )

    def to_representation(self, instance: Referral) -> dict[str, Any]:
        data: dict[str, Any] = super().to_representation(instance)
        data["shared"] = sorted(instance.shared)
        return data


class ResponseSerializer(serializers.Serializer[Any]):
    action = serializers.ChoiceField(choices=list(services.RESPONSES))
    reason = serializers.CharField(required=False, default="", allow_blank=True)


class ReferralViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet[Referral],
):
    """Referrals sent to the caller's organisation, or (for hub staff) sent by it. Creating
    one writes the disclosure to the consent ledger."""

    serializer_class = ReferralSerializer
    lookup_field = "uuid"

    def get_queryset(self) -> QuerySet[Referral]:
        return Referral.objects.visible_to(self.request.user).select_related(
            "case", "to_organisation", "from_organisation"
        )

    def perform_create(self, serializer: Any) -> None:
        data = serializer.validated_data
        try:
            serializer.instance = services.refer_case(
                case=data["case"],
                to_organisation=data["to_organisation"],
                purpose=data["purpose"],
                groups=sorted(data["shared"]),
                lawful_basis=data["lawful_basis"],
                override_reason=data["override_reason"],
                actor=_actor(self.request),
            )
        except (DjangoValidationError, DjangoPermissionDenied) as error:
            raise_api_error(error)

    @extend_schema(request=ResponseSerializer, responses=ReferralSerializer)
    @action(detail=True, methods=["post"])
    def respond(self, request: Request, uuid: Any = None) -> Response:
        """Accept, reject (with a reason) or complete a referral; the hub may withdraw it."""
        referral = self.get_object()
        body = ResponseSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            services.respond_to_referral(
                referral=referral, actor=_actor(request), **body.validated_data
            )
        except (DjangoValidationError, DjangoPermissionDenied) as error:
            raise_api_error(error)
        return Response(self.get_serializer(referral).data)
