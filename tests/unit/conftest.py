import pytest


@pytest.fixture(autouse=True)
def configured(monkeypatch: pytest.MonkeyPatch) -> None:
    """The environment template.yaml gives every function, for code tested without one."""
    monkeypatch.setenv("TABLE_NAME", "unit")
    monkeypatch.setenv("SIGNING_SECRET", "unit-test-secret-0123456789")
    monkeypatch.setenv("SUPPORTED_LANGUAGES", "de,tr,en")
    monkeypatch.setenv("DEFAULT_LANGUAGE", "de")
