from django.urls import path

app_name = "production"
urlpatterns: list = []
