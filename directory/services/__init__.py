"""The rules of the directory. Views and CLI call these; these call models, geo and search.

Services never touch ``request``, ``session`` or ``flash``; they raise ``ServiceError``
subclasses that the web layer turns into messages and status codes.
"""


class ServiceError(Exception):
    """A rule was broken; ``message`` is fit to show to the person who broke it."""

    code = "invalid"
    status = 400

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFound(ServiceError):
    code = "not_found"
    status = 404


class Gone(ServiceError):
    """It existed and is withdrawn on purpose (a suspended listing): answered 410."""

    code = "listing_unavailable"
    status = 410


class Forbidden(ServiceError):
    """The account may not do this (not an admin, or acting on its own profile)."""

    code = "forbidden"
    status = 403
