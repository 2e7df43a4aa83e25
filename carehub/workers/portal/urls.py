from django.urls import URLPattern, path

from carehub.workers.portal import views

app_name = "portal"

urlpatterns: list[URLPattern] = [
    path("", views.home, name="home"),
    path("sign-in/", views.sign_in, name="sign-in"),
    path("sign-in/<str:token>/", views.use_link, name="use-link"),
    path("details/", views.details, name="details"),
    path("consent/", views.consent, name="consent"),
    path("erase/", views.erase, name="erase"),
    path("introductions/<uuid:uuid>/", views.introduction, name="introduction"),
    path("sign-out/", views.sign_out, name="sign-out"),
]
