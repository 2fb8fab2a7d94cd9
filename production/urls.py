from django.urls import path

from production.views import calendar, products, recipes

# The kitchen pages that show orders (plan, capacity, today, shopping) are orders.kitchen_urls,
# joined to these in config/urls.py under the same namespace.
app_name = "production"
urlpatterns = [
    path("produk/", products.product_list, name="product_list"),
    path("produk/baru/", products.product_create, name="product_create"),
    path("produk/<int:pk>/ubah/", products.product_edit, name="product_edit"),
    path("kalender/", calendar.calendar_page, name="calendar"),
    path("kalender/<str:day>/", calendar.calendar_day, name="calendar_day"),
    path("resep/", recipes.recipes_page, name="recipes"),
    path("resep/<int:pk>/hapus/", recipes.recipe_delete, name="recipe_delete"),
]
