"""What the community space announces, for notifications to hook to (connect a receiver; nothing here sends
mail). Both are sent once the post is committed, never for a write that was rolled back.

``mentioned``: someone was @mentioned in a post they may read.
    keyword arguments: ``post`` (community.models.Post), ``user`` (the person mentioned).
``replied``: a reply was posted in a thread.
    keyword arguments: ``post`` (the reply), ``thread``, ``recipients`` (the people who wrote in the
    thread before and may still read it, without the one replying; someone mentioned in the reply who wrote
    before is in it too, and gets ``mentioned`` as well).

The sender is ``Post``. A receiver should say no more than "X replied in <thread title>" and link to
``post.get_absolute_url()``: the page checks who may read it at the time it is opened.
"""

from __future__ import annotations

from django.dispatch import Signal

mentioned = Signal()
replied = Signal()
