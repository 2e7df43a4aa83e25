from django.urls import path

from carehub.registers import views

app_name = "registers"

urlpatterns = [
    path("registers/sponsor-changes/", views.change_list, name="change-list"),
    path("registers/cqc-locations/", views.cqc_location_list, name="cqc-location-list"),
]
