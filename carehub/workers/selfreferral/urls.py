from django.urls import path

from carehub.workers.selfreferral import views

app_name = "selfreferral"

urlpatterns = [
    path("", views.start, name="start"),
    path("privacy/", views.privacy, name="privacy"),
    path("check-your-answers/", views.check, name="check"),
    path("request-sent/", views.confirmation, name="confirmation"),
    path("<slug:slug>/", views.step, name="step"),
]
