"""The address of the person making a request, behind the proxies the portal is told it runs behind.

Behind a load balancer every request comes from the balancer's address; the client's is in
`X-Forwarded-For`, where each proxy appends the address it received the request from. Only the last
TRUSTED_PROXY_COUNT entries were written by proxies we run: anything to their left came from the
client and may be forged. So the client is the entry TRUSTED_PROXY_COUNT from the right. allauth
(ALLAUTH_TRUSTED_PROXY_COUNT) and django-ratelimit (RATELIMIT_IP_META_KEY) both read it this way.
"""

from django.conf import settings
from django.http import HttpResponseBadRequest


def forwarded_chain(request) -> list[str]:
    header = request.headers.get("x-forwarded-for", "")
    return [part.strip() for part in header.split(",") if part.strip()]


def client_ip(request) -> str:
    count = settings.TRUSTED_PROXY_COUNT
    chain = forwarded_chain(request)
    if count and len(chain) >= count:
        return chain[-count]
    return request.META.get("REMOTE_ADDR", "")


class TrustedProxyMiddleware:
    """Anyone: with TRUSTED_PROXY_COUNT set, a request whose X-Forwarded-For is shorter than the chain
    of proxies did not come through them all (someone reached a proxy behind the first): it is refused
    rather than counted under an address it chose."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        count = settings.TRUSTED_PROXY_COUNT
        if (
            count
            and request.headers.get("x-forwarded-for") is not None
            and len(forwarded_chain(request)) < count
        ):
            return HttpResponseBadRequest(
                "This request did not come through the service's proxies.\n", content_type="text/plain"
            )
        return self.get_response(request)
