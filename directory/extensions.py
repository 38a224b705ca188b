"""Every Flask extension object, created unbound and initialised in create_app."""
from flask_caching import Cache
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_smorest import Api
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

from .api_errors import ErrorSchema

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
cache = Cache()  # search results for a minute: in-process by default, Redis when REDIS_URL is set
limiter = Limiter(key_func=get_remote_address)  # storage: RATELIMIT_STORAGE_URI (memory://, or Redis via REDIS_URL)


class SukoonApi(Api):
    """flask-smorest for the OpenAPI document; errors stay with the app's own handlers (errors.py), and the
    document's "Error" component is the `{"error": {...}}` body those handlers send."""

    ERROR_SCHEMA = ErrorSchema

    def _register_error_handlers(self) -> None:
        pass

