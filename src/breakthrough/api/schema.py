"""The OpenAPI schema's shared parts: every operation's problem responses (RFC 9457)."""

from __future__ import annotations

from typing import Any

PROBLEM = {
    "type": "object",
    "description": "A problem details object (RFC 9457).",
    "properties": {
        "type": {"type": "string", "description": "urn:breakthrough:problem:<kind>"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "errors": {
            "type": "object",
            "description": "Messages by field (`__all__` for the request as a whole).",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
        },
    },
    "required": ["type", "title", "status", "detail"],
}

PROBLEMS = {
    "400": "The request is not valid: the messages name the fields.",
    "401": "No valid token or session.",
    "403": "You may read this but not change it.",
    "404": "There is nothing here, or it is not yours to see.",
    "405": "This method is not allowed here.",
    "406": "Only JSON is served.",
    "412": "If-Match names a revision that is no longer current.",
    "415": "Send JSON.",
    "429": "Too many requests for this token: wait for Retry-After seconds.",
}
READ_PROBLEMS = {"400", "401", "404", "405", "406", "429"}


def add_problems(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    """A drf-spectacular postprocessing hook: the Problem schema, and its responses on every operation."""
    result.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM
    ref = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
    for path in result.get("paths", {}).values():
        for method, operation in path.items():
            codes = READ_PROBLEMS if method == "get" else set(PROBLEMS)
            for code in sorted(codes):
                operation["responses"].setdefault(code, {"description": PROBLEMS[code], "content": ref})
    return result
