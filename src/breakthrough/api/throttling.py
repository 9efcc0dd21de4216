"""Rate limits per token (per person for the session, per address when signed out), in Django's cache."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

from breakthrough.api.models import ApiToken


class PerTokenThrottle(SimpleRateThrottle):
    scope = "api"

    def get_rate(self) -> str:
        # Read at each request (not at import, as DRF's THROTTLE_RATES is), so a setting change applies.
        return str(settings.API_RATE_LIMIT)

    def get_cache_key(self, request: Any, view: Any) -> str:
        if isinstance(request.auth, ApiToken):
            ident = f"token-{request.auth.key_hash[:24]}"  # not the id: ids can come back after a rollback
        elif request.user and request.user.is_authenticated:
            ident = f"user-{request.user.pk}"
        else:
            ident = f"anon-{self.get_ident(request)}"
        return f"api-throttle:{ident}"
