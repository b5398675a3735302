from django.urls import path

from bench.textbook import textbook_search
from portal.urls import handler500
from portal.urls import urlpatterns as portal_urlpatterns

urlpatterns = [path("bench/textbook/innovations/", textbook_search), *portal_urlpatterns]

__all__ = ["urlpatterns", "handler500"]
