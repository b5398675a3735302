"""Settings for the portal.

Every value that differs between a laptop and production comes from an environment variable, read here
and only here. A value that cannot be understood stops the portal at start-up with a message that says
which variable is wrong, rather than running with a guess. The full list is in README.md and
`.env.example`.
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false (1/0, yes/no, on/off), not {raw!r}.")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}.") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

# The development key is only ever accepted with DEBUG on; production must bring its own.
_DEVELOPMENT_SECRET_KEY = "development-only-key-never-used-in-production-0123456789abcdefghij"  # noqa: S105
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set SECRET_KEY to a long random value "
            "(python -c 'import secrets; print(secrets.token_urlsafe(50))'), or set DEBUG=true for development."
        )
    SECRET_KEY = _DEVELOPMENT_SECRET_KEY
elif not DEBUG and (SECRET_KEY == _DEVELOPMENT_SECRET_KEY or len(SECRET_KEY) < 50):
    raise ImproperlyConfigured(
        "SECRET_KEY must be a random value of at least 50 characters when DEBUG is off."
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "ALLOWED_HOSTS is not set. List the host names the portal answers to, comma-separated."
    )

# The public address of the portal, used in emails, feeds and the API's links.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
SITE_NAME = "Public Service Innovation Exchange"

INSTALLED_APPS = [
    "portal.core.apps.CoreConfig",
    "portal.apps.PortalConfig",
    "innovations.apps.InnovationsConfig",
    "portal.advice.apps.AdviceConfig",
    "portal.search.apps.SearchConfig",
    "mentoring.apps.MentoringConfig",
    "awards.apps.AwardsConfig",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "django.contrib.humanize",  # allauth's list of security keys says when each was last used
    "django.forms",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_filters",
    "simple_history",
    "django_ratelimit",
    "django_tasks",
    "django_tasks_db",
    "csp",
    "rules.apps.AutodiscoverRulesConfig",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "portal.core.client_ip.TrustedProxyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "portal.core.middleware.ControlCharacterMiddleware",
    "portal.core.middleware.PrivatePagesMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "portal.accounts.staff.StaffSessionMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.site",
            ],
        },
    },
]

# Every Django form renders as GOV.UK components through one renderer (portal/forms.py).
FORM_RENDERER = "portal.core.forms.GovUKFormRenderer"

# --- Database -----------------------------------------------------------------------------------------
# DATABASE_URL points at any PostgreSQL server. Without it, the portal starts its own embedded PostgreSQL
# whose files live under EMBEDDED_DB_DIR (var/pgdata by default), so a fresh clone needs no server.
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    try:
        _database = dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 60))
    except ValueError as exc:
        raise ImproperlyConfigured(
            f"DATABASE_URL is not a database URL this portal understands: {exc}"
        ) from None
    if _database["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured(
            "DATABASE_URL must point at PostgreSQL (postgres://...): no other database is supported."
        )
    _database["CONN_HEALTH_CHECKS"] = True
else:
    from portal.embedded_db import embedded_database

    _database = embedded_database(
        Path(env_str("EMBEDDED_DB_DIR") or BASE_DIR / "var" / "pgdata"),
        stop_on_exit=env_bool("EMBEDDED_DB_STOP_ON_EXIT", False),
    )
# No just-in-time compilation: the portal's statements are short, and for the search's facet count (one
# aggregate per filter option) compiling costs more than it saves: at a million entries the planner's
# cost passes the server's default threshold and compiling added tens to hundreds of milliseconds.
_database.setdefault("OPTIONS", {})
_database["OPTIONS"]["options"] = " ".join(filter(None, [_database["OPTIONS"].get("options"), "-c jit=off"]))
DATABASES = {"default": _database}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache (rate limits are kept here, so production wants one shared by every worker) ----------------
REDIS_URL = env_str("REDIS_URL")
# Search results are cached (in Redis when REDIS_URL is set) and never served after a write they do not
# reflect (portal/search/cache.py); off only to measure what a search costs to compute.
SEARCH_RESULT_CACHE = env_bool("SEARCH_RESULT_CACHE", True)
# django-ratelimit 4.1 predates Django's own Redis cache backend and warns that it is "not officially
# supported"; it is shared between workers and increments atomically, which is all rate limits need.
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001"]
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
elif DEBUG:
    # One process in development: an in-process cache counts rate limits correctly.
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    SILENCED_SYSTEM_CHECKS.append("django_ratelimit.E003")
else:
    raise ImproperlyConfigured(
        "REDIS_URL is not set. With DEBUG off the portal needs a Redis server shared by all its "
        "processes, to count rate limits: set REDIS_URL, for example redis://127.0.0.1:6379/0."
    )

# --- Accounts -----------------------------------------------------------------------------------------
AUTH_USER_MODEL = "portal.User"
AUTHENTICATION_BACKENDS = [
    # Object permissions as named predicates: each app's rules.py (django-rules).
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "portal:account"

ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{SITE_NAME}] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http" if DEBUG else "https"
ACCOUNT_LOGOUT_REDIRECT_URL = "portal:home"
ACCOUNT_PASSWORD_INPUT_RENDER_VALUE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_ADAPTER = "portal.accounts.adapter.AccountAdapter"
# Two-factor authentication (allauth.mfa): authenticator apps with recovery codes, and security keys
# where the browser supports them. Offered to everyone; the central team must have it to open the admin
# (portal/rules.py), and their sessions end after STAFF_SESSION_HOURS (portal/accounts/staff.py).
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_TOTP_ISSUER = SITE_NAME
# Security keys need HTTPS, except on http://localhost in development.
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG
STAFF_SESSION_HOURS = 12
ACCOUNT_FORMS = {"login": "portal.forms.LoginForm", "signup": "portal.forms.SignupForm"}
# How many proxies we run in front of the portal (a load balancer: 1; a CDN in front of it: 2). Rate
# limits count the client's address, read from X-Forwarded-For that far from the right
# (portal/core/client_ip.py); 0 means clients connect directly and REMOTE_ADDR is theirs.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
# Mentoring: how many days a mentor has to answer a request before it moves to the requester's next choice.
MENTOR_OFFER_DAYS = env_int("MENTOR_OFFER_DAYS", 7)
# Judges are reminded of what they have not scored this many days before judging ends.
JUDGE_REMINDER_DAYS = env_int("JUDGE_REMINDER_DAYS", 3)
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
RATELIMIT_IP_META_KEY = "portal.core.client_ip.client_ip"
# allauth's rate limits are on by default; these are its defaults written out so they can be read here.
ACCOUNT_RATE_LIMITS = {
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
    "reset_password": "20/m/ip,5/m/key",
    "reauthenticate": "10/m/user",
    "reset_password_from_key": "20/m/ip",
    "signup": "20/m/ip",
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "confirm_email": "1/3m/key",
}

# --- Email --------------------------------------------------------------------------------------------
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Public Service Innovation Exchange <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Emails (and later other background work) go through a task queue kept in the database: requests
# queue them, `manage.py db_worker` sends them (see portal/core/emails.py).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# Where the central team is told about new submissions and problem reports.
CENTRAL_TEAM_EMAIL = env_str("CENTRAL_TEAM_EMAIL", "central-team@localhost")

# --- Internationalisation -----------------------------------------------------------------------------
LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

# --- Static files (GOV.UK Frontend is built into static/dist by `make assets`) -------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# Only what browsers load: the built assets, our scripts and images (not the Sass sources or build script).
STATICFILES_DIRS = [
    ("dist", BASE_DIR / "static" / "dist"),
    ("js", BASE_DIR / "static" / "js"),
    ("images", BASE_DIR / "static" / "images"),
    ("css", BASE_DIR / "static" / "css"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "portal.storage.StaticStorage"
    },
}

# --- Security -----------------------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Browser features the portal does not use are turned off for it and anything it might embed; security
# keys (WebAuthn, for two-factor sign-in) are allowed for the portal itself.
PERMISSIONS_POLICY = {
    **dict.fromkeys(
        [
            "accelerometer", "ambient-light-sensor", "autoplay", "bluetooth", "browsing-topics", "camera",
            "display-capture", "encrypted-media", "fullscreen", "geolocation", "gyroscope", "hid",
            "idle-detection", "local-fonts", "magnetometer", "microphone", "midi", "payment",
            "picture-in-picture", "screen-wake-lock", "serial", "usb", "web-share", "xr-spatial-tracking",
        ],
        [],
    ),
    "publickey-credentials-create": ["self"],
    "publickey-credentials-get": ["self"],
}  # fmt: skip
SESSION_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "portal.views.csrf_failure"
if not DEBUG:
    # Behind a proxy or load balancer that terminates TLS and sets X-Forwarded-Proto.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)

# A strict Content Security Policy: no inline script or style anywhere; the GOV.UK page template's one
# inline line (which marks the page as having JavaScript) carries a per-request nonce.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"pgserver": {"level": "WARNING"}},
}
