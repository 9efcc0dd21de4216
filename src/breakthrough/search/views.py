"""The search page: one box, results grouped by kind, only what the person may see."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from breakthrough.search import selectors

MAX_QUERY = 200


@login_required
def search(request: HttpRequest) -> HttpResponse:
    query = " ".join(request.GET.get("q", "").split())[:MAX_QUERY]
    groups = selectors.search(request.user, query)
    context = {
        "query": query,
        "groups": groups,
        "too_short": bool(query) and len(query) < selectors.MIN_LENGTH,
        "total": sum(len(g.hits) for g in groups),
    }
    return render(request, "search/results.html", context)
