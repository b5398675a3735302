from django.contrib.sitemaps import Sitemap

from innovations.models import Innovation


class InnovationSitemap(Sitemap):
    """Every published innovation (Django splits the list into pages of 50,000)."""

    changefreq = "monthly"

    def items(self):
        return Innovation.objects.filter(entry__isnull=False).only("slug", "updated_at").order_by("id")

    def lastmod(self, item):
        return item.updated_at
