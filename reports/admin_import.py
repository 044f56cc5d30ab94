"""Import with preview (being written): placeholder view until the desk's import page lands."""

from django.core.exceptions import PermissionDenied
from django.views import View


class ImportView(View):
    model_admin = None

    def get(self, request, *args, **kwargs):
        raise PermissionDenied
