from django.urls import path

from production.views import calendar, capacity, plan, products, recipes, today

app_name = "production"
urlpatterns = [
    path("produk/", products.product_list, name="product_list"),
    path("produk/baru/", products.product_create, name="product_create"),
    path("produk/<int:pk>/ubah/", products.product_edit, name="product_edit"),
    path("kalender/", calendar.calendar_page, name="calendar"),
    path("kalender/<str:day>/", calendar.calendar_day, name="calendar_day"),
    path("kapasitas/", capacity.capacity_page, name="capacity"),
    path("rencana/", plan.plan_page, name="plan"),
    path("hari-ini/", today.today_page, name="today"),
    path("hari-ini/dibuat/", today.mark_made, name="today_made"),
    path("hari-ini/<str:code>/<str:step>/", today.mark_order, name="today_order"),
    path("resep/", recipes.recipes_page, name="recipes"),
    path("resep/<int:pk>/hapus/", recipes.recipe_delete, name="recipe_delete"),
    path("belanja/", recipes.shopping_page, name="shopping"),
]
