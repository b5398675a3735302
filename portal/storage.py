from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticStorage(CompressedManifestStaticFilesStorage):
    """Hashed, compressed static files; also rewrites `import ... from "..."` in our JavaScript modules
    so that they load the hashed copy of GOV.UK Frontend."""

    support_js_module_import_aggregation = True
