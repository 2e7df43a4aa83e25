"""Settings for Care Workforce Hub.

One module, configured only by environment variables (see `.env.example` and the README's
configuration table, which list the same variables). Typed helpers fail loudly on bad values.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.core.management.utils import get_random_secret_key

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.getenv(name, "")
    if value == "":
        return default
    if value not in ("True", "False"):
        raise ImproperlyConfigured(f"Unexpected value {name}={value}, use 'True' or 'False'")
    return value == "True"


def env_int(name: str, default: int) -> int:
    value = os.getenv(name, "")
    if value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from None


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.getenv(name, default).split(",") if item.strip()]


def env_secret(name: str, default: str = "") -> str:
    """Read NAME, or the contents of the file named by NAME_FILE (Docker/Kubernetes secrets)."""
    file_name = os.getenv(f"{name}_FILE", "")
    if file_name:
        return Path(file_name).read_text().strip()
    return os.getenv(name, default)


DEBUG = env_bool("DEBUG", False)
# Demo mode lists the demo accounts on the sign-in page and lets them skip two-factor
# authentication. It is for demonstrations with fictional data only; a banner says so.
DEMO_MODE = env_bool("DEMO_MODE", False)

SECRET_KEY = env_secret("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG=False. Generate one with: "
            'python -c "import secrets; print(secrets.token_urlsafe(50))"'
        )
    # A fresh key per process is fine for development: sessions just don't survive restarts.
    SECRET_KEY = get_random_secret_key()

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_ROOT = os.getenv("SITE_ROOT", "http://127.0.0.1:8000").rstrip("/")
SERVICE_NAME = os.getenv("SERVICE_NAME", "Care Workforce Hub")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "rest_framework",
    "drf_spectacular",
    "crispy_forms",
    "crispy_forms_gds",
    "django_tasks",
    "django_tasks_db",
    "carehub.core",
    "carehub.accounts",
    "carehub.audit",
    "carehub.registers",
    "carehub.providers",
    "carehub.workers",
    "carehub.vacancies",
    "carehub.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "carehub.accounts.middleware.RequireTwoFactorMiddleware",
    "carehub.core.middleware.NoStoreWhenSignedInMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "carehub.urls"
WSGI_APPLICATION = "carehub.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "carehub" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "carehub.core.context_processors.service",
            ],
        },
    },
]

# Database: SQLite by default so a fresh clone runs with no server; PostgreSQL in production.
DATABASE_URL = os.getenv("DATABASE_URL", f"sqlite:///{BASE_DIR / 'carehub.sqlite3'}")
_database: dict[str, Any] = dict(dj_database_url.parse(DATABASE_URL, conn_max_age=60))
if _database["ENGINE"] == "django.db.backends.sqlite3":
    _database["CONN_MAX_AGE"] = 0
    _database["OPTIONS"] = {
        # Wait for a competing writer instead of failing with "database is locked", and take
        # the write lock at BEGIN so read-then-write transactions cannot deadlock.
        "init_command": "PRAGMA busy_timeout = 5000; PRAGMA journal_mode = WAL;",
        "transaction_mode": "IMMEDIATE",
    }
DATABASES = {"default": _database}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # Axes must come first so that a locked-out account is refused before the password check.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:sign-in"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:sign-in"
PASSWORD_RESET_TIMEOUT = env_int("PASSWORD_RESET_TIMEOUT_HOURS", 24) * 3600
INVITATION_VALID_DAYS = env_int("INVITATION_VALID_DAYS", 7)

# Sessions end after a period of inactivity: every request pushes the expiry forward.
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_MINUTES", 30) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Two-factor authentication (django-otp, TOTP).
OTP_TOTP_ISSUER = SERVICE_NAME

# Lockout after repeated failed sign-ins (django-axes).
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 30) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
AXES_ENABLED = env_bool("AXES_ENABLED", True)

# Security headers. Behind a TLS-terminating proxy set SECURE_PROXY_SSL_HEADER via env.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if env_bool("USE_X_FORWARDED_PROTO", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LANGUAGE_CODE = "en-gb"
LANGUAGES = [("en-gb", "English")]
LOCALE_PATHS = [BASE_DIR / "carehub" / "locale"]
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
# Assets built from npm (GOV.UK Frontend, MOJ Frontend) by `make assets`; never committed.
STATICFILES_DIRS = [BASE_DIR / "build" / "static"]
STATIC_ROOT = Path(os.getenv("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
# Case documents and other private files: outside the web root, served only by views that
# check permission first (never by the web server).
PRIVATE_FILES_ROOT = Path(os.getenv("PRIVATE_FILES_ROOT", str(BASE_DIR / "private")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_FILES_ROOT, "base_url": "/no-public-url/"},
    },
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_ROOT = Path(os.getenv("MEDIA_ROOT", str(BASE_DIR / "media")))

# Email: console output unless an SMTP host is configured.
EMAIL_HOST = os.getenv("EMAIL_HOST", "")
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = os.getenv("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_secret("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
# Text messages (acknowledgements to workers): the console backend writes them to the log.
SMS_BACKEND = os.getenv("SMS_BACKEND", "carehub.core.sms.ConsoleSmsBackend")
DEFAULT_FROM_EMAIL = os.getenv("DEFAULT_FROM_EMAIL", "Care Workforce Hub <noreply@localhost>")

# The Home Office sponsor register: where to find it and how to recognise a suspect file.
SPONSOR_REGISTER_CONTENT_API_URL = os.getenv(
    "SPONSOR_REGISTER_CONTENT_API_URL",
    "https://www.gov.uk/api/content/government/publications/register-of-licensed-sponsors-workers",
)
# The real register has had over 40,000 rows since 2021: fewer means a broken download.
SPONSOR_REGISTER_MIN_ROWS = env_int("SPONSOR_REGISTER_MIN_ROWS", 20000)
# A new file with fewer rows than this share of the current snapshot is refused.
SPONSOR_REGISTER_MIN_SHARE_PERCENT = env_int("SPONSOR_REGISTER_MIN_SHARE_PERCENT", 90)
# About 13 MB in 2026; a download ten times that is not the register.
SPONSOR_REGISTER_MAX_MB = env_int("SPONSOR_REGISTER_MAX_MB", 130)
DOWNLOAD_TIMEOUT_SECONDS = env_int("DOWNLOAD_TIMEOUT_SECONDS", 60)
DOWNLOAD_RETRIES = env_int("DOWNLOAD_RETRIES", 3)

# Days before a worker's immigration deadline at which casework escalates.
DEADLINE_ALERT_DAYS = sorted(int(days) for days in env_list("DEADLINE_ALERT_DAYS", "45,30,14,7"))
# Days after a job start at which the hub checks the worker is still employed and has a visa.
PLACEMENT_FOLLOW_UP_DAYS = sorted(
    int(days) for days in env_list("PLACEMENT_FOLLOW_UP_DAYS", "30,60,90,180")
)
# Working days within which the hub promises to reply to a self-referral.
SELF_REFERRAL_REPLY_WORKING_DAYS = env_int("SELF_REFERRAL_REPLY_WORKING_DAYS", 2)
# How long a sign-in link emailed to a worker for their own view stays valid.
WORKER_LINK_MINUTES = env_int("WORKER_LINK_MINUTES", 30)
# Matching: points each score component is worth at best, and the limits it works within.
MATCHING = {
    "weights": {
        name: float(points)
        for name, points in (
            item.split("=", 1)
            for item in env_list(
                "MATCHING_WEIGHTS",
                "distance=3,experience=2,setting=1,qualifications=1,languages=0.5,hours=1,"
                "urgency=4",
            )
        )
    },
    "max_hours_gap": env_int("MATCHING_MAX_HOURS_GAP", 10),
    "default_travel_miles": env_int("MATCHING_DEFAULT_TRAVEL_MILES", 10),
    "experience_full_years": env_int("MATCHING_EXPERIENCE_FULL_YEARS", 5),
    "urgency_horizon_days": env_int("MATCHING_URGENCY_HORIZON_DAYS", 60),
}
# The largest case document accepted.
DOCUMENT_MAX_MB = env_int("DOCUMENT_MAX_MB", 10)

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"

# Background work (django-tasks): tasks are stored in the database and run by `db_worker`.
TASKS = {
    "default": {
        "BACKEND": os.getenv("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "carehub.accounts.api_auth.ApiTokenAuthentication",
        "carehub.accounts.api_auth.VerifiedSessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 100,
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Care Workforce Hub API",
    "DESCRIPTION": (
        "REST API for regional adult-social-care partnerships. Authenticate with "
        "`Authorization: Token <key>` using a service-account token issued to an organisation."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    # Several models have a "status": name each set of choices after its model.
    "ENUM_NAME_OVERRIDES": {
        "CaseStatusEnum": "carehub.workers.models.Case.Status",
        "ReferralStatusEnum": "carehub.workers.models.Referral.Status",
        "VacancyRoleEnum": "carehub.vacancies.models.Vacancy.Role",
        "MemberRoleEnum": "carehub.accounts.roles.Role",
        "IntroductionStageEnum": "carehub.vacancies.models.Introduction.Stage",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.getenv("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}
