"""What request logs may carry: no live token in a URL, no traceback for an ordinary refusal.

``settings.LOGGING`` attaches ``RequestLogFilter`` to Django's request and server loggers. A 4xx answer
(403 refused, 404 not found, 400 bad input) is logged as one line without the traceback Django attaches;
every URL in a logged message has the tokens of its secret links replaced by ``[redacted]``: invitations,
password resets, survey links and unsubscribe links (and every query string, which may carry an address).
"""

from __future__ import annotations

import logging
import re

REDACTED = "[redacted]"
_SECRET_PATHS = [
    re.compile(r"(/invitations/)[^/\s?#\"']+"),
    re.compile(r"(/reset/)[^/\s?#\"']+/[^/\s?#\"']+"),
    re.compile(r"(/s/)[^/\s?#\"']+"),
    re.compile(r"(/unsubscribe/)[^/\s?#\"']+"),
    re.compile(r"(\?)[^\s\"']+"),
]


def redact(text: str) -> str:
    for pattern in _SECRET_PATHS:
        text = pattern.sub(lambda m: m.group(1) + REDACTED, text)
    return text


class RequestLogFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if isinstance(status, int) and 400 <= status < 500:
            record.exc_info = None
            record.exc_text = None
            record.stack_info = None
        try:
            message = record.getMessage()
        except (TypeError, ValueError):
            return True
        record.msg, record.args = redact(message), ()
        return True
