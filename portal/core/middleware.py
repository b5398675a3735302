"""Middleware that keeps control characters out of the portal at the door (see portal.core.text)."""

from django.http import JsonResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control

from portal.core.text import CONTROL_CHARACTERS, without_control_characters

ADDRESS_PROBLEM = (
    "The web address contains characters that cannot be part of a search or a page address "
    "(control characters). Check the address, or go back and try again."
)


class ControlCharacterMiddleware:
    """Anyone: an address whose path or query holds a control character gets 400 with a clear message
    (JSON under /api/); form fields have them removed before any view, form or admin sees them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if CONTROL_CHARACTERS.search(request.path) or any(
            CONTROL_CHARACTERS.search(key) or CONTROL_CHARACTERS.search(value)
            for key, values in request.GET.lists()
            for value in values
        ):
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": ADDRESS_PROBLEM}, status=400)
            return render(request, "400.html", {"reason": ADDRESS_PROBLEM}, status=400)
        if request.method == "POST" and any(
            CONTROL_CHARACTERS.search(value) for _key, values in request.POST.lists() for value in values
        ):
            cleaned = request.POST.copy()
            for key, values in request.POST.lists():
                cleaned.setlist(key, [without_control_characters(value) for value in values])
            cleaned._mutable = False
            request.POST = cleaned
        return self.get_response(request)


class PrivatePagesMiddleware:
    """Every page served to someone signed in is theirs alone: no shared cache or back-button copy
    may keep it (`Cache-Control: private, no-store`)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        return response
