"""What django-axes sees of a login attempt, and what its log says (docs/operations.md,
"Logins and lockouts").

Behind nginx every request comes from the proxy's address: axes must read the
reader's address as the rate limit does (`client_address`), or five wrong passwords
from anyone lock the editor out from everywhere. Its log line must let monitoring
act: the address in clear (to block it), and the account as a keyed tag (to see one
account attacked from many addresses) rather than the typed username, which is
sometimes a password typed in the wrong field.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress

from django.conf import settings

from .middleware import client_address


def client_ip(request) -> str | None:
    """The reader's address for axes (AXES_CLIENT_IP_CALLABLE): `client_address`,
    when it is an IP address (axes stores it in a GenericIPAddressField); else the
    connection's own address; else None."""
    for candidate in (client_address(request), request.META.get("REMOTE_ADDR")):
        try:
            return str(ipaddress.ip_address((candidate or "").strip()))
        except ValueError:
            continue
    return None


def account_tag(username: str | None) -> str:
    """A stable 12-hex-digit tag of a username (case folded): the same for every
    attempt on one account, the same in every process of a deployment (keyed with
    SECRET_KEY), and not the username. `manage.py shell -c "from reports.lockout
    import account_tag; print(account_tag('redaktur'))"` names an account's tag."""
    key = hashlib.sha256(b"polsec-axes-account:" + settings.SECRET_KEY.encode()).digest()
    message = (username or "").casefold().encode("utf-8", "surrogateescape")
    return hmac.new(key, message, hashlib.sha256).hexdigest()[:12]


def client_str(username, ip_address, user_agent, path_info, request) -> str:
    """axes' description of a client in its log lines (AXES_CLIENT_STR_CALLABLE):
    `{ip_address: "203.0.113.7", account: "3f9a0c1d2e4b", path_info: "/admin/login/"}`."""
    if isinstance(path_info, list | tuple):
        path_info = path_info[0] if path_info else ""
    return (
        f'{{ip_address: "{ip_address}", account: "{account_tag(username)}", '
        f'path_info: "{path_info}"}}'
    )
