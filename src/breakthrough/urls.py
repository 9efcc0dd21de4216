from __future__ import annotations

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from breakthrough.core.health import health
from breakthrough.framework import urls as framework_urls
from breakthrough.home import views as home_views
from breakthrough.pdsa import diagram

urlpatterns = [
    path("", home_views.home, name="home"),
    path("health/", health, name="health"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password-reset/", auth_views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "accounts/password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("accounts/", include("breakthrough.accounts.urls")),
    path("audit/", include("breakthrough.audit.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("collaboratives/", include("breakthrough.collaboratives.urls")),
    # The framework's pages: the diagram (which counts PDSA cycles, so pdsa draws it) and its editing pages.
    path(
        "framework/",
        include(([path("", diagram.diagram, name="diagram"), *framework_urls.urlpatterns], "framework")),
    ),
    path("", include("breakthrough.measures.urls")),  # /reports/… and /measures/…
    path("pdsa/", include("breakthrough.pdsa.urls")),
    path("events/", include("breakthrough.events.urls")),
    path("assessments/", include("breakthrough.assessments.urls")),
    path("dashboards/", include("breakthrough.dashboards.urls")),
    path("study/", include("breakthrough.study.urls")),
    path("intake/", include("breakthrough.intake.urls")),  # /intake/apply/ is public
    path("fieldwork/", include("breakthrough.fieldwork.urls")),
    path("feasibility/", include("breakthrough.feasibility.urls")),
    path("exports/", include("breakthrough.exports.urls")),
    path("imports/", include("breakthrough.imports.urls")),
    path("api/", include("breakthrough.api.urls")),
    path("collaboratives/", include("breakthrough.launch.urls")),
    path("notifications/", include("breakthrough.notifications.urls")),
    path("community/", include("breakthrough.community.urls")),
    path("library/", include("breakthrough.library.urls")),
    path("spread/", include("breakthrough.spread.urls")),
    path("search/", include("breakthrough.search.urls")),
    path("admin/", admin.site.urls),
]

handler500 = "breakthrough.core.errors.server_error"  # the database away: the "try again" page (503)
