from tests.conftest import Cast, cast, client_for  # noqa: F401  (the same cast as the tests)
