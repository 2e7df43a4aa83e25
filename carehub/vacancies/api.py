"""REST API for vacancies, introductions and matches: the pages' services and visibility."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from carehub.accounts.models import User
from carehub.core.api import raise_api_error
from carehub.providers.models import Provider
from carehub.vacancies import services
from carehub.vacancies.models import Introduction, Vacancy


def _actor(request: Request) -> User:
    if not isinstance(request.user, User):
        raise exceptions.NotAuthenticated
    return request.user


class VacancySerializer(serializers.ModelSerializer[Vacancy]):
    id = serializers.UUIDField(source="uuid", read_only=True)
    provider = serializers.SlugRelatedField(slug_field="uuid", queryset=Provider.objects.none())
    local_authority = serializers.CharField(
        source="local_authority.gss_code", read_only=True, allow_null=True
    )
    # Declared, so the schema does not depend on the database's small-integer range.
    positions = serializers.IntegerField(min_value=1, max_value=200)

    class Meta:
        model = Vacancy
        fields = [
            "id",
            "provider",
            "soc_code",
            "local_authority",
            "status",
            *services.VACANCY_FIELDS,
        ]
        read_only_fields = ["soc_code", "status"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["provider"].queryset = Provider.objects.visible_to(request.user)  # type: ignore[attr-defined]


class VacancyViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet[Vacancy],
):
    """Vacancies the caller may manage: hub staff their partnership's, providers their own.
    A sponsored role is refused (400, with the reasons) when the provider cannot sponsor
    today or the pay is below the floor in force on the start date."""

    serializer_class = VacancySerializer
    lookup_field = "uuid"
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet[Vacancy]:
        return Vacancy.objects.visible_to(self.request.user).select_related(
            "provider", "local_authority"
        )

    def perform_create(self, serializer: Any) -> None:
        data = dict(serializer.validated_data)
        provider = data.pop("provider")
        try:
            serializer.instance = services.post_vacancy(
                provider=provider, details=data, actor=_actor(self.request)
            )
        except (DjangoValidationError, DjangoPermissionDenied) as error:
            raise_api_error(error)

    def perform_update(self, serializer: Any) -> None:
        data = dict(serializer.validated_data)
        data.pop("provider", None)
        try:
            serializer.instance = services.update_vacancy(
                vacancy=serializer.instance, details=data, actor=_actor(self.request)
            )
        except (DjangoValidationError, DjangoPermissionDenied) as error:
            raise_api_error(error)

    @extend_schema(responses={200: serializers.ListSerializer(child=serializers.DictField())})
    @action(detail=True, methods=["get"])
    def candidates(self, request: Request, uuid: Any = None) -> Response:
        """The best-matched workers for this vacancy, with every gate and score part
        explained. Providers get anonymised profiles (no names or references)."""
        from carehub.vacancies import matches

        vacancy = self.get_object()
        hub = matches.is_hub(request.user, vacancy)
        return Response(
            [m.as_json(identified=hub) for m in matches.candidates_for_vacancy(vacancy, k=10)]
        )


class IntroductionSerializer(serializers.ModelSerializer[Introduction]):
    id = serializers.UUIDField(source="uuid", read_only=True)
    vacancy = serializers.UUIDField(source="vacancy.uuid", read_only=True)
    case = serializers.SerializerMethodField()
    worker_name = serializers.SerializerMethodField()

    class Meta:
        model = Introduction
        fields = [
            "id",
            "vacancy",
            "case",
            "worker_name",
            "stage",
            "barrier",
            "barrier_note",
            "score",
            "cos_number",
            "pool_statement_recorded",
            "started_on",
            "shared_at",
            "created_at",
        ]

    def _identified(self, instance: Introduction) -> bool:
        user = self.context["request"].user
        return services.is_hub_for(user, instance) or instance.shared_at is not None

    def get_case(self, instance: Introduction) -> str | None:
        user = self.context["request"].user
        return str(instance.case.uuid) if services.is_hub_for(user, instance) else None

    def get_worker_name(self, instance: Introduction) -> str | None:
        return instance.worker.full_name if self._identified(instance) else None


class MoveSerializer(serializers.Serializer[Any]):
    to = serializers.ChoiceField(choices=Introduction.Stage.choices)
    barrier = serializers.ChoiceField(
        choices=Introduction.Barrier.choices, required=False, default=""
    )
    note = serializers.CharField(required=False, default="", allow_blank=True)
    cos_number = serializers.CharField(required=False, default="", allow_blank=True)
    pool_statement = serializers.BooleanField(required=False, default=False)
    started_on = serializers.DateField(required=False, allow_null=True, default=None)


class ProposeSerializer(serializers.Serializer[Any]):
    case = serializers.UUIDField()
    vacancy = serializers.UUIDField()


class IntroductionViewSet(viewsets.ReadOnlyModelViewSet[Introduction]):
    """Introductions of workers to vacancies. Providers see a worker's name only once the
    worker has agreed and it was shared."""

    serializer_class = IntroductionSerializer
    lookup_field = "uuid"

    def get_queryset(self) -> QuerySet[Introduction]:
        return Introduction.objects.visible_to(self.request.user).select_related(
            "vacancy__provider", "worker", "case"
        )

    @extend_schema(request=ProposeSerializer, responses={201: IntroductionSerializer})
    @action(detail=False, methods=["post"])
    def propose(self, request: Request) -> Response:
        """Propose a worker's case for a vacancy (every matching gate must pass)."""
        from carehub.vacancies import matches
        from carehub.workers.models import Case

        body = ProposeSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        case = Case.objects.visible_to(request.user).filter(uuid=body.validated_data["case"])
        vacancy = Vacancy.objects.visible_to(request.user).filter(
            uuid=body.validated_data["vacancy"]
        )
        if not case.exists() or not vacancy.exists():
            raise serializers.ValidationError("No such case or vacancy")
        try:
            introduction = matches.propose(
                case=case.select_related("worker").get(),
                vacancy=vacancy.get(),
                actor=_actor(request),
            )
        except (DjangoValidationError, DjangoPermissionDenied) as error:
            raise_api_error(error)
        return Response(self.get_serializer(introduction).data, status=201)

    @extend_schema(request=MoveSerializer, responses=IntroductionSerializer)
    @action(detail=True, methods=["post"])
    def move(self, request: Request, uuid: Any = None) -> Response:
        """Move the introduction to its next stage (or end it with a barrier code)."""
        introduction = self.get_object()
        body = MoveSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            services.move_introduction(
                introduction=introduction, actor=_actor(request), **body.validated_data
            )
        except (DjangoValidationError, DjangoPermissionDenied) as error:
            raise_api_error(error)
        return Response(self.get_serializer(introduction).data)
