from people.access import access_for


def access(request):
    """Exposes the visitor's roles to templates, for menus only; views check access themselves."""
    return {"kring_access": access_for(getattr(request, "user", None))}
