"""Study pages, one module per part of the study; ``study/urls.py`` routes to them.

Evaluators and project staff set up and read the study; team members and families answer; observers score
blind. Behavior incidents are reported on ``breakthrough.incidents``' page.
"""

from __future__ import annotations
