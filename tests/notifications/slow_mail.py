"""An email backend for the worker tests: Django's file backend, a little slow, so a batch can be cut."""

from __future__ import annotations

import os
import time

from django.core.mail.backends.filebased import EmailBackend


class SlowFileBackend(EmailBackend):
    def send_messages(self, email_messages):  # type: ignore[no-untyped-def]
        time.sleep(
            float(os.environ.get("SLOW_MAIL_SECONDS", "0.1"))
        )  # before writing: a kill here sends nothing
        return super().send_messages(email_messages)
