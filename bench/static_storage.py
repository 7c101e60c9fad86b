"""The static files storage of the load benchmark (bench/settings_load.py says why): Django's
manifest storage (the same hashed names the pages link to in production) without
whitenoise's compression, which takes minutes on two cores and only matters for the static
files themselves (not measured here), and without the JavaScript source-map rewriting."""

from django.contrib.staticfiles.storage import ManifestStaticFilesStorage


class StaticStorage(ManifestStaticFilesStorage):
    patterns = tuple(
        (extension, rules)
        for extension, rules in ManifestStaticFilesStorage.patterns
        if extension != "*.js"
    )
