from __future__ import annotations

from django.urls import path

from breakthrough.accounts import views

app_name = "accounts"

urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("profile/my-data.json", views.personal_data_download, name="personal-data"),
    path("two-factor/", views.two_factor_setup, name="two-factor-setup"),
    path("two-factor/verify/", views.two_factor_verify, name="two-factor-verify"),
    path("two-factor/recovery-codes/", views.recovery_codes_new, name="recovery-codes"),
    path("two-factor/off/", views.two_factor_disable, name="two-factor-disable"),
]
