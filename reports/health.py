"""/healthz and /readyz for the load balancer and monitoring (docs/operations.md)."""

from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache


@never_cache
def healthz(request):
    """The process is up and answering. Touches nothing else."""
    return HttpResponse("ok\n", content_type="text/plain")


@never_cache
def readyz(request):
    """The process can serve: the database answers a trivial query."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # any database failure means "not ready"
        return JsonResponse({"database": "unavailable", "error": type(error).__name__}, status=503)
    return JsonResponse({"database": "ok"})
