"""Haber's shared layer: the code every function uses (models, storage, HTTP, i18n)."""
