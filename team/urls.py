from django.urls import path

from team import views

app_name = "team"
urlpatterns = [
    path("", views.staff_list, name="staff_list"),
    path("<int:pk>/", views.staff_detail, name="staff_detail"),
    path("tautan/<uidb64>/<token>/", views.set_password, name="set_password"),
    path("tugas/", views.tasks, name="tasks"),
    path("tugas/<str:code>/konfirmasi/", views.confirm_order, name="confirm_order"),
    path("pesanan-baru/", views.new_orders, name="new_orders"),
    path("pesanan-baru/lihat/", views.seen_new_orders, name="seen_new_orders"),
    path("aktivitas/", views.activity, name="activity"),
]
