"""Settings shared by every environment.

Every environment variable JamHub reads is read here, once, with a one-line comment, and
listed in .env.example. dev, test and production only adjust what differs.
"""

from pathlib import Path
from urllib.parse import urlsplit

import environ

from jamhub.core.themes import theme_static_dirs, theme_template_dirs

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"  # everything the embedded default writes at run time

env = environ.Env()
# A .env file beside manage.py, if any, fills in variables the environment lacks.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

# --- Environment -------------------------------------------------------------------

# Signing key; dev and test have throwaway ones, production refuses to start without it.
SECRET_KEY = env.str("SECRET_KEY", default="")
# Comma-separated host names the site answers to.
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
# Public base URL of the site (scheme and host), used for links in emails and feeds.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
# Database URL (postgres://user@host:5432/name); SQLite under var/ when unset.
DATABASES = {
    "default": env.db_url(
        "DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'jamhub.sqlite3'}"
    )
}
# Redis for the cache and rate limits (and the task broker unless CELERY_BROKER_URL).
REDIS_URL = env.str("REDIS_URL", default="")
# Task broker (redis:// or amqp://); defaults to REDIS_URL, else a folder under var/.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="") or REDIS_URL
# Elasticsearch for catalogue search; the database backend is used when unset.
ELASTICSEARCH_URL = env.str("ELASTICSEARCH_URL", default="")
# Name prefix of the Elasticsearch aliases and indices (<prefix>-albums, ...).
SEARCH_INDEX_PREFIX = env.str("SEARCH_INDEX_PREFIX", default="jamhub")
# Folder for uploads and generated media (renditions, zips, torrents).
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
# URL prefix of media; may be absolute, on another domain or a CDN.
MEDIA_URL = env.str("MEDIA_URL", default="/media/")
# Internal nginx location for X-Accel-Redirect (e.g. /protected-media/); Django
# streams media itself when unset.
JAMHUB_MEDIA_ACCEL_PREFIX = env.str("JAMHUB_MEDIA_ACCEL_PREFIX", default="")
# Tracker announce URL(s) written into every torrent, comma-separated.
JAMHUB_TRACKER_URLS = env.list(
    "JAMHUB_TRACKER_URLS", default=["http://127.0.0.1:6969/announce"]
)
# Tracker statistics endpoint the site polls for swarm health (empty: not polled).
JAMHUB_TRACKER_STATS_URL = env.str(
    "JAMHUB_TRACKER_STATS_URL", default="http://127.0.0.1:6969/stats"
)
# Bearer token the tracker asks for /stats and /swarm (its JAMHUB_TRACKER_TOKEN).
JAMHUB_TRACKER_TOKEN = env.str("JAMHUB_TRACKER_TOKEN", default="")
# Web seed budget per torrent, bytes/s, while the swarm is thin (a lone downloader,
# or no seeder): 0 is unlimited. See "Web seed policy" in README.md.
JAMHUB_WEB_SEED_RATE = env.int("JAMHUB_WEB_SEED_RATE", default=0)
# Web seed budget per torrent, bytes/s, while the swarm can serve itself.
JAMHUB_WEB_SEED_SWARM_RATE = env.int("JAMHUB_WEB_SEED_SWARM_RATE", default=8 * 1024)
# Shared secret of the seeders (manifest and statistics APIs); the APIs are off
# when unset.
JAMHUB_SEEDER_TOKEN = env.str("JAMHUB_SEEDER_TOKEN", default="")
# Outgoing mail as a URL: smtp://user:pass@host:587, consolemail://, filemail://path.
EMAIL_URL = env.str("EMAIL_URL", default="consolemail://")
# Address the contact page gives for help with an account; contact@<SITE_URL's host>
# when unset.
JAMHUB_CONTACT_EMAIL = env.str("JAMHUB_CONTACT_EMAIL", default="")
# Theme folder under themes/; templates and static files fall back to themes/default.
JAMHUB_THEME = env.str("JAMHUB_THEME", default="default")

# --- Derived from the environment --------------------------------------------------

SITE_HOST = urlsplit(SITE_URL).hostname or "localhost"
CSRF_TRUSTED_ORIGINS = [SITE_URL]
WAGTAILADMIN_BASE_URL = SITE_URL
DEFAULT_FROM_EMAIL = f"JamHub <noreply@{SITE_HOST}>"
SERVER_EMAIL = DEFAULT_FROM_EMAIL
JAMHUB_CONTACT_EMAIL = JAMHUB_CONTACT_EMAIL or f"contact@{SITE_HOST}"

_email = environ.Env.email_url_config(EMAIL_URL)
if _email["EMAIL_BACKEND"] == "django.core.mail.backends.filebased.EmailBackend":
    _email["EMAIL_FILE_PATH"] = _email.get("EMAIL_FILE_PATH") or str(VAR_DIR / "mail")
# Messages are queued to the worker so that no request waits on a mail server;
# the worker hands them to the backend EMAIL_URL names.
EMAIL_BACKEND = "jamhub.core.mail.QueuedEmailBackend"
JAMHUB_EMAIL_DELIVERY_BACKEND = _email.pop("EMAIL_BACKEND")
for _name, _value in _email.items():
    globals()[_name] = _value

THEMES_ROOT = BASE_DIR / "themes"

# --- Applications ------------------------------------------------------------------

