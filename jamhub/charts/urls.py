from django.urls import path

from jamhub.charts import views

app_name = "charts"

urlpatterns = [
    path("charts/", views.chart, name="chart"),
    path("charts/how-charts-work/", views.how_charts_work, name="how"),
    path("charts/data/<str:period>.<str:fmt>", views.dump, name="dump"),
    path("charts/<str:period>/", views.chart, name="period"),
]
