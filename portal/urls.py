from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from innovations.sitemaps import InnovationSitemap
from innovations.views import api_docs
from portal import views
from portal.admin_site import admin_permission, central_team_index, staff_login
from portal.api import api
from portal.search.views import site_search

admin.site.login = staff_login
admin.site.has_permission = admin_permission
admin.site.site_header = "Central team"
admin.site.site_title = "Central team admin"
admin.site.index_title = "Curate the portal"
admin.site.index = central_team_index(admin.site.index)
admin.site.index_template = "admin/central_team_index.html"
# The menu is on the admin's home page; without the sidebar the lists have the width of the screen.
admin.site.enable_nav_sidebar = False

portal_patterns = (
    [
        path("", views.home, name="home"),
        path("account/", views.account, name="account"),
        path(
            "accessibility/",
            views.static_page,
            {"template_name": "portal/accessibility.html"},
            name="accessibility",
        ),
        path("cookies/", views.static_page, {"template_name": "portal/cookies.html"}, name="cookies"),
        path("privacy/", views.static_page, {"template_name": "portal/privacy.html"}, name="privacy"),
        path("search/", site_search, name="search"),
    ],
    "portal",
)

urlpatterns = [
    path("", include(portal_patterns)),
    path("", include("portal.advice.urls")),
    path("healthz", views.healthz, name="healthz"),
    # Browsers ask for /favicon.ico whatever the page says: send them to the portal's icon.
    path("favicon.ico", views.favicon, name="favicon"),
    path("innovations/", include("innovations.urls")),
    path("api/docs/", api_docs, name="api_docs"),
    path("api/", api.urls),
    path("sitemap.xml", sitemap, {"sitemaps": {"innovations": InnovationSitemap}}, name="sitemap"),
    path("mentoring/", include("mentoring.urls")),
    path("mentors/", include("mentoring.directory_urls")),
    path("awards/", include("awards.urls")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
]

handler500 = "portal.views.server_error"
