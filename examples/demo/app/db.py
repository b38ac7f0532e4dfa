from app.settings import DATABASE_URL


def connect() -> str:
    return DATABASE_URL
