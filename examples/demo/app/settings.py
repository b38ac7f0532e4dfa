"""Settings for the demo shop's API, read once at start-up."""
import os

from app.envutil import env_bool

DATABASE_URL = os.environ["DATABASE_URL"]
REDIS_URL = os.getenv("REDIS_URL", "redis://localhost:6379/0")
SENTRY_DSN = os.environ.get("SENTRY_DSN")
DEBUG = env_bool("SHOP_DEBUG")
# LEGACY_CACHE_HOST used to be read here; the cache moved to Redis.
