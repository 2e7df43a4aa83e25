from django.urls import URLPattern

app_name = "selfreferral"

urlpatterns: list[URLPattern] = []
