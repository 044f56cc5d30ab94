from django.apps import AppConfig


class ReportsConfig(AppConfig):
    """The archive: reports, the police units and operations they name, and where."""

    name = "reports"
    verbose_name = "Arsip berita"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import signals  # noqa: F401  (connects the search index's receivers)
