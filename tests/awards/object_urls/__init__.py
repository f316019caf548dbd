"""Object URLs of awards for the permission matrix in tests/test_permissions.py.

Each module here defines OBJECT_URLS in the same shape as that file's dict:
url name -> (make object of school A1 or office A from the `tree`, who may open it,
method, extra kwargs). One module per views module keeps authors out of each other's
way; tests/test_permissions.py merges them all."""

import importlib
import pkgutil


def collect():
    urls = {}
    for info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"{__name__}.{info.name}")
        overlap = set(urls) & set(module.OBJECT_URLS)
        assert not overlap, f"URL names listed twice: {overlap}"
        urls.update(module.OBJECT_URLS)
    return urls
