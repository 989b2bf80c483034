from research.urls_comparison import urlpatterns as comparison_urlpatterns
from research.urls_qualitative import urlpatterns as qualitative_urlpatterns

app_name = "research"

urlpatterns = [*comparison_urlpatterns, *qualitative_urlpatterns]