INSTALLED_APPS = [
    "jamhub.core",
    "jamhub.accounts",
    "jamhub.editorial",
    "jamhub.catalog",
    "jamhub.community",
    "jamhub.charts",
    "jamhub.fanclubs",
    "jamhub.site",
    "search",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.simple_translation",
    "wagtail.contrib.redirects",
    "wagtail.locales",
    "wagtail.sites",
    "jamhub.accounts.cms_apps.CmsUsersConfig",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "allauth",
    "allauth.account",
    "csp",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
]
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL full-text search for Wagtail's database search backend.
    INSTALLED_APPS.append("django.contrib.postgres")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Every environment: the same page behaves the same in development.
    "jamhub.core.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "jamhub.core.middleware.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "jamhub.urls"
WSGI_APPLICATION = "jamhub.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": theme_template_dirs(THEMES_ROOT, JAMHUB_THEME),
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.media",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "csp.context_processors.nonce",
            ],
        },
    },
]

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    (VAR_DIR).mkdir(exist_ok=True)
    # WAL and immediate transactions let web and worker write without "database is
    # locked" errors on the embedded default.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", 60)
    DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", True)

if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "jamhub",
        }
    }
else:
    # Shared between web and worker processes, unlike the in-memory cache, so rate
    # limits hold across processes on the embedded default.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
        }
    }

# --- Accounts ----------------------------------------------------------------------

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
_VALIDATORS = "django.contrib.auth.password_validation"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"{_VALIDATORS}.UserAttributeSimilarityValidator"},
    {
        "NAME": f"{_VALIDATORS}.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": f"{_VALIDATORS}.CommonPasswordValidator"},
    {"NAME": f"{_VALIDATORS}.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
ACCOUNT_ADAPTER = "jamhub.accounts.adapter.AccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "jamhub.accounts.forms.SignupExtraForm"
ACCOUNT_FORMS = {"signup": "jamhub.accounts.signup.SignupForm"}
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
# Confirming signs in only the browser that signed up, and only while its pending
# sign-up lasts: allauth's 15 minutes left out whoever read the mail after lunch.
ACCOUNT_LOGIN_TIMEOUT = 24 * 60 * 60
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
# Subject prefix of the catalogue's and fan clubs' mails; account mails are
# prefixed with the site settings' name by the account adapter.
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[JamHub] "
# Failed logins are throttled per IP and per account; sign-ups and resets per IP.
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/h/ip",
    "reset_password": "20/m/ip,5/m/key",
    "confirm_email": "1/3m/key",
    "change_password": "5/m/user",
}

# --- Internationalisation ----------------------------------------------------------

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("fr", "Français")]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- Static and media --------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = theme_static_dirs(THEMES_ROOT, JAMHUB_THEME)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
FILE_UPLOAD_PERMISSIONS = 0o640

# --- Catalogue uploads ---------------------------------------------------------------

JAMHUB_MAX_AUDIO_BYTES = 800 * 1024**2  # one audio file
# The tracker serves only the info-hashes listed here (rewritten atomically).
JAMHUB_TRACKER_ALLOWED_FILE = VAR_DIR / "tracker-allowed.txt"
JAMHUB_MAX_ZIP_BYTES = 2 * 1024**3  # one zip upload, and what it expands to
JAMHUB_MAX_TRACKS_PER_ALBUM = 60
JAMHUB_UPLOAD_QUOTA_BYTES = 10 * 1024**3  # originals kept per uploading account

# --- Wagtail -----------------------------------------------------------------------

WAGTAIL_SITE_NAME = "JamHub"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["pdf", "txt", "odt"]
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAIL_ALLOW_UNICODE_SLUGS = False
# No Gravatar: the CMS would send a hash of every editor's email to gravatar.com.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# --- Celery ------------------------------------------------------------------------
# Conventions: tasks take ids, are idempotent, end in _task and are queued after the
# transaction commits (Task.delay_on_commit). A task killed mid-run is re-queued
# (acks_late + reject_on_worker_lost) rather than lost, which is why idempotence
# matters.

if not CELERY_BROKER_URL:
    CELERY_BROKER_URL = "filesystem://localhost/"
    _queue_dir = VAR_DIR / "queue"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_queue_dir / "messages"),
        "data_folder_out": str(_queue_dir / "messages"),
        "control_folder": str(_queue_dir / "control"),
        "store_processed": False,
    }
else:
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_RESULT_BACKEND = REDIS_URL or None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_TIME_LIMIT = 60 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 55 * 60
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_BEAT_SCHEDULE: dict[str, dict[str, object]] = {
    "clear-expired-sessions": {
        "task": "jamhub.core.tasks.clear_expired_sessions_task",
        "schedule": 24 * 60 * 60,
    },
    "send-daily-fan-digests": {
        "task": "jamhub.fanclubs.tasks.send_fan_digests_task",
        "schedule": 24 * 60 * 60,
        "args": ["daily"],
    },
    "send-weekly-fan-digests": {
        "task": "jamhub.fanclubs.tasks.send_fan_digests_task",
        "schedule": 7 * 24 * 60 * 60,
        "args": ["weekly"],
    },
    "compute-charts": {
        "task": "jamhub.charts.tasks.compute_charts_task",
        "schedule": 60 * 60,
    },
    "refresh-swarm-stats": {
        "task": "jamhub.catalog.tasks.refresh_swarm_stats_task",
        "schedule": 60,
    },
}

# --- Security (production tightens further) ----------------------------------------

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
CONTENT_SECURITY_POLICY = {
    # The CMS admin relies on inline scripts and styles; it sits behind login.
    "EXCLUDE_URL_PREFIXES": ["/cms/", "/django-admin/"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", *([MEDIA_URL] if "://" in MEDIA_URL else [])],
        "media-src": ["'self'", *([MEDIA_URL] if "://" in MEDIA_URL else [])],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": "INFO"},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
    },
}
