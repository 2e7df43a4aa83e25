from django.urls import path

from carehub.workers import views

app_name = "workers"

urlpatterns = [
    path("cases/", views.caseload, name="caseload"),
    path("cases/new-contact/", views.intake, name="intake"),
    path("cases/<uuid:uuid>/", views.case_detail, name="case-detail"),
    path("cases/<uuid:uuid>/status/", views.case_status, name="case-status"),
    path("cases/<uuid:uuid>/assign/", views.case_assign, name="case-assign"),
    path("cases/<uuid:uuid>/tasks/new/", views.task_create, name="task-create"),
    path("cases/<uuid:uuid>/tasks/<uuid:task>/done/", views.task_done, name="task-done"),
    path("cases/<uuid:uuid>/notes/new/", views.note_create, name="note-create"),
    path("cases/<uuid:uuid>/documents/new/", views.document_upload, name="document-upload"),
    path(
        "cases/<uuid:uuid>/documents/<uuid:document>/",
        views.document_download,
        name="document-download",
    ),
    path("cases/<uuid:uuid>/refer/", views.case_refer, name="case-refer"),
    path("cases/<uuid:uuid>/merge/<uuid:worker>/", views.case_merge, name="case-merge"),
    path("cases/<uuid:uuid>/follow-ups/<uuid:follow_up>/", views.follow_up, name="follow-up"),
    path("referrals/", views.referral_list, name="referral-list"),
    path("referrals/<uuid:uuid>/", views.referral_detail, name="referral-detail"),
]
